package com.hhcommerce.cart.messaging;

import com.hhcommerce.cart.api.CartChannels;
import com.hhcommerce.cart.api.CartCleared;
import com.hhcommerce.cart.api.CartItemsMissing;
import com.hhcommerce.cart.api.CartRestored;
import com.hhcommerce.cart.api.ClearCartCommand;
import com.hhcommerce.cart.api.RestoreCartCommand;
import com.hhcommerce.cart.domain.Carts;
import com.hhcommerce.platform.messaging.PingCommand;
import com.hhcommerce.platform.messaging.PingHandler;
import io.eventuate.tram.commands.consumer.CommandHandlers;
import io.eventuate.tram.commands.consumer.CommandMessage;
import io.eventuate.tram.messaging.common.Message;
import io.eventuate.tram.sagas.participant.SagaCommandHandlersBuilder;
import org.springframework.stereotype.Component;

import static io.eventuate.tram.commands.consumer.CommandHandlerReplyBuilder.withFailure;
import static io.eventuate.tram.commands.consumer.CommandHandlerReplyBuilder.withSuccess;

/** cart-service's inbox. Eventuate runs each handler in one transaction with its reply and dedup row. */
@Component
public class CartCommandHandler {

  private final Carts carts;
  private final PingHandler pingHandler;

  public CartCommandHandler(Carts carts, PingHandler pingHandler) {
    this.carts = carts;
    this.pingHandler = pingHandler;
  }

  public CommandHandlers commandHandlers() {
    return SagaCommandHandlersBuilder.fromChannel(CartChannels.COMMANDS)
        .onMessage(ClearCartCommand.class, this::clearCart)
        .onMessage(RestoreCartCommand.class, this::restoreCart)
        .onMessage(PingCommand.class, pingHandler::pong)
        .build();
  }

  Message clearCart(CommandMessage<ClearCartCommand> message) {
    ClearCartCommand c = message.getCommand();
    Carts.ClearResult result = carts.clear(c.orderId(), c.customerId(), c.lines());
    if (result instanceof Carts.Cleared cleared) {
      return withSuccess(new CartCleared(c.orderId(), cleared.linesRemoved()));
    }
    return withFailure(new CartItemsMissing(c.customerId(), ((Carts.Missing) result).productOptionIds()));
  }

  Message restoreCart(CommandMessage<RestoreCartCommand> message) {
    RestoreCartCommand c = message.getCommand();
    return withSuccess(new CartRestored(c.orderId(), carts.restore(c.orderId())));
  }
}

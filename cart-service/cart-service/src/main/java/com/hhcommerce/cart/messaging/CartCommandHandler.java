package com.hhcommerce.cart.messaging;

import com.hhcommerce.cart.api.CartAlreadyRestored;
import com.hhcommerce.cart.api.CartChannels;
import com.hhcommerce.cart.api.CartCleared;
import com.hhcommerce.cart.api.CartItemsMissing;
import com.hhcommerce.cart.api.CartRestored;
import com.hhcommerce.cart.api.ClearCartCommand;
import com.hhcommerce.cart.api.RestoreCartCommand;
import com.hhcommerce.cart.domain.Carts;
import com.hhcommerce.platform.messaging.PingCommand;
import com.hhcommerce.platform.messaging.PingHandler;
import com.hhcommerce.platform.messaging.Pong;
import io.eventuate.tram.commands.consumer.CommandMessage;
import io.eventuate.tram.commands.consumer.annotations.EventuateCommandHandler;
import org.springframework.stereotype.Component;

/**
 * cart-service's inbox: each command goes to the domain, whose result becomes the reply here.
 * Eventuate runs each handler in one transaction with its reply and its received_messages row; the
 * subscriber id (the Kafka consumer group and the duplicate-detection key) is the channel's name.
 */
@Component
public class CartCommandHandler {

  private final Carts carts;
  private final PingHandler pingHandler;

  public CartCommandHandler(Carts carts, PingHandler pingHandler) {
    this.carts = carts;
    this.pingHandler = pingHandler;
  }

  @EventuateCommandHandler(subscriberId = CartChannels.COMMANDS, channel = CartChannels.COMMANDS)
  public Object clearCart(CommandMessage<ClearCartCommand> message) {
    ClearCartCommand command = message.getCommand();
    Carts.ClearResult result = carts.clear(command.orderId(), command.customerId(), command.lines());
    if (result instanceof Carts.Cleared cleared) {
      return new CartCleared(command.orderId(), cleared.linesRemoved());
    }
    if (result instanceof Carts.Missing missing) {
      return new CartItemsMissing(command.customerId(), missing.productOptionIds());
    }
    return new CartAlreadyRestored(command.orderId());
  }

  @EventuateCommandHandler(subscriberId = CartChannels.COMMANDS, channel = CartChannels.COMMANDS)
  public CartRestored restoreCart(CommandMessage<RestoreCartCommand> message) {
    RestoreCartCommand command = message.getCommand();
    return new CartRestored(command.orderId(), carts.restore(command.orderId(), command.customerId()));
  }

  @EventuateCommandHandler(subscriberId = CartChannels.COMMANDS, channel = CartChannels.COMMANDS)
  public Pong ping(CommandMessage<PingCommand> message) {
    return pingHandler.pong();
  }
}

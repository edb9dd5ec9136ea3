package com.hhcommerce.cart.messaging;

import com.hhcommerce.cart.api.CartChannels;
import com.hhcommerce.platform.messaging.PingCommand;
import com.hhcommerce.platform.messaging.PingHandler;
import io.eventuate.tram.commands.consumer.CommandHandlers;
import io.eventuate.tram.sagas.participant.SagaCommandHandlersBuilder;
import org.springframework.stereotype.Component;

@Component
public class CartCommandHandler {

  private final PingHandler pingHandler;

  public CartCommandHandler(PingHandler pingHandler) {
    this.pingHandler = pingHandler;
  }

  public CommandHandlers commandHandlers() {
    return SagaCommandHandlersBuilder.fromChannel(CartChannels.COMMANDS)
        .onMessage(PingCommand.class, pingHandler::pong)
        .build();
  }
}

package com.hhcommerce.inventory.messaging;

import com.hhcommerce.inventory.api.InventoryChannels;
import com.hhcommerce.platform.messaging.PingCommand;
import com.hhcommerce.platform.messaging.PingHandler;
import io.eventuate.tram.commands.consumer.CommandHandlers;
import io.eventuate.tram.sagas.participant.SagaCommandHandlersBuilder;
import org.springframework.stereotype.Component;

@Component
public class InventoryCommandHandler {

  private final PingHandler pingHandler;

  public InventoryCommandHandler(PingHandler pingHandler) {
    this.pingHandler = pingHandler;
  }

  public CommandHandlers commandHandlers() {
    return SagaCommandHandlersBuilder.fromChannel(InventoryChannels.COMMANDS)
        .onMessage(PingCommand.class, pingHandler::pong)
        .build();
  }
}

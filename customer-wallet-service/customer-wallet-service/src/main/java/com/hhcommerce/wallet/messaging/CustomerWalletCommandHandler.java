package com.hhcommerce.wallet.messaging;

import com.hhcommerce.wallet.api.CustomerWalletChannels;
import com.hhcommerce.platform.messaging.PingCommand;
import com.hhcommerce.platform.messaging.PingHandler;
import io.eventuate.tram.commands.consumer.CommandHandlers;
import io.eventuate.tram.sagas.participant.SagaCommandHandlersBuilder;
import org.springframework.stereotype.Component;

@Component
public class CustomerWalletCommandHandler {

  private final PingHandler pingHandler;

  public CustomerWalletCommandHandler(PingHandler pingHandler) {
    this.pingHandler = pingHandler;
  }

  public CommandHandlers commandHandlers() {
    return SagaCommandHandlersBuilder.fromChannel(CustomerWalletChannels.COMMANDS)
        .onMessage(PingCommand.class, pingHandler::pong)
        .build();
  }
}

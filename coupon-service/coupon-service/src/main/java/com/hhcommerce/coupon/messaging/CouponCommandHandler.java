package com.hhcommerce.coupon.messaging;

import com.hhcommerce.coupon.api.CouponChannels;
import com.hhcommerce.platform.messaging.PingCommand;
import com.hhcommerce.platform.messaging.PingHandler;
import io.eventuate.tram.commands.consumer.CommandHandlers;
import io.eventuate.tram.sagas.participant.SagaCommandHandlersBuilder;
import org.springframework.stereotype.Component;

@Component
public class CouponCommandHandler {

  private final PingHandler pingHandler;

  public CouponCommandHandler(PingHandler pingHandler) {
    this.pingHandler = pingHandler;
  }

  public CommandHandlers commandHandlers() {
    return SagaCommandHandlersBuilder.fromChannel(CouponChannels.COMMANDS)
        .onMessage(PingCommand.class, pingHandler::pong)
        .build();
  }
}

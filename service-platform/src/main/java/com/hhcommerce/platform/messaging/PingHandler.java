package com.hhcommerce.platform.messaging;

import io.eventuate.tram.commands.consumer.CommandMessage;
import io.eventuate.tram.messaging.common.Message;

import static io.eventuate.tram.commands.consumer.CommandHandlerReplyBuilder.withSuccess;

/** Each participant registers this on its command channel next to its business commands. */
public class PingHandler {

  private final String serviceName;

  public PingHandler(String serviceName) {
    this.serviceName = serviceName;
  }

  public Message pong(CommandMessage<PingCommand> command) {
    return withSuccess(new Pong(serviceName, System.currentTimeMillis()));
  }
}

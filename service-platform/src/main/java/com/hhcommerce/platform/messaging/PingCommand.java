package com.hhcommerce.platform.messaging;

import io.eventuate.tram.commands.common.Command;

/** Crosses outbox, CDC and Kafka to a participant and back, to prove the bus works end to end. */
public record PingCommand(String sentBy) implements Command {
}

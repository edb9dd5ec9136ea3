package com.hhcommerce.platform.messaging;

import io.eventuate.tram.commands.consumer.annotations.SuccessReply;

/** The reply to {@link PingCommand}: which service answered and when (epoch millis). */
@SuccessReply
public record Pong(String service, long answeredAt) {
}

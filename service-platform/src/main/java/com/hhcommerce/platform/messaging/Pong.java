package com.hhcommerce.platform.messaging;

/** The reply to {@link PingCommand}: which service answered and when (epoch millis). */
public record Pong(String service, long answeredAt) {
}

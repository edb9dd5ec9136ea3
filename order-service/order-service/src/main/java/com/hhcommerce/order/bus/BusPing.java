package com.hhcommerce.order.bus;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;

/** A ping and, once it came back, who answered and the round trip in milliseconds. */
public record BusPing(long id, String participant, String channel, String commandId, Instant sentAt,
                      String answeredBy, Instant repliedAt, int replies) {

  @JsonProperty
  public Long roundTripMillis() {
    return repliedAt == null ? null : repliedAt.toEpochMilli() - sentAt.toEpochMilli();
  }

  @JsonProperty
  public String status() {
    return repliedAt == null ? "WAITING" : "ANSWERED";
  }
}

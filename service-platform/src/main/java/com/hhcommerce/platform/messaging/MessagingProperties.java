package com.hhcommerce.platform.messaging;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * How every service handles the messages it consumes (hh.messaging.*). The defaults are here, not in
 * hh-platform.properties, so that a service's own application.properties can change them (ranking-service does).
 *
 * @param retry how a handler's transient failure is retried (ResilientMessageHandling)
 * @param swimlanesPerPartition how many messages of one Kafka partition a consumer handles at once, each of another key
 */
@Validated
@ConfigurationProperties("hh.messaging")
public record MessagingProperties(@Valid @NotNull @DefaultValue Retry retry, @Positive @DefaultValue("8") int swimlanesPerPartition) {

  /**
   * A handler's transient failure (no connection, deadlock, lock timeout) is tried again after a back-off that doubles
   * from the first to the max; once the attempts are spent the consumer stops rather than park every message.
   *
   * @param maxAttempts attempts of one message, the first included
   * @param firstBackOff the wait before the second attempt
   * @param maxBackOff the longest wait between two attempts
   */
  public record Retry(@Positive @DefaultValue("60") int maxAttempts,
                      @NotNull @DurationMin(millis = 1) @DefaultValue("200ms") Duration firstBackOff,
                      @NotNull @DurationMin(millis = 1) @DefaultValue("15s") Duration maxBackOff) {
  }
}

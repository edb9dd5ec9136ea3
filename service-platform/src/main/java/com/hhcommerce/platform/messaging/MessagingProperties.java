package com.hhcommerce.platform.messaging;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.hibernate.validator.constraints.time.DurationMax;
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
 * @param stuckAfter how long one message may be retried before its consumer counts as stuck: not ready, and
 *                   hh_messages_consumer_stuck{reason="retrying"} is 1 (ConsumerHealth); the retries go on
 * @param lagInterval how often each subscriber's consumer lag is asked of the broker (ConsumerLag)
 * @param offsetCommitInterval how often at most a consumer commits the offsets it has handled, under load
 *                             (ConfiguredPollTimeout); 0 commits after every poll, as Eventuate does
 */
@Validated
@ConfigurationProperties("hh.messaging")
public record MessagingProperties(@Valid @NotNull @DefaultValue Retry retry, @Positive @DefaultValue("8") int swimlanesPerPartition,
                                  @NotNull @DurationMin(millis = 1) @DefaultValue("30s") Duration stuckAfter,
                                  @NotNull @DurationMin(seconds = 1) @DefaultValue("15s") Duration lagInterval,
                                  @NotNull @DurationMin(millis = 0) @DurationMax(minutes = 10) @DefaultValue("1s") Duration offsetCommitInterval) {

  /**
   * A handler's transient failure (no connection, deadlock, lock timeout, a database that cannot write for now) is tried
   * again, for as long as it lasts, after a back-off that doubles from the first to the max.
   *
   * @param firstBackOff the wait before the second attempt
   * @param maxBackOff the longest wait between two attempts
   */
  public record Retry(@NotNull @DurationMin(millis = 1) @DefaultValue("200ms") Duration firstBackOff,
                      @NotNull @DurationMin(millis = 1) @DefaultValue("15s") Duration maxBackOff) {
  }
}

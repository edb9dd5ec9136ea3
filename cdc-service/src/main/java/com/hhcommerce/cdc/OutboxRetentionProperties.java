package com.hhcommerce.cdc;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.ConstructorBinding;

import java.time.Duration;
import java.util.Objects;

/**
 * The deletion of the outboxes' published rows (hh.cdc.outbox-retention.*; {@link OutboxRetention}). The values, each
 * with its environment variable, are in application.properties.
 *
 * @param keep how old a published row is at least when it is deleted, kept a while for a person looking at what a
 * service sent (HH_CDC_OUTBOX_KEEP)
 * @param interval how often a round runs (HH_CDC_OUTBOX_RETENTION_INTERVAL)
 * @param maxRowsPerRound rows of one outbox deleted at most per round (HH_CDC_OUTBOX_RETENTION_MAX_ROWS)
 */
@ConstructorBinding
@ConfigurationProperties("hh.cdc.outbox-retention")
public record OutboxRetentionProperties(Duration keep, Duration interval, Integer maxRowsPerRound) {

  public OutboxRetentionProperties {
    Objects.requireNonNull(keep, "hh.cdc.outbox-retention.keep is not set");
    Objects.requireNonNull(interval, "hh.cdc.outbox-retention.interval is not set");
    Objects.requireNonNull(maxRowsPerRound, "hh.cdc.outbox-retention.max-rows-per-round is not set");
  }
}

package com.hhcommerce.platform.retention;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Rows of one table that a service keeps for a while and then deletes: {@link TableRetention} runs every rule of
 * the service, a batch at a time, so that no delete holds a table long. A rule must be idempotent: several
 * instances of a service may run it at once.
 */
public interface RetentionRule {

  /** The table, as named in metrics and logs. */
  String table();

  /** How long a row is kept (at least: see {@link #keepThisRound()}). */
  Duration keep();

  /**
   * How long a row is kept in this round; empty: delete nothing this round (e.g. a rule covering
   * {@link RedeliveryWindow} while Kafka cannot be asked).
   */
  default Optional<Duration> keepThisRound() {
    return Optional.of(keep());
  }

  /**
   * Deletes at most {@code batchSize} rows that ended before {@code cutoff}, inside the transaction the caller runs it
   * in; returns how many it deleted.
   */
  int deleteBatch(Instant cutoff, int batchSize);
}

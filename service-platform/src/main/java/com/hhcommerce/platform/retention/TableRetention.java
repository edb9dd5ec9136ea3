package com.hhcommerce.platform.retention;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionOperations;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Runs the service's retention rules every {@code hh.retention.interval} ({@link RetentionProperties}): each deletes
 * its old rows in batches of {@code hh.retention.batch-size}, one short transaction per batch, until a batch deletes
 * nothing. The transactions are READ COMMITTED, so a delete locks only the old rows it deletes, never the gaps beside
 * them: under MySQL's default REPEATABLE READ a range delete also locks the gap where new rows go, and an order placed
 * at that moment deadlocked with it (RetentionIT caught it). Deleted rows are counted per table
 * ({@code hh_retention_deleted_rows_total}).
 */
public class TableRetention {

  private static final Logger log = LoggerFactory.getLogger(TableRetention.class);

  private final List<RetentionRule> rules;
  private final Clock clock;
  private final MeterRegistry meters;
  private final int batchSize;
  private final TransactionOperations batches;

  /** @param batches runs one batch: a READ COMMITTED transaction */
  public TableRetention(List<RetentionRule> rules, TransactionOperations batches, Clock clock, MeterRegistry meters, int batchSize) {
    this.rules = rules;
    this.batches = batches;
    this.clock = clock;
    this.meters = meters;
    this.batchSize = batchSize;
  }

  /** Runs every rule; scheduled by RetentionAutoConfiguration. */
  public void deleteOldRows() {
    for (RetentionRule rule : rules) {
      try {
        deleteOldRows(rule);
      } catch (RuntimeException e) {
        log.warn("Retention of {} failed; it runs again in the next interval", rule.table(), e);
      }
    }
  }

  /** Deletes every row of the rule older than its keep period; returns how many. */
  public long deleteOldRows(RetentionRule rule) {
    Optional<Duration> keep = rule.keepThisRound();
    Instant now = clock.instant();
    // a row older than the epoch does not exist, and a longer keep would not make an Instant
    if (keep.isEmpty() || keep.get().compareTo(Duration.between(Instant.EPOCH, now)) >= 0) {
      log.debug("Retention of {} deletes nothing this round (kept {})", rule.table(), keep.map(Duration::toString).orElse("until known"));
      return 0;
    }
    Instant cutoff = now.minus(keep.get());
    Counter counter = meters.counter("hh.retention.deleted.rows", "table", rule.table());
    long total = 0;
    int deleted;
    do {
      deleted = batches.execute(status -> rule.deleteBatch(cutoff, batchSize));
      counter.increment(deleted);
      total += deleted;
    } while (deleted > 0);
    if (total > 0) {
      log.info("Retention: deleted {} rows of {} older than {}", total, rule.table(), keep.get());
    }
    return total;
  }
}

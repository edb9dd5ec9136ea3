package com.hhcommerce.platform.retention;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionOperations;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TableRetentionTest {

  private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

  /** A table of 2,500 old rows that hands out at most a batch per call and records the cutoffs it was asked for. */
  private static final class OldTable implements RetentionRule {
    int rows = 2_500;
    final List<Instant> cutoffs = new ArrayList<>();
    boolean failing;

    @Override
    public String table() {
      return "old_table";
    }

    @Override
    public Duration keep() {
      return Duration.ofDays(8);
    }

    @Override
    public int deleteBatch(Instant cutoff, int batchSize) {
      if (failing) {
        throw new IllegalStateException("database down");
      }
      cutoffs.add(cutoff);
      int deleted = Math.min(rows, batchSize);
      rows -= deleted;
      return deleted;
    }
  }

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @Test
  void deletesBatchesUntilOneDeletesNothingAndCountsTheRows() {
    OldTable table = new OldTable();
    TableRetention retention = new TableRetention(List.of(table), TransactionOperations.withoutTransaction(), Clock.fixed(NOW, ZoneOffset.UTC), meters, 1_000);

    retention.deleteOldRows();

    assertThat(table.rows).isZero();
    assertThat(table.cutoffs).as("1000, 1000, 500, then an empty batch").hasSize(4)
        .containsOnly(NOW.minus(Duration.ofDays(8)));
    assertThat(meters.counter("hh.retention.deleted.rows", "table", "old_table").count()).isEqualTo(2_500);
  }

  @Test
  void aFailingRuleDoesNotStopTheOthers() {
    OldTable failing = new OldTable();
    failing.failing = true;
    OldTable working = new OldTable();
    TableRetention retention = new TableRetention(List.of(failing, working), TransactionOperations.withoutTransaction(), Clock.fixed(NOW, ZoneOffset.UTC), meters, 1_000);

    retention.deleteOldRows();

    assertThat(failing.rows).isEqualTo(2_500);
    assertThat(working.rows).isZero();
  }
}

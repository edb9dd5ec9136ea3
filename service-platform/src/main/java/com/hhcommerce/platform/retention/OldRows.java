package com.hhcommerce.platform.retention;

import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

/** A rule that is one delete: the rows whose time column is before the cutoff. */
public final class OldRows implements RetentionRule {

  private final JdbcClient jdbc;
  private final String table;
  private final Duration keep;
  private final String delete;
  private final Function<Instant, Object> cutoffValue;

  private OldRows(JdbcClient jdbc, String table, Duration keep, String condition, Function<Instant, Object> cutoffValue) {
    this.jdbc = jdbc;
    this.table = table;
    this.keep = keep;
    this.delete = "DELETE FROM " + table + " WHERE " + condition + " LIMIT ?";
    this.cutoffValue = cutoffValue;
  }

  /** Rows whose DATETIME {@code column} (UTC) is before the cutoff; a NULL time is never deleted. */
  public static OldRows byTime(JdbcClient jdbc, String table, String column, Duration keep) {
    return new OldRows(jdbc, table, keep, column + " < ?", cutoff -> cutoff);
  }

  /** Rows whose {@code column} holds epoch milliseconds (as Eventuate's tables do) before the cutoff. */
  public static OldRows byEpochMillis(JdbcClient jdbc, String table, String column, Duration keep) {
    return new OldRows(jdbc, table, keep, column + " < ?", Instant::toEpochMilli);
  }

  @Override
  public String table() {
    return table;
  }

  @Override
  public Duration keep() {
    return keep;
  }

  @Override
  public int deleteBatch(Instant cutoff, int batchSize) {
    return jdbc.sql(delete).param(cutoffValue.apply(cutoff)).param(batchSize).update();
  }
}

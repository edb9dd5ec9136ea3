package com.hhcommerce.benchmark;

import com.hhcommerce.stack.LocalStack;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/** Counts on the stack's databases through the admin connection, and waiting for one to reach zero. */
final class StackQueries {

  private StackQueries() {
  }

  /** The number a {@code SELECT COUNT(*)} query answers. */
  static long count(LocalStack stack, String sql) throws SQLException {
    try (Connection admin = stack.adminConnection(); Statement statement = admin.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Polls the count until it is zero (true) or the time is up (false): work in flight draining. */
  static boolean awaitNone(LocalStack stack, String countSql, Duration atMost) throws Exception {
    Instant deadline = Instant.now().plus(atMost);
    while (Instant.now().isBefore(deadline)) {
      if (count(stack, countSql) == 0) {
        return true;
      }
      TimeUnit.MILLISECONDS.sleep(200);
    }
    return false;
  }

  /** Rows of the table whose time column lies in [from, to) and that meet the condition. */
  static long rowsBetween(Connection admin, String table, String timeColumn, String condition, Instant from, Instant to)
      throws SQLException {
    try (PreparedStatement statement = admin.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE " + condition
        + " AND " + timeColumn + " >= ? AND " + timeColumn + " < ?")) {
      statement.setTimestamp(1, Timestamp.from(from));
      statement.setTimestamp(2, Timestamp.from(to));
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}

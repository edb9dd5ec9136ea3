package com.hhcommerce.benchmark;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * {@code ./stack bench --prefill N}: before the ladder, fills the tables that grow with every order as a shop that had
 * been running for a while would have them: N rows in each service's outbox and duplicate-detection table, N
 * step-log entries and a tenth as many ended orders with their saga instances. The rows keep out of the binlog
 * (sql_log_bin=0), so the CDC never publishes them, are young enough that retention keeps them through the run, and
 * keep the invariant audit's laws. MariaDB only (its sequence engine counts the rows).
 */
final class HistoryPrefill {

  private static final List<String> OUTBOX_SERVICES = List.of("order_service", "inventory_service", "coupon_service",
      "customer_wallet_service", "cart_service");
  private static final int CHUNK = 100_000;
  private static final String PAYLOAD = "{\"orderId\":1,\"lines\":[{\"productOptionId\":1,\"quantity\":1}],\"note\":\"history\"}";
  private static final String HEADERS = "{\"command_type\":\"history\",\"command_saga_type\":\"create-order-saga\",\"PARTITION_ID\":\"history\"}";

  private HistoryPrefill() {
  }

  static void fill(Connection admin, long rows) throws SQLException {
    try (Statement sql = admin.createStatement()) {
      sql.execute("SET SESSION sql_log_bin = 0");
      sql.execute("USE order_service");
      for (String service : OUTBOX_SERVICES) {
        inChunks(sql, rows, (from, to) -> """
            INSERT INTO %s.message (id, destination, headers, payload, published, creation_time)
            SELECT CONCAT('0000000000000000-', LPAD(seq, 16, '0')), 'history', '%s', '%s', 0, UNIX_TIMESTAMP(NOW(3)) * 1000
            FROM seq_%d_to_%d""".formatted(service, HEADERS, PAYLOAD, from, to));
        inChunks(sql, rows, (from, to) -> """
            INSERT INTO %s.received_messages (consumer_id, message_id, creation_time)
            SELECT 'history', CONCAT('0000000000000000-', LPAD(seq, 16, '0')), UNIX_TIMESTAMP(NOW(3)) * 1000
            FROM seq_%d_to_%d""".formatted(service, from, to));
      }
      long orders = Math.max(1, rows / 10);
      long firstOrder = 1 + single(sql, "SELECT COALESCE(MAX(id), 0) + 1000000 FROM order_service.orders");
      inChunks(sql, orders, (from, to) -> """
          INSERT INTO order_service.orders (id, customer_id, saga_state, status, saga_id, correlation_id, subtotal, discount, paid_with_points)
          SELECT %d + seq, -CAST(seq AS SIGNED), 'COMPLETED', 'CONFIRMED', CONCAT('history-', seq), CONCAT('history-', seq), 0, 0, 0
          FROM seq_%d_to_%d""".formatted(firstOrder, from, to));
      inChunks(sql, orders, (from, to) -> """
          INSERT INTO order_service.saga_instance (saga_type, saga_id, state_name, last_request_id, end_state, compensating,
            failed, saga_data_type, saga_data_json)
          SELECT 'create-order-saga', CONCAT('history-', seq), 'history', NULL, 1, 0, 0, 'history', '{}'
          FROM seq_%d_to_%d""".formatted(from, to));
      inChunks(sql, rows, (from, to) -> """
          INSERT INTO order_service.saga_step_log (order_id, saga_id, step, compensation, kind, participant, message_type, outcome)
          SELECT %d + (seq - 1) DIV 10 + 1, CONCAT('history-', (seq - 1) DIV 10 + 1), 'history', FALSE, 'REPLY',
            'history', 'History', 'SUCCESS'
          FROM seq_%d_to_%d""".formatted(firstOrder, from, to));
      sql.execute("SET SESSION sql_log_bin = 1");
    }
  }

  private interface ChunkInsert {
    String sql(long from, long to);
  }

  private static void inChunks(Statement sql, long rows, ChunkInsert insert) throws SQLException {
    for (long from = 1; from <= rows; from += CHUNK) {
      sql.executeUpdate(insert.sql(from, Math.min(rows, from + CHUNK - 1)));
    }
  }

  private static long single(Statement sql, String query) throws SQLException {
    try (var result = sql.executeQuery(query)) {
      result.next();
      return result.getLong(1);
    }
  }
}

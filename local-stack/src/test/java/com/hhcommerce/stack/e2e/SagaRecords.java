package com.hhcommerce.stack.e2e;

import java.sql.SQLException;
import java.util.List;

/** What order-service recorded of a saga, read from its tables: what a redelivered reply must leave as it was. */
final class SagaRecords {

  private SagaRecords() {
  }

  /** The saga's step log, an entry a line. */
  static List<String> timeline(long orderId) {
    return rows("SELECT CONCAT_WS(' ', kind, step, message_type, outcome, message_id) FROM order_service.saga_step_log"
        + " WHERE order_id = ? ORDER BY id", orderId);
  }

  /** order-service's outbox rows announcing the order's end (OrderConfirmed, OrderRejected), kept an hour after publishing. */
  static long announcements(long orderId) {
    // the aggregate id compared as a number: the header's JSON text and the parameter need no common collation
    return Long.parseLong(rows("SELECT COUNT(*) FROM order_service.message WHERE destination = 'order-events'"
        + " AND CAST(JSON_VALUE(headers, '$.\"event-aggregate-id\"') AS UNSIGNED) = ?", orderId).get(0));
  }

  private static List<String> rows(String sql, long orderId) {
    try {
      return RealStack.rows(sql, orderId);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}

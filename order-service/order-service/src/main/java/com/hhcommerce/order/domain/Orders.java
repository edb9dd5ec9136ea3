package com.hhcommerce.order.domain;

import com.hhcommerce.inventory.api.ReservedLine;
import com.hhcommerce.order.messaging.OrderEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;

/**
 * The orders table and every change the saga makes to it. Saga steps call these inside the saga's own
 * transaction, so an order's state always moves together with the saga instance and its next command.
 */
@Repository
public class Orders {

  private final JdbcClient jdbc;
  private final OrderEventPublisher events;

  public Orders(JdbcClient jdbc, OrderEventPublisher events) {
    this.jdbc = jdbc;
    this.events = events;
  }

  public record NewOrder(long customerId, List<OrderLine> lines, Long userCouponId, String correlationId,
                         String idempotencyKey, String requestHash) {
  }

  /** Inserts the order PENDING (STARTED); the unique keys refuse a second order in flight or a reused key. */
  public long createPending(NewOrder order) {
    GeneratedKeyHolder key = new GeneratedKeyHolder();
    jdbc.sql("""
            INSERT INTO orders (customer_id, saga_state, status, user_coupon_id, correlation_id, idempotency_key,
                                request_hash, in_flight_customer_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
        .params(order.customerId(), SagaState.STARTED.name(), OrderStatus.PROCESSING.name(), order.userCouponId(),
            order.correlationId(), order.idempotencyKey(), order.requestHash(), order.customerId())
        .update(key, "id");
    long orderId = key.getKey().longValue();
    for (OrderLine line : order.lines()) {
      jdbc.sql("INSERT INTO order_line (order_id, product_option_id, quantity) VALUES (?, ?, ?)")
          .params(orderId, line.productOptionId(), line.quantity()).update();
    }
    return orderId;
  }

  public void attachSaga(long orderId, String sagaId) {
    jdbc.sql("UPDATE orders SET saga_id = ? WHERE id = ?").params(sagaId, orderId).update();
  }

  public Optional<Order> find(long id) {
    return jdbc.sql("SELECT * FROM orders WHERE id = ?").param(id).query(Orders::order).optional().map(this::withLines);
  }

  public List<Order> ofCustomer(long customerId, int limit) {
    return jdbc.sql("SELECT * FROM orders WHERE customer_id = ? ORDER BY id DESC LIMIT ?").params(customerId, limit)
        .query(Orders::order).list().stream().map(this::withLines).toList();
  }

  public Optional<Order> byIdempotencyKey(long customerId, String idempotencyKey) {
    return jdbc.sql("SELECT * FROM orders WHERE customer_id = ? AND idempotency_key = ?").params(customerId, idempotencyKey)
        .query(Orders::order).optional().map(this::withLines);
  }

  public Optional<Order> inFlight(long customerId) {
    return jdbc.sql("SELECT * FROM orders WHERE in_flight_customer_id = ?").param(customerId)
        .query(Orders::order).optional().map(this::withLines);
  }

  /** Prices the lines with inventory's names and unit prices and records the subtotal. */
  public void stockReserved(long orderId, List<ReservedLine> reserved, long subtotal) {
    for (ReservedLine line : reserved) {
      jdbc.sql("UPDATE order_line SET product_name = ?, option_name = ?, unit_price = ? WHERE order_id = ? AND product_option_id = ?")
          .params(line.productName(), line.optionName(), line.unitPrice(), orderId, line.productOptionId()).update();
    }
    jdbc.sql("UPDATE orders SET subtotal = ?, saga_state = ? WHERE id = ?").params(subtotal, SagaState.STOCK_RESERVED.name(), orderId).update();
  }

  public void couponUsed(long orderId, long discount) {
    jdbc.sql("UPDATE orders SET discount = ?, saga_state = ? WHERE id = ?").params(discount, SagaState.COUPON_USED.name(), orderId).update();
  }

  public void pointsDeducted(long orderId, long points) {
    jdbc.sql("UPDATE orders SET paid_with_points = ?, saga_state = ? WHERE id = ?").params(points, SagaState.POINT_DEDUCTED.name(), orderId).update();
  }

  public void cartCleared(long orderId) {
    jdbc.sql("UPDATE orders SET saga_state = ? WHERE id = ?").params(SagaState.CART_CLEARED.name(), orderId).update();
  }

  /** A step failed: the customer sees FAILED at once, with the reason, while the compensations run. */
  public void compensating(long orderId, OrderFailure failure) {
    jdbc.sql("UPDATE orders SET saga_state = ?, status = ?, failure_code = ?, failure_reason = ? WHERE id = ?")
        .params(SagaState.COMPENSATING.name(), OrderStatus.FAILED.name(), failure.code(), failure.reason(), orderId).update();
  }

  /** The last step: confirmed, the customer may order again, and OrderConfirmed leaves through the outbox. */
  public Order confirm(long orderId) {
    end(orderId, SagaState.COMPLETED);
    Order order = find(orderId).orElseThrow();
    events.confirmed(order);
    return order;
  }

  /** Every compensation has run: FAILED with its reason, the customer may order again, OrderRejected is published. */
  public Order reject(long orderId, OrderFailure failure) {
    jdbc.sql("UPDATE orders SET failure_code = COALESCE(failure_code, ?), failure_reason = COALESCE(failure_reason, ?) WHERE id = ?")
        .params(failure.code(), failure.reason(), orderId).update();
    end(orderId, SagaState.COMPENSATED);
    Order order = find(orderId).orElseThrow();
    events.rejected(order);
    return order;
  }

  /** A compensation itself failed: the order needs a person (issue 4's console lists these). */
  public Order compensationFailed(long orderId) {
    end(orderId, SagaState.COMPENSATION_FAILED);
    return find(orderId).orElseThrow();
  }

  private void end(long orderId, SagaState state) {
    jdbc.sql("UPDATE orders SET saga_state = ?, status = ?, in_flight_customer_id = NULL WHERE id = ?")
        .params(state.name(), state.customerStatus().name(), orderId).update();
  }

  /**
   * Lines are read after the order's result set is closed: a query nested in a row mapper would need a
   * second pooled connection outside a transaction, and under load every thread waits for one.
   */
  private Order withLines(Order order) {
    List<OrderLine> lines = jdbc.sql("SELECT * FROM order_line WHERE order_id = ? ORDER BY product_option_id").param(order.id())
        .query((rs, i) -> new OrderLine(rs.getLong("product_option_id"), rs.getInt("quantity"), rs.getString("product_name"),
            rs.getString("option_name"), rs.getObject("unit_price", Long.class)))
        .list();
    return new Order(order.id(), order.customerId(), order.sagaState(), order.status(), order.userCouponId(), order.subtotal(),
        order.discount(), order.paidWithPoints(), order.failureCode(), order.failureReason(), order.sagaId(), order.correlationId(),
        order.idempotencyKey(), order.requestHash(), order.createdAt(), order.updatedAt(), lines);
  }

  private static Order order(ResultSet rs, int row) throws SQLException {
    long id = rs.getLong("id");
    return new Order(id, rs.getLong("customer_id"), SagaState.valueOf(rs.getString("saga_state")),
        OrderStatus.valueOf(rs.getString("status")), rs.getObject("user_coupon_id", Long.class),
        rs.getObject("subtotal", Long.class), rs.getObject("discount", Long.class), rs.getObject("paid_with_points", Long.class),
        rs.getString("failure_code"), rs.getString("failure_reason"), rs.getString("saga_id"), rs.getString("correlation_id"),
        rs.getString("idempotency_key"), rs.getString("request_hash"), instant(rs.getTimestamp("created_at")),
        instant(rs.getTimestamp("updated_at")), List.of());
  }

  private static java.time.Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}

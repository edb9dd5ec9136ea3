package com.hhcommerce.order.domain;

import com.hhcommerce.order.api.SagaState;
import com.hhcommerce.order.api.OrderStatus;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static com.hhcommerce.order.api.SagaState.CART_CLEARED;
import static com.hhcommerce.order.api.SagaState.COMPENSATED;
import static com.hhcommerce.order.api.SagaState.COMPENSATING;
import static com.hhcommerce.order.api.SagaState.COMPENSATION_FAILED;
import static com.hhcommerce.order.api.SagaState.COMPLETED;
import static com.hhcommerce.order.api.SagaState.COUPON_USED;
import static com.hhcommerce.order.api.SagaState.POINT_DEDUCTED;
import static com.hhcommerce.order.api.SagaState.STARTED;
import static com.hhcommerce.order.api.SagaState.STOCK_RESERVED;

/**
 * The orders table: the only code that writes it or reads its rows (a table module: guarded SQL, records as
 * values). Every change of state is a guarded transition ({@code UPDATE … WHERE saga_state IN (the states
 * OrderStateMachine allows it from)}) that fails loudly from any other state. Saga steps call these inside the
 * saga's own transaction, so an order's state always moves together with the saga instance and its next command;
 * an outcome is one call: the transition, its event in the outbox, and {@link OrderLifeEvents} for the step log
 * and the metrics.
 */
@Repository
public class Orders {

  /** SQL condition on orders.saga_state (unqualified or as {@code o.saga_state}): the saga has not ended. */
  public static final String NOT_ENDED = "saga_state NOT IN " + SagaState.finalStatesSqlList();

  private final JdbcClient jdbc;
  private final OrderOutbox outbox;
  private final ApplicationEventPublisher listeners;

  public Orders(JdbcClient jdbc, OrderOutbox outbox, ApplicationEventPublisher listeners) {
    this.jdbc = jdbc;
    this.outbox = outbox;
    this.listeners = listeners;
  }

  public record NewOrder(long customerId, List<OrderItem> items, Long userCouponId, String correlationId,
                         String idempotencyKey, String requestHash) {
  }

  /** Inserts the order STARTED; the unique keys refuse a second order in flight or a reused key. */
  public long create(NewOrder order) {
    GeneratedKeyHolder key = new GeneratedKeyHolder();
    jdbc.sql("""
            INSERT INTO orders (customer_id, saga_state, status, user_coupon_id, correlation_id, idempotency_key,
                                request_hash, in_flight_customer_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
        .params(order.customerId(), STARTED.name(), STARTED.customerStatus().name(), order.userCouponId(),
            order.correlationId(), order.idempotencyKey(), order.requestHash(), order.customerId())
        .update(key, "id");
    long orderId = key.getKey().longValue();
    for (OrderItem item : order.items()) {
      jdbc.sql("INSERT INTO order_line (order_id, product_option_id, quantity) VALUES (?, ?, ?)")
          .params(orderId, item.productOptionId(), item.quantity()).update();
    }
    return orderId;
  }

  /** The saga that places the order has started, in the transaction that created the order. */
  public void sagaStarted(long orderId, String sagaId) {
    expectOne(jdbc.sql("UPDATE orders SET saga_id = ? WHERE id = ? AND saga_id IS NULL").params(sagaId, orderId).update(),
        orderId, "attach saga " + sagaId);
    listeners.publishEvent(new OrderLifeEvents.SagaStarted(orderId, sagaId));
  }

  public Optional<Order> find(long id) {
    return jdbc.sql("SELECT * FROM orders WHERE id = ?").param(id).query(Orders::order).optional().map(this::withLines);
  }

  public List<Order> ofCustomer(long customerId, int offset, int limit) {
    return jdbc.sql("SELECT * FROM orders WHERE customer_id = ? ORDER BY id DESC LIMIT ? OFFSET ?").params(customerId, limit, offset)
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

  public Optional<String> sagaIdOf(long orderId) {
    return jdbc.sql("SELECT saga_id FROM orders WHERE id = ?").param(orderId).query(String.class).optional();
  }

  public Optional<Long> orderIdOfSaga(String sagaId) {
    return jdbc.sql("SELECT id FROM orders WHERE saga_id = ?").param(sagaId).query(Long.class).optional();
  }

  public long countInFlight() {
    return jdbc.sql("SELECT COUNT(*) FROM orders WHERE " + NOT_ENDED).query(Long.class).single();
  }

  public Optional<Instant> oldestInFlightSince() {
    return jdbc.sql("SELECT MIN(created_at) FROM orders WHERE " + NOT_ENDED).query(Timestamp.class).optional().map(Timestamp::toInstant);
  }

  /** An ended order whose saga history (instance, step log) is still kept. */
  public record EndedSaga(long orderId, String sagaId) {
  }

  /** Ended orders, oldest end first, whose saga history is kept and which ended before {@code cutoff}. */
  public List<EndedSaga> endedWithHistoryBefore(Instant cutoff, int limit) {
    return jdbc.sql("SELECT id, saga_id FROM orders WHERE saga_history_deleted = FALSE AND updated_at < ? AND NOT ("
            + NOT_ENDED + ") ORDER BY updated_at LIMIT ?")
        .params(cutoff, limit).query((rs, row) -> new EndedSaga(rs.getLong("id"), rs.getString("saga_id"))).list();
  }

  /** Records that these orders' saga history is deleted; their end time stays as it was. */
  public void sagaHistoryDeleted(Collection<Long> orderIds) {
    jdbc.sql("UPDATE orders SET saga_history_deleted = TRUE, updated_at = updated_at WHERE id IN (:ids)")
        .param("ids", orderIds).update();
  }

  // the saga's transitions, in the order the saga makes them

  /** First: the ordered items have left the cart (kept aside to be restored if the order fails). */
  public void cartCleared(long orderId) {
    transition(orderId, CART_CLEARED, null);
  }

  /** Prices the lines with inventory's names and unit prices and records the subtotal. */
  public void stockReserved(long orderId, List<OrderLine> priced, long subtotal) {
    transition(orderId, STOCK_RESERVED, "subtotal = ?", subtotal);
    for (OrderLine line : priced) {
      jdbc.sql("UPDATE order_line SET product_name = ?, option_name = ?, unit_price = ? WHERE order_id = ? AND product_option_id = ?")
          .params(line.productName(), line.optionName(), line.unitPrice(), orderId, line.productOptionId()).update();
    }
  }

  public void couponUsed(long orderId, long discount) {
    transition(orderId, COUPON_USED, "discount = ?", discount);
  }

  public void pointsDeducted(long orderId, long points) {
    transition(orderId, POINT_DEDUCTED, "paid_with_points = ?", points);
  }

  /** The last step: confirmed, OrderConfirmed in the outbox, and the customer may order again. */
  public void confirm(long orderId) {
    transition(orderId, COMPLETED, null);
    Order confirmed = find(orderId).orElseThrow();
    outbox.confirmed(confirmed);
    listeners.publishEvent(new OrderLifeEvents.Ended(confirmed));
  }

  /** A step failed (or the saga was stopped): the customer sees FAILED at once, with the reason, while the compensations run. */
  public void compensating(long orderId, OrderFailure failure) {
    transition(orderId, COMPENSATING, "failure_code = ?, failure_reason = ?", failure.code(), failure.reason());
  }

  /** Every compensation has run: FAILED with the reason recorded when compensation began, OrderRejected in the outbox. */
  public void reject(long orderId) {
    transition(orderId, COMPENSATED, null);
    Order rejected = find(orderId).orElseThrow();
    outbox.rejected(rejected);
    listeners.publishEvent(new OrderLifeEvents.Ended(rejected));
  }

  /** A compensation itself was refused: the order needs a person (the support console lists these). */
  public void compensationFailed(long orderId) {
    transition(orderId, COMPENSATION_FAILED, null);
    listeners.publishEvent(new OrderLifeEvents.Ended(find(orderId).orElseThrow()));
  }

  private void transition(long orderId, SagaState to, String alsoSet, Object... alsoParams) {
    Set<SagaState> from = OrderStateMachine.enteredFrom(to);
    List<Object> params = new ArrayList<>(List.of(to.name(), to.customerStatus().name()));
    params.addAll(List.of(alsoParams));
    params.add(orderId);
    params.addAll(from.stream().map(SagaState::name).toList());
    String sql = "UPDATE orders SET saga_state = ?, status = ?"
        + (to.isFinal() ? ", in_flight_customer_id = NULL" : "")
        + (alsoSet == null ? "" : ", " + alsoSet)
        + " WHERE id = ? AND saga_state IN (" + String.join(", ", from.stream().map(s -> "?").toList()) + ")";
    expectOne(jdbc.sql(sql).params(params).update(), orderId, "move to " + to + " from " + from);
  }

  private void expectOne(int updated, long orderId, String change) {
    if (updated != 1) {
      String current = jdbc.sql("SELECT saga_state FROM orders WHERE id = ?").param(orderId).query(String.class).optional()
          .orElse("no such order");
      throw new IllegalStateException("Order %d cannot %s: it is %s".formatted(orderId, change, current));
    }
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

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}

package com.hhcommerce.order.domain;

import com.hhcommerce.order.api.SagaState;
import com.hhcommerce.platform.testing.EmbeddedMariaDb;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.jdbc.AutoConfigureTestDatabase;
import org.springframework.boot.test.autoconfigure.jdbc.JdbcTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/** Every guarded transition of {@link Orders} on the real engine: a refused one changes nothing and announces nothing. */
@JdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Import(Orders.class)
class OrdersTest {

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    EmbeddedMariaDb.register(registry, "order_orders");
  }

  @Autowired
  Orders orders;
  @Autowired
  JdbcClient jdbc;
  @MockitoBean
  OrderOutbox outbox;

  /** The call that moves an order into each state (every state but STARTED, which an order is created in). */
  private Map<SagaState, LongConsumer> transitions() {
    Map<SagaState, LongConsumer> calls = new EnumMap<>(SagaState.class);
    calls.put(SagaState.CART_CLEARED, orders::cartCleared);
    calls.put(SagaState.STOCK_RESERVED, id -> orders.stockReserved(id, List.of(new OrderLine(1, 2, "shirt", "M", 500L)), 1_000));
    calls.put(SagaState.COUPON_USED, id -> orders.couponUsed(id, 100));
    calls.put(SagaState.POINT_DEDUCTED, id -> orders.pointsDeducted(id, 900));
    calls.put(SagaState.COMPLETED, orders::confirm);
    calls.put(SagaState.COMPENSATING, id -> orders.compensating(id, new OrderFailure("TEST", "a test failure")));
    calls.put(SagaState.COMPENSATED, orders::reject);
    calls.put(SagaState.COMPENSATION_FAILED, orders::compensationFailed);
    return calls;
  }

  @Test
  void aRefusedTransitionChangesNothingAndAnAllowedOneMovesTheOrder() {
    Map<SagaState, LongConsumer> transitions = transitions();
    assertThat(transitions.keySet()).as("a call for every state an order can enter")
        .containsExactlyInAnyOrder(Arrays.stream(SagaState.values()).filter(s -> s != SagaState.STARTED).toArray(SagaState[]::new));
    long customer = 1;
    for (SagaState from : SagaState.values()) {
      for (Map.Entry<SagaState, LongConsumer> to : transitions.entrySet()) {
        long orderId = orderIn(from, customer++);
        clearInvocations(outbox);
        if (OrderStateMachine.allows(from, to.getKey())) {
          to.getValue().accept(orderId);
          assertThat(orders.find(orderId).orElseThrow().sagaState()).as(from + " -> " + to.getKey()).isEqualTo(to.getKey());
        } else {
          Map<String, Object> before = row(orderId);
          assertThatThrownBy(() -> to.getValue().accept(orderId)).as(from + " -> " + to.getKey())
              .isInstanceOf(IllegalStateException.class).hasMessageContaining("it is " + from);
          assertThat(row(orderId)).as("refused " + from + " -> " + to.getKey() + " changed nothing").isEqualTo(before);
          verify(outbox, never()).confirmed(any());
          verify(outbox, never()).rejected(any());
        }
      }
    }
  }

  @Test
  void anOutcomeIsAnnouncedWithItsTransition() {
    long confirmed = orderIn(SagaState.POINT_DEDUCTED, 10_001);
    orders.confirm(confirmed);
    verify(outbox).confirmed(orders.find(confirmed).orElseThrow());

    long rejected = orderIn(SagaState.COMPENSATING, 10_002);
    orders.reject(rejected);
    verify(outbox).rejected(orders.find(rejected).orElseThrow());
    assertThat(orders.inFlight(10_002)).as("an ended order frees its customer").isEmpty();
  }

  /** A new order, put into {@code state} as the saga would have left it. */
  private long orderIn(SagaState state, long customer) {
    long id = orders.create(new Orders.NewOrder(customer, List.of(new OrderItem(1, 2)), null, "correlation-" + customer, null, null));
    jdbc.sql("UPDATE orders SET saga_state = ?, status = ?, in_flight_customer_id = ? WHERE id = ?")
        .params(state.name(), state.customerStatus().name(), state.isFinal() ? null : customer, id).update();
    return id;
  }

  private Map<String, Object> row(long orderId) {
    Map<String, Object> row = new HashMap<>(jdbc.sql("SELECT * FROM orders WHERE id = ?").param(orderId).query().singleRow());
    row.put("lines", jdbc.sql("SELECT * FROM order_line WHERE order_id = ? ORDER BY product_option_id").param(orderId).query().listOfRows());
    return row;
  }
}

package com.hhcommerce.order.api;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Where an order's CreateOrderSaga is, as GET /orders/{id} reports it (sagaState), and what the customer
 * sees of each state. The one definition of which states are final, for the service and its tests alike.
 */
public enum SagaState {
  STARTED, CART_CLEARED, STOCK_RESERVED, COUPON_USED, POINT_DEDUCTED, COMPLETED,
  COMPENSATING, COMPENSATED, COMPENSATION_FAILED;

  public OrderStatus customerStatus() {
    return switch (this) {
      case STARTED, CART_CLEARED, STOCK_RESERVED, COUPON_USED, POINT_DEDUCTED -> OrderStatus.PROCESSING;
      case COMPLETED -> OrderStatus.CONFIRMED;
      case COMPENSATING, COMPENSATED, COMPENSATION_FAILED -> OrderStatus.FAILED;
    };
  }

  public boolean isFinal() {
    return this == COMPLETED || this == COMPENSATED || this == COMPENSATION_FAILED;
  }

  /** Whether a sagaState as GET /orders/{id} reports it is final; false for anything else. */
  public static boolean isFinal(String stateName) {
    return Arrays.stream(values()).anyMatch(state -> state.isFinal() && state.name().equals(stateName));
  }

  /** The final states as an SQL list, e.g. {@code saga_state IN ('COMPLETED', …)}. */
  public static String finalStatesSqlList() {
    return Arrays.stream(values()).filter(SagaState::isFinal).map(state -> "'" + state.name() + "'")
        .collect(Collectors.joining(", ", "(", ")"));
  }
}

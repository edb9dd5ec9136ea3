package com.hhcommerce.order.domain;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The seed's internal saga states (section 5.3), and what the customer sees of each (section 9.3). */
public enum SagaState {
  STARTED, STOCK_RESERVED, COUPON_USED, POINT_DEDUCTED, CART_CLEARED, COMPLETED,
  COMPENSATING, COMPENSATED, COMPENSATION_FAILED;

  public OrderStatus customerStatus() {
    return switch (this) {
      case STARTED, STOCK_RESERVED, COUPON_USED, POINT_DEDUCTED, CART_CLEARED -> OrderStatus.PROCESSING;
      case COMPLETED -> OrderStatus.CONFIRMED;
      case COMPENSATING, COMPENSATED, COMPENSATION_FAILED -> OrderStatus.FAILED;
    };
  }

  public boolean isFinal() {
    return this == COMPLETED || this == COMPENSATED || this == COMPENSATION_FAILED;
  }

  /** SQL condition on orders.saga_state: the saga has not reached an end state. */
  public static final String NOT_ENDED_SQL = "saga_state NOT IN (" + Arrays.stream(values())
      .filter(SagaState::isFinal).map(s -> "'" + s.name() + "'").collect(Collectors.joining(", ")) + ")";
}

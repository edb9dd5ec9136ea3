package com.hhcommerce.order.domain;

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
}

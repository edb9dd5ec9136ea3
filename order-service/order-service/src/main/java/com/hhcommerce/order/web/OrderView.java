package com.hhcommerce.order.web;

import com.hhcommerce.order.api.OrderStatus;
import com.hhcommerce.order.api.SagaState;
import com.hhcommerce.order.domain.Order;
import com.hhcommerce.order.domain.OrderLine;

import java.time.Instant;
import java.util.List;

/** An order as its customer sees it: status, a readable message, the reason, amounts. */
public record OrderView(long orderId, long customerId, OrderStatus status, String message, SagaState sagaState,
                        String failureCode, String failureReason, List<OrderLine> lines, Amounts amounts,
                        Long userCouponId, String correlationId, Instant createdAt, Instant updatedAt) {

  public record Amounts(Long subtotal, Long discount, Long paidWithPoints) {
  }

  public static OrderView of(Order order) {
    String message = switch (order.status()) {
      case PROCESSING -> "Your order is being processed.";
      case CONFIRMED -> "Your order is confirmed.";
      case FAILED -> "Your order could not be placed: " + order.failureReason()
          + (order.sagaState() == SagaState.COMPENSATING ? " (undoing the steps already taken)" : "");
    };
    return new OrderView(order.id(), order.customerId(), order.status(), message, order.sagaState(), order.failureCode(),
        order.failureReason(), order.lines(), new Amounts(order.subtotal(), order.discount(), order.paidWithPoints()),
        order.userCouponId(), order.correlationId(), order.createdAt(), order.updatedAt());
  }
}

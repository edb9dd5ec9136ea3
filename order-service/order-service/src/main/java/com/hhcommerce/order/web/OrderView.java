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

  /**
   * paidWithPoints is what the order costs the customer while it is processed or once confirmed. A failed
   * order has paid nothing: it shows the points it took and, once every step is undone, gave back.
   */
  public record Amounts(Long subtotal, Long discount, Long paidWithPoints, Long pointsTaken, Long pointsRefunded) {
  }

  public static OrderView of(Order order) {
    String message = switch (order.status()) {
      case PROCESSING -> "Your order is being processed.";
      case CONFIRMED -> "Your order is confirmed.";
      case FAILED -> "Your order could not be placed: " + order.failureReason()
          + (order.sagaState() == SagaState.COMPENSATING
              ? ". The steps already taken are being rolled back; you can order again once that is done." : "");
    };
    return new OrderView(order.id(), order.customerId(), order.status(), message, order.sagaState(), order.failureCode(),
        order.failureReason(), order.lines(), amounts(order), order.userCouponId(), order.correlationId(), order.createdAt(),
        order.updatedAt());
  }

  private static Amounts amounts(Order order) {
    if (order.status() != OrderStatus.FAILED) {
      return new Amounts(order.subtotal(), order.discount(), order.paidWithPoints(), null, null);
    }
    Long refunded = order.sagaState() == SagaState.COMPENSATED ? order.paidWithPoints() : null;
    return new Amounts(order.subtotal(), order.discount(), null, order.paidWithPoints(), refunded);
  }
}

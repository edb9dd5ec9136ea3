package com.hhcommerce.relay.notification;

import com.hhcommerce.order.api.OrderConfirmed;
import com.hhcommerce.order.api.OrderEventLine;
import com.hhcommerce.order.api.OrderRejected;

import java.util.stream.Collectors;

/** The mail an order event becomes: plain text, what the customer needs to know of the outcome. */
public record OrderMail(String eventId, String eventType, long orderId, long customerId, String subject, String text) {

  public static OrderMail of(OrderConfirmed order) {
    String lines = order.lines().stream().map(OrderMail::line).collect(Collectors.joining("\n"));
    String discount = order.discount() > 0 ? "Coupon discount: %,d%n".formatted(order.discount()) : "";
    return new OrderMail(order.eventId(), order.type(), order.aggregateId(), order.customerId(),
        "Your order %d is confirmed".formatted(order.aggregateId()), """
        Thank you for your order %d.

        %s

        Subtotal: %,d
        %sPaid with points: %,d
        """.formatted(order.aggregateId(), lines, order.subtotal(), discount, order.paidWithPoints()));
  }

  public static OrderMail of(OrderRejected order) {
    return new OrderMail(order.eventId(), order.type(), order.aggregateId(), order.customerId(),
        "Your order %d could not be placed".formatted(order.aggregateId()), """
        Your order %d could not be placed: %s.

        Nothing was charged: your points, coupon and cart are as they were before the order.
        """.formatted(order.aggregateId(), order.failureReason()));
  }

  private static String line(OrderEventLine line) {
    return "%d x %s (%s) at %,d".formatted(line.quantity(), line.productName(), line.optionName(), line.unitPrice());
  }
}

package com.hhcommerce.order.messaging;

import com.hhcommerce.platform.tracing.MessageTracing;
import com.hhcommerce.order.api.OrderChannels;
import com.hhcommerce.order.api.OrderConfirmed;
import com.hhcommerce.order.api.OrderEventLine;
import com.hhcommerce.order.api.OrderRejected;
import com.hhcommerce.order.domain.Order;
import com.hhcommerce.order.domain.OrderOutbox;
import io.eventuate.tram.events.common.DomainEvent;
import io.eventuate.tram.events.publisher.DomainEventPublisher;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Writes the order's outcome events to the outbox, in the transaction that records the outcome. */
@Component
public class OrderEventPublisher implements OrderOutbox {

  private final DomainEventPublisher publisher;
  private final Clock clock;

  public OrderEventPublisher(DomainEventPublisher publisher, Clock clock) {
    this.publisher = publisher;
    this.clock = clock;
  }

  @Override
  public void confirmed(Order order) {
    List<OrderEventLine> lines = order.lines().stream()
        .map(l -> new OrderEventLine(l.productOptionId(), l.productName(), l.optionName(), l.quantity(), l.unitPrice()))
        .toList();
    publish(order, new OrderConfirmed(UUID.randomUUID().toString(), "OrderConfirmed", OrderChannels.ORDER_EVENTS, order.id(),
        clock.instant().toString(), order.correlationId(), order.customerId(), nullToZero(order.subtotal()),
        nullToZero(order.discount()), nullToZero(order.paidWithPoints()), order.userCouponId(), lines));
  }

  @Override
  public void rejected(Order order) {
    publish(order, new OrderRejected(UUID.randomUUID().toString(), "OrderRejected", OrderChannels.ORDER_EVENTS, order.id(),
        clock.instant().toString(), order.correlationId(), order.customerId(), order.failureCode(), order.failureReason()));
  }

  private void publish(Order order, DomainEvent event) {
    // the order id as a header too, so that a reader's span and log lines name the order without its payload
    publisher.publish(OrderChannels.ORDER_EVENTS, order.id(), Map.of(MessageTracing.EVENT_ORDER_ID, String.valueOf(order.id())), List.of(event));
  }

  private static long nullToZero(Long value) {
    return value == null ? 0 : value;
  }
}

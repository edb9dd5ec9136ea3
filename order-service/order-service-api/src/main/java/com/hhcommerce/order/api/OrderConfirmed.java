package com.hhcommerce.order.api;

import io.eventuate.tram.events.common.DomainEvent;

import java.util.List;

/**
 * Published on {@link OrderChannels#ORDER_EVENTS} in the transaction that confirms the order.
 * occurredAt is ISO-8601 UTC; correlationId is the one the client sent (X-Correlation-Id) or was given.
 */
public record OrderConfirmed(String eventId, String type, String aggregateType, long aggregateId, String occurredAt,
                             String correlationId, long customerId, long subtotal, long discount, long paidWithPoints,
                             Long userCouponId, List<OrderEventLine> lines) implements DomainEvent {
}

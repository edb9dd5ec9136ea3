package com.hhcommerce.order.api;

import io.eventuate.tram.events.common.DomainEvent;

/**
 * Published on {@link OrderChannels#ORDER_EVENTS} once every compensation of a failed order has run.
 * failureCode is stable (OUT_OF_STOCK, COUPON_EXPIRED, INSUFFICIENT_POINTS, ...); failureReason is for people.
 */
public record OrderRejected(String eventId, String type, String aggregateType, long aggregateId, String occurredAt,
                            String correlationId, long customerId, String failureCode, String failureReason) implements DomainEvent {
}

package com.hhcommerce.wallet.api;

import io.eventuate.tram.events.common.DomainEvent;

/**
 * Published on {@link CustomerWalletChannels#CUSTOMER_EVENTS} in the transaction that creates the customer.
 * Its one personal field is email (null when the customer gave none), which the notifications need; the name
 * and the points stay in customer-wallet-service.
 */
public record CustomerRegistered(String eventId, String type, String aggregateType, long aggregateId, String occurredAt,
                                 String correlationId, String email) implements DomainEvent {
}

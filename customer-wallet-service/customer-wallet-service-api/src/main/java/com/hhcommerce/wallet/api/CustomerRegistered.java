package com.hhcommerce.wallet.api;

import io.eventuate.tram.events.common.DomainEvent;

/**
 * Published on {@link CustomerWalletChannels#CUSTOMER_EVENTS} in the transaction that creates the customer.
 * Carries no personal data: its readers need to know only that the customer exists.
 */
public record CustomerRegistered(String eventId, String type, String aggregateType, long aggregateId, String occurredAt,
                                 String correlationId) implements DomainEvent {
}

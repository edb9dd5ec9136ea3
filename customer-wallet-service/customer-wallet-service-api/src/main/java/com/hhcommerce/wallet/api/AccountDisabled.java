package com.hhcommerce.wallet.api;

import io.eventuate.tram.events.common.DomainEvent;

/**
 * Published on {@link CustomerWalletChannels#ACCOUNT_EVENTS} by the identity in the transaction that disables an account
 * (aggregateId: the account id, which is its tokens' subject). Every service refuses the account's tokens from then
 * on, although they are signed and unexpired. They read it through the platform, by this class's name (Eventuate's
 * event-type header): moving or renaming it is a change of the wire contract (AccountEventsContractTest).
 */
public record AccountDisabled(String eventId, String type, String aggregateType, long aggregateId, String occurredAt,
                              String correlationId) implements DomainEvent {
}

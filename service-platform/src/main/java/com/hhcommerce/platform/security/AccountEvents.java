package com.hhcommerce.platform.security;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The account events as the platform reads them. customer-wallet-service (the identity) publishes them, and the
 * platform depends on no service, so it reads them by name: Eventuate routes a domain event by its channel and by the
 * fully qualified name of the publisher's event class (the event-type header), and these two names are the whole of
 * the wire contract. customer-wallet-service's AccountEventsContractTest pins that its publisher uses exactly them.
 */
public final class AccountEvents {

  /** The channel (a Kafka topic of the same name) of the accounts' events, keyed by account id. */
  public static final String CHANNEL = "account-events";

  /** The event-type header of an account's disabling: the name of the identity's event class. */
  public static final String ACCOUNT_DISABLED = "com.hhcommerce.wallet.api.AccountDisabled";

  private AccountEvents() {
  }

  /**
   * What the platform reads of an account's disabling: the account (its tokens' subject) and when. The publisher's event
   * has more fields, which are not read.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record AccountDisabled(long aggregateId, String occurredAt) {
  }
}

package com.hhcommerce.wallet.api;

/** The channels of customer-wallet-service; a channel is a Kafka topic of the same name. */
public final class CustomerWalletChannels {

  /** Commands to customer-wallet-service: DeductPointsCommand, RefundPointsCommand (and the bus ping). */
  public static final String COMMANDS = "customer-wallet-service-commands";

  /** Domain events of customers (CustomerRegistered), keyed by customer id; read by coupon-service. */
  public static final String CUSTOMER_EVENTS = "customer-events";

  /**
   * Domain events of accounts (AccountDisabled), keyed by account id: how every service learns that an account's
   * tokens count no more, without asking the identity. The platform, which reads it for every service, names it too
   * (AccountEvents.CHANNEL; AccountEventsContractTest keeps the two equal).
   */
  public static final String ACCOUNT_EVENTS = "account-events";

  private CustomerWalletChannels() {
  }
}

package com.hhcommerce.platform.security;

/**
 * What an hh-commerce access token says, shared by the service that issues it (customer-wallet-service) and every
 * service that verifies it: a JWT signed with RS256, for the audience {@link #AUDIENCE}, whose subject is the
 * account, with the account's {@link Role}s and, for a customer, the customer's id.
 */
public final class AccessTokens {

  /** The audience every token is issued for and every service requires. */
  public static final String AUDIENCE = "hh-commerce";
  /** Claim: the account's roles, as {@link Role} names. */
  public static final String ROLES = "roles";
  /** Claim: the customer the account is, for a customer's token only. */
  public static final String CUSTOMER_ID = "customer_id";

  /** What an account may do: a customer its own things, the shop's staff the shop's. */
  public enum Role {
    CUSTOMER, OPERATOR, SUPPORT
  }

  private AccessTokens() {
  }
}

package com.hhcommerce.wallet.identity;

import com.hhcommerce.platform.security.AccessTokens.Role;

/** Someone who may sign in: customerId is the customer an account of role CUSTOMER is, null for staff. */
public record Account(long id, String email, String passwordHash, Role role, Long customerId, boolean disabled) {
}

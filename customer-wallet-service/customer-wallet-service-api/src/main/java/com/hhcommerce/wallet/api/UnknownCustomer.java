package com.hhcommerce.wallet.api;

/** Failure reply: no wallet exists for this customer. */
public record UnknownCustomer(long customerId) {
}

package com.hhcommerce.wallet.domain;

import java.time.Instant;

/** email is optional: without it the customer gets no notifications. */
public record Customer(long id, String name, String email, long pointBalance, Instant createdAt) {
}

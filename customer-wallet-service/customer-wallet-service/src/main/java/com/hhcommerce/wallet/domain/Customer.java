package com.hhcommerce.wallet.domain;

import java.time.Instant;

public record Customer(long id, String name, long pointBalance, Instant createdAt) {
}

package com.hhcommerce.wallet.domain;

import java.time.Instant;

public record LedgerEntry(long id, long customerId, String type, long amount, Long orderId, String requestId,
                          long balanceAfter, Instant createdAt) {
}

package com.hhcommerce.wallet.api;

/** refunded is 0 when the order had deducted nothing or was already refunded. */
public record PointsRefunded(long customerId, long refunded, long balanceAfter) {
}

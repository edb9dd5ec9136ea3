package com.hhcommerce.wallet.api;

public record PointsDeducted(long customerId, long amount, long balanceAfter) {
}

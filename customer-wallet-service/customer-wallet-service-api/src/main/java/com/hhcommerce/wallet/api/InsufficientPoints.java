package com.hhcommerce.wallet.api;

/** Failure reply: the order costs required points, the wallet holds available. */
public record InsufficientPoints(long customerId, long required, long available) {
}

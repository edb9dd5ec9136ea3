package com.hhcommerce.wallet.api;

import io.eventuate.tram.commands.consumer.annotations.FailureReply;

/** Failure reply: the order costs required points, the wallet holds available. */
@FailureReply
public record InsufficientPoints(long customerId, long required, long available) {
}

package com.hhcommerce.cart.api;

import io.eventuate.tram.commands.consumer.annotations.FailureReply;

import java.util.List;

/** Failure reply: these ordered options are not (or no longer, or not in that quantity) in the cart. */
@FailureReply
public record CartItemsMissing(long customerId, List<Long> productOptionIds) {
}

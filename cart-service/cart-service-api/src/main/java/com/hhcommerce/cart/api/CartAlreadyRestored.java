package com.hhcommerce.cart.api;

import io.eventuate.tram.commands.consumer.annotations.FailureReply;

/**
 * Failure reply: the order's cart was restored before this clear came (a clear parked and re-driven after its saga had
 * given up), so nothing leaves the cart; the saga has moved on and reads it as a stale answer.
 */
@FailureReply
public record CartAlreadyRestored(long orderId) {
}

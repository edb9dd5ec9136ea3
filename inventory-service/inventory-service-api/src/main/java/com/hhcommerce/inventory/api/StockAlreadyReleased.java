package com.hhcommerce.inventory.api;

import io.eventuate.tram.commands.consumer.annotations.FailureReply;

/**
 * Failure reply: the order's stock was released before this reserve came (a reserve parked and re-driven after its
 * saga had given up), so nothing is reserved; the saga has moved on and reads it as a stale answer.
 */
@FailureReply
public record StockAlreadyReleased(long orderId) {
}

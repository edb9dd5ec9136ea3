package com.hhcommerce.wallet.api;

import io.eventuate.tram.commands.consumer.annotations.FailureReply;

/**
 * Failure reply: the order's points were refunded before this deduction came (a deduction parked and re-driven after
 * its saga had given up), so nothing is deducted; the saga has moved on and reads it as a stale answer.
 */
@FailureReply
public record PointsAlreadyRefunded(long customerId, long orderId) {
}

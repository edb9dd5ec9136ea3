package com.hhcommerce.wallet.api;

import io.eventuate.tram.commands.consumer.annotations.SuccessReply;

/** refunded is 0 when the order had deducted nothing or was already refunded. */
@SuccessReply
public record PointsRefunded(long customerId, long refunded, long balanceAfter) {
}

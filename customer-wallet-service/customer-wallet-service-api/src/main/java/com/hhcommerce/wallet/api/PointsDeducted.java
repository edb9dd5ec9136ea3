package com.hhcommerce.wallet.api;

import io.eventuate.tram.commands.consumer.annotations.SuccessReply;

@SuccessReply
public record PointsDeducted(long customerId, long amount, long balanceAfter) {
}

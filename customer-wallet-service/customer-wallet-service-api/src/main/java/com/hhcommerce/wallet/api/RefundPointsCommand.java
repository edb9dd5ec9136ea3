package com.hhcommerce.wallet.api;

import io.eventuate.tram.commands.common.Command;

/** Compensation: refund what this order deducted, once. Always replies PointsRefunded. */
public record RefundPointsCommand(long orderId, long customerId) implements Command {
}

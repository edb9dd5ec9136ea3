package com.hhcommerce.wallet.api;

import io.eventuate.tram.commands.common.Command;

/** Pay an order with points, once per order. Replies PointsDeducted, InsufficientPoints or UnknownCustomer. */
public record DeductPointsCommand(long orderId, long customerId, long amount) implements Command {
}

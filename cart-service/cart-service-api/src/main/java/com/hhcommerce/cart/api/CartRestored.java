package com.hhcommerce.cart.api;

import io.eventuate.tram.commands.consumer.annotations.SuccessReply;

/** linesRestored is 0 when nothing had been cleared for this order, or it was restored already. */
@SuccessReply
public record CartRestored(long orderId, int linesRestored) {
}

package com.hhcommerce.cart.api;

import io.eventuate.tram.commands.consumer.annotations.SuccessReply;

@SuccessReply
public record CartCleared(long orderId, int linesRemoved) {
}

package com.hhcommerce.inventory.api;

import io.eventuate.tram.commands.consumer.annotations.SuccessReply;

/** linesReleased is 0 when there was nothing (left) to release. */
@SuccessReply
public record StockReleased(long orderId, int linesReleased) {
}

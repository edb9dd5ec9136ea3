package com.hhcommerce.inventory.api;

import io.eventuate.tram.commands.consumer.annotations.SuccessReply;

import java.util.List;

@SuccessReply
public record StockReserved(long orderId, List<ReservedLine> lines) {
}

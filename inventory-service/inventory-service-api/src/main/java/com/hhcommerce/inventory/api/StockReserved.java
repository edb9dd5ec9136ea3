package com.hhcommerce.inventory.api;

import java.util.List;

public record StockReserved(long orderId, List<ReservedLine> lines) {
}

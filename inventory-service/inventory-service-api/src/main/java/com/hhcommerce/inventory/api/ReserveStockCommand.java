package com.hhcommerce.inventory.api;

import io.eventuate.tram.commands.common.Command;

import java.util.List;

/** Reserve every line of an order or none. Replies StockReserved, InsufficientStock or UnknownProductOption. */
public record ReserveStockCommand(long orderId, List<StockLine> lines) implements Command {
}

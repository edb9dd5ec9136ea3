package com.hhcommerce.inventory.api;

import io.eventuate.tram.commands.common.Command;

/** Compensation: give back exactly what the order reserved, once. Always replies StockReleased. */
public record ReleaseStockCommand(long orderId) implements Command {
}

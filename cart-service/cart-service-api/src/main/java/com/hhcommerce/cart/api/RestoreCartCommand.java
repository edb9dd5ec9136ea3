package com.hhcommerce.cart.api;

import io.eventuate.tram.commands.common.Command;

/** Compensation: put back what ClearCartCommand removed for this order. Always replies CartRestored. */
public record RestoreCartCommand(long orderId, long customerId) implements Command {
}

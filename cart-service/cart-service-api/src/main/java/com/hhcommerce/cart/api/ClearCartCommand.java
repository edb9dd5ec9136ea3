package com.hhcommerce.cart.api;

import io.eventuate.tram.commands.common.Command;

import java.util.List;

/** Remove the ordered items from the customer's cart, keeping a snapshot. Replies CartCleared or CartItemsMissing. */
public record ClearCartCommand(long orderId, long customerId, List<CartLine> lines) implements Command {
}

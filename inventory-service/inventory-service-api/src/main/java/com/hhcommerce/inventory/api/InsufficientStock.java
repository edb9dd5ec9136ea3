package com.hhcommerce.inventory.api;

/** Failure reply: the first line that did not fit; nothing of the order was reserved. */
public record InsufficientStock(long productOptionId, int requested, int available) {
}

package com.hhcommerce.inventory.api;

/** Failure reply: an order line names a product option that does not exist. */
public record UnknownProductOption(long productOptionId) {
}

package com.hhcommerce.inventory.api;

/** One order line as inventory sees it: which product option, how many. */
public record StockLine(long productOptionId, int quantity) {
}

package com.hhcommerce.inventory.api;

/** linesReleased is 0 when there was nothing (left) to release. */
public record StockReleased(long orderId, int linesReleased) {
}

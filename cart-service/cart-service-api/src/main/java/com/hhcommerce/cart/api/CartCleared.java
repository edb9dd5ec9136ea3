package com.hhcommerce.cart.api;

public record CartCleared(long orderId, int linesRemoved) {
}

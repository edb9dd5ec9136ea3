package com.hhcommerce.cart.api;

public record CartLine(long productOptionId, int quantity) {
}

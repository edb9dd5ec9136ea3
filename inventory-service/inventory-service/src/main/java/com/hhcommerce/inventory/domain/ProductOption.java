package com.hhcommerce.inventory.domain;

public record ProductOption(long id, long productId, String productName, String name, long price, int stock) {
}

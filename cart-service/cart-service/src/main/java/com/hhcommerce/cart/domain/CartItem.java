package com.hhcommerce.cart.domain;

import java.time.Instant;

public record CartItem(long productOptionId, int quantity, Instant addedAt) {
}

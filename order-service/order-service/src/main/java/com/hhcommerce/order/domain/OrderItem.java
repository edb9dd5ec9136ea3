package com.hhcommerce.order.domain;

/** A line as the customer asks for it: which product option and how many. */
public record OrderItem(long productOptionId, int quantity) {
}

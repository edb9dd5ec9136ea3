package com.hhcommerce.cart.api;

/** linesRestored is 0 when nothing had been cleared for this order, or it was restored already. */
public record CartRestored(long orderId, int linesRestored) {
}

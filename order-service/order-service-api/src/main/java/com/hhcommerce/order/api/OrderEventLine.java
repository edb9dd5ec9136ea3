package com.hhcommerce.order.api;

public record OrderEventLine(long productOptionId, String productName, String optionName, int quantity, long unitPrice) {
}

package com.hhcommerce.inventory.api;

/** A reserved line with the product's current name and unit price: the order's amounts come from here. */
public record ReservedLine(long productOptionId, String productName, String optionName, int quantity, long unitPrice) {
}

package com.hhcommerce.order.api;

/** What the customer sees of an order. */
public enum OrderStatus { PROCESSING, CONFIRMED, FAILED }

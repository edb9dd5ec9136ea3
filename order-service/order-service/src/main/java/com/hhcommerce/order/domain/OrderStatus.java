package com.hhcommerce.order.domain;

/** What the customer sees of an order. */
public enum OrderStatus { PROCESSING, CONFIRMED, FAILED }

package com.hhcommerce.order.domain;

/** Why an order failed: a stable code for programs and a sentence for people. */
public record OrderFailure(String code, String reason) {
}

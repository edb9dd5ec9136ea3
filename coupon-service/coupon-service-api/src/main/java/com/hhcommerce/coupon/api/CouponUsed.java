package com.hhcommerce.coupon.api;

/** The discount in KRW that the coupon gives on this order. */
public record CouponUsed(long userCouponId, long discount) {
}

package com.hhcommerce.coupon.api;

/** restored is false when the coupon was not used by this order (nothing to undo). */
public record CouponRestored(long userCouponId, boolean restored) {
}

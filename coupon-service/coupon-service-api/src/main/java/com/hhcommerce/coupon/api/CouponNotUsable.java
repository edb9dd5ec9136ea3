package com.hhcommerce.coupon.api;

/** Failure reply; reason is one of {@link Reason}, detail a sentence for people. */
public record CouponNotUsable(long userCouponId, Reason reason, String detail) {

  public enum Reason { NOT_FOUND, NOT_OWNED, ALREADY_USED, NOT_YET_VALID, EXPIRED, BELOW_MINIMUM_ORDER }
}

package com.hhcommerce.coupon.api;

import io.eventuate.tram.commands.consumer.annotations.FailureReply;

/** Failure reply; reason is one of {@link Reason}, detail a sentence for people. */
@FailureReply
public record CouponNotUsable(long userCouponId, Reason reason, String detail) {

  /**
   * NOT_OWNED is no longer sent (another customer's coupon is NOT_FOUND); kept so that a reply of an older version still
   * reads. ALREADY_RESTORED: the order's coupon was restored before this use came (parked, re-driven after its saga had
   * given up), a stale answer the saga no longer reads.
   */
  public enum Reason { NOT_FOUND, NOT_OWNED, ALREADY_USED, NOT_YET_VALID, EXPIRED, BELOW_MINIMUM_ORDER, ALREADY_RESTORED }
}

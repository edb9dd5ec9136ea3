package com.hhcommerce.coupon.api;

import io.eventuate.tram.commands.consumer.annotations.SuccessReply;

/** restored is false when the coupon was not used by this order (nothing to undo). */
@SuccessReply
public record CouponRestored(long userCouponId, boolean restored) {
}

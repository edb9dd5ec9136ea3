package com.hhcommerce.coupon.api;

import io.eventuate.tram.commands.consumer.annotations.SuccessReply;

/** The discount in KRW that the coupon gives on this order. */
@SuccessReply
public record CouponUsed(long userCouponId, long discount) {
}

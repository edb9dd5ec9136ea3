package com.hhcommerce.coupon.api;

import io.eventuate.tram.commands.common.Command;

/** Compensation: make the coupon that this order used available again. Always replies CouponRestored. */
public record RestoreCouponCommand(long orderId, long userCouponId) implements Command {
}

package com.hhcommerce.coupon.api;

import io.eventuate.tram.commands.common.Command;

/** Use an issued coupon for an order of orderAmount (KRW). Replies CouponUsed or CouponNotUsable. */
public record UseCouponCommand(long orderId, long customerId, long userCouponId, long orderAmount) implements Command {
}

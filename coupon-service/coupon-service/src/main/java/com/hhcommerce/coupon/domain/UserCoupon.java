package com.hhcommerce.coupon.domain;

import java.time.Instant;

/** A coupon issued to one customer, with the coupon's terms. */
public record UserCoupon(long id, long customerId, String status, Long orderId, Long discount, Instant issuedAt,
                         Instant usedAt, Coupon coupon) {
}

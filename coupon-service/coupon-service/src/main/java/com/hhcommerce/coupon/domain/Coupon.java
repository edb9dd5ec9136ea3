package com.hhcommerce.coupon.domain;

import java.time.Instant;

public record Coupon(long id, String name, DiscountType discountType, long discountValue, Long maxDiscount,
                     long minOrderAmount, Instant validFrom, Instant validUntil, int totalQuantity, int issuedQuantity) {

  public enum DiscountType { FIXED, PERCENTAGE }

  /** The discount on an order of this amount: never more than the amount, percentages rounded down. */
  public long discountFor(long orderAmount) {
    long discount = switch (discountType) {
      case FIXED -> discountValue;
      case PERCENTAGE -> Math.multiplyExact(orderAmount, discountValue) / 100;
    };
    if (maxDiscount != null) {
      discount = Math.min(discount, maxDiscount);
    }
    return Math.min(discount, orderAmount);
  }
}

package com.hhcommerce.coupon.api;

/** The channels of coupon-service; a channel is a Kafka topic of the same name. */
public final class CouponChannels {

  /** Commands to coupon-service: UseCouponCommand, RestoreCouponCommand (and the bus ping). */
  public static final String COMMANDS = "coupon-service-commands";

  private CouponChannels() {
  }
}

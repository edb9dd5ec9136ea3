package com.hhcommerce.coupon.drop;

import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * The first-come coupon drop (hh.coupon-drop.*).
 *
 * @param gate what sorts out a crowd's issue requests (HH_COUPON_DROP_GATE; the value is in application.properties)
 * @param repayEvery how often the places owed while Redis was down are given back to the gate
 */
@Validated
@ConfigurationProperties("hh.coupon-drop")
public record CouponDropProperties(@NotNull Gate gate, @NotNull @DurationMin(millis = 1) @DefaultValue("PT5S") Duration repayEvery) {

  public enum Gate {
    /** The first-come gate in Redis: only the customers it admits reach the database. */
    REDIS,
    /** Every issue request goes to the database (the coupon's row lock sorts them out). */
    DATABASE
  }
}

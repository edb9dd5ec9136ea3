package com.hhcommerce.coupon;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@EnableScheduling
public class CouponServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(CouponServiceApplication.class, args);
  }
}

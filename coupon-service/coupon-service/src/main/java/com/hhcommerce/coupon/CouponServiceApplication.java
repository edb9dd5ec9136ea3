package com.hhcommerce.coupon;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class CouponServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(CouponServiceApplication.class, args);
  }
}

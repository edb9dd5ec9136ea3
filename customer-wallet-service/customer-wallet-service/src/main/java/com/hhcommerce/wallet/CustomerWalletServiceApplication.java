package com.hhcommerce.wallet;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class CustomerWalletServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(CustomerWalletServiceApplication.class, args);
  }
}

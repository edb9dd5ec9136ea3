package com.hhcommerce.monolith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The baseline the saga is measured against: the order as one @Transactional method on one database. */
@SpringBootApplication
public class MonolithApplication {

  public static void main(String[] args) {
    SpringApplication.run(MonolithApplication.class, args);
  }
}

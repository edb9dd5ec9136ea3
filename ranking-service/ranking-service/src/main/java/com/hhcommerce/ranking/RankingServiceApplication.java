package com.hhcommerce.ranking;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class RankingServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(RankingServiceApplication.class, args);
  }
}

package com.hhcommerce.ranking;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

@SpringBootApplication
@EnableConfigurationProperties(RankingProperties.class)
public class RankingServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(RankingServiceApplication.class, args);
  }
}

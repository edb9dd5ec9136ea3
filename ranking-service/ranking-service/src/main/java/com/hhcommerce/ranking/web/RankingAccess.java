package com.hhcommerce.ranking.web;

import com.hhcommerce.platform.security.AccessRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/** The best sellers are public. */
@Configuration(proxyBeanMethods = false)
class RankingAccess {

  @Bean
  AccessRules rankingRules() {
    return requests -> requests.requestMatchers(HttpMethod.GET, "/rankings/**").permitAll();
  }
}

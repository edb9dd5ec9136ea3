package com.hhcommerce.coupon.web;

import com.hhcommerce.platform.security.AccessRules;
import com.hhcommerce.platform.security.AccessTokens.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/** Operators make coupons; anyone may read one; a customer claims a coupon for themself, an operator for anyone. */
@Configuration(proxyBeanMethods = false)
class CouponAccess {

  @Bean
  AccessRules couponRules() {
    return requests -> requests
        .requestMatchers(HttpMethod.POST, "/coupons").hasRole(Role.OPERATOR.name())
        .requestMatchers(HttpMethod.GET, "/coupons/*").permitAll()
        .requestMatchers(HttpMethod.POST, "/coupons/*/issues").hasAnyRole(Role.CUSTOMER.name(), Role.OPERATOR.name());
  }
}

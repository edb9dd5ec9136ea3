package com.hhcommerce.order.web;

import com.hhcommerce.platform.security.AccessRules;
import com.hhcommerce.platform.security.AccessTokens.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/** Customers place orders; who may read an order is checked in the controller (its customer, or staff). */
@Configuration(proxyBeanMethods = false)
class OrderAccess {

  @Bean
  AccessRules orderRules() {
    return requests -> requests.requestMatchers(HttpMethod.POST, "/orders").hasRole(Role.CUSTOMER.name());
  }
}

package com.hhcommerce.inventory.web;

import com.hhcommerce.platform.security.AccessRules;
import com.hhcommerce.platform.security.AccessTokens.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/** The catalogue is public; products and stock are changed by operators only. */
@Configuration(proxyBeanMethods = false)
class InventoryAccess {

  @Bean
  AccessRules inventoryRules() {
    return requests -> requests
        .requestMatchers(HttpMethod.GET, "/products", "/products/*", "/product-options/*").permitAll()
        .requestMatchers("/products", "/products/**", "/product-options/**").hasRole(Role.OPERATOR.name());
  }
}

package com.hhcommerce.cart.web;

import com.hhcommerce.platform.security.Caller;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.Map;

/**
 * A customer's cart is theirs (and staff's): anyone else is told it does not exist (404), before the request's body
 * is even read, so that no answer about a body tells another customer anything either.
 */
@Configuration(proxyBeanMethods = false)
class CartOwnership implements WebMvcConfigurer, HandlerInterceptor {

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(this).addPathPatterns("/carts/**");
  }

  @Override
  public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
    @SuppressWarnings("unchecked")
    Map<String, String> variables = (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
    String customer = variables == null ? null : variables.get("customerId");
    if (customer != null && customer.matches("\\d{1,18}")) {
      long customerId = Long.parseLong(customer);
      Caller.current().requireMaySee(customerId, "cart", customerId);
    }
    return true;
  }
}

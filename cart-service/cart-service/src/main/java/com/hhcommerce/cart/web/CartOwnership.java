package com.hhcommerce.cart.web;

import com.hhcommerce.platform.security.Caller;
import com.hhcommerce.platform.web.CanonicalNumbers;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.Map;

/**
 * A customer's cart is theirs (support reads it, the operator may change it): anyone else is told it does not exist
 * (404), before the request's body is even read, so that no answer about a body tells another customer anything
 * either. The id is read exactly as the controller binds it, so that no spelling of one customer's id reaches another's
 * cart.
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
    if (customer != null) {
      long customerId = CanonicalNumbers.require("customerId", customer);
      if (HttpMethod.GET.matches(request.getMethod()) || HttpMethod.HEAD.matches(request.getMethod())) {
        Caller.current().requireMaySee(customerId, "cart", customerId);
      } else {
        Caller.current().requireMayChange(customerId, "cart", customerId);
      }
    }
    return true;
  }
}

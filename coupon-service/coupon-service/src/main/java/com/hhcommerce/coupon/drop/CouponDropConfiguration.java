package com.hhcommerce.coupon.drop;

import com.hhcommerce.coupon.domain.Coupons;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/** hh.coupon-drop.gate: redis (default, the first-come gate) or database (every request to the database). */
@Configuration
class CouponDropConfiguration {

  @Bean
  @ConditionalOnProperty(name = "hh.coupon-drop.gate", havingValue = "redis", matchIfMissing = true)
  IssueGate issueGate(StringRedisTemplate redis, CircuitBreakerRegistry breakers) {
    return new IssueGate(redis, breakers);
  }

  @Bean
  CouponDrop couponDrop(Coupons coupons, ObjectProvider<IssueGate> gate, JdbcClient jdbc) {
    return new CouponDrop(coupons, gate.getIfAvailable(), jdbc);
  }
}

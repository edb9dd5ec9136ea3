package com.hhcommerce.coupon.drop;

import com.hhcommerce.coupon.domain.Coupons;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;

/** hh.coupon-drop.gate ({@link CouponDropProperties}): redis (the first-come gate) or database (every request to the database). */
@Configuration
@EnableConfigurationProperties(CouponDropProperties.class)
class CouponDropConfiguration {

  /** A condition reads the setting by name: no bound bean exists yet when conditions are evaluated. */
  @Bean
  @ConditionalOnProperty(name = "hh.coupon-drop.gate", havingValue = "redis", matchIfMissing = true)
  IssueGate issueGate(StringRedisTemplate redis, CircuitBreakerRegistry breakers) {
    return new IssueGate(redis, breakers);
  }

  @Bean
  CouponDrop couponDrop(Coupons coupons, ObjectProvider<IssueGate> gate, JdbcClient jdbc) {
    return new CouponDrop(coupons, gate.getIfAvailable(), jdbc);
  }

  @Bean
  SchedulingConfigurer couponDropRepayments(CouponDrop drop, CouponDropProperties settings) {
    return tasks -> tasks.addFixedDelayTask(drop::repayOwedPlaces, settings.repayEvery());
  }
}

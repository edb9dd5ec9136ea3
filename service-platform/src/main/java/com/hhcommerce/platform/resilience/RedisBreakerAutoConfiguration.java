package com.hhcommerce.platform.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.lettuce.core.resource.Delay;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.data.redis.ClientResourcesBuilderCustomizer;
import org.springframework.boot.autoconfigure.data.redis.RedisAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A service that reaches Redis through the "redis" circuit breaker (the coupon drop's gate, the ranking) answers again
 * within {@link #REDIS_BACK_WITHIN} of Redis answering after an outage of any length.
 */
@AutoConfiguration(after = RedisAutoConfiguration.class,
    afterName = "io.github.resilience4j.springboot3.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration")
@ConditionalOnClass({StringRedisTemplate.class, Delay.class, CircuitBreakerRegistry.class})
@ConditionalOnBean({StringRedisTemplate.class, CircuitBreakerRegistry.class})
public class RedisBreakerAutoConfiguration {

  /** The probe's interval and the client's longest reconnect wait. */
  public static final Duration REDIS_BACK_WITHIN = Duration.ofMillis(500);

  /**
   * The "redis" breaker closes on the first PING Redis answers, not on user requests that spend its half-open trials;
   * it probes only while the breaker is open, so a service that never opened it (the coupon drop's database gate) never pings.
   */
  @Bean
  BreakerProbe redisBreakerProbe(StringRedisTemplate redis, CircuitBreakerRegistry breakers) {
    return new BreakerProbe(breakers.circuitBreaker("redis"), () -> redis.execute((RedisCallback<String>) RedisConnection::ping),
        REDIS_BACK_WITHIN);
  }

  /** Lettuce's reconnect back-off grows to 30 s: after a long outage it would find Redis back only that late. */
  @Bean
  ClientResourcesBuilderCustomizer redisReconnects() {
    return resources -> resources.reconnectDelay(Delay.exponential(Duration.ZERO, REDIS_BACK_WITHIN, 2, TimeUnit.MILLISECONDS));
  }
}

package com.hhcommerce.wallet.identity;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;

import java.time.Duration;

/** A Resilience4j rate limiter per key (an account, a client address): those of the keys seen lately, a bounded number. */
final class Limiters {

  static final Duration PERIOD = Duration.ofMinutes(1);

  private final LoadingCache<String, RateLimiter> byKey;

  Limiters(String name, int perMinute) {
    RateLimiterConfig config = RateLimiterConfig.custom().limitForPeriod(perMinute).limitRefreshPeriod(PERIOD)
        .timeoutDuration(Duration.ZERO).build();
    this.byKey = Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(PERIOD.multipliedBy(2))
        .build(key -> RateLimiter.of(name, config));
  }

  RateLimiter of(String key) {
    return byKey.get(key);
  }
}

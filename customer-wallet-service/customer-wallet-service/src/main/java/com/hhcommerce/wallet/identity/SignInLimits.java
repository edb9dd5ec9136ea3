package com.hhcommerce.wallet.identity;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.hhcommerce.platform.domain.DomainRefusal;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;

import java.time.Duration;
import java.util.Locale;

/**
 * At most so many sign-in attempts per minute per account (its email, whether it exists or not) and per client
 * address, right or wrong; the limiters of the most recently seen keys are kept, a bounded number.
 */
public final class SignInLimits {

  private static final Duration PERIOD = Duration.ofMinutes(1);

  private final LoadingCache<String, RateLimiter> perAccount;
  private final LoadingCache<String, RateLimiter> perAddress;

  public SignInLimits(int perAccountPerMinute, int perAddressPerMinute) {
    this.perAccount = limiters("sign-in-account", perAccountPerMinute);
    this.perAddress = limiters("sign-in-address", perAddressPerMinute);
  }

  /** Refuses the attempt (429, retry after a minute) once either limit is spent. */
  public void attempt(String email, String clientAddress) {
    boolean allowed = perAccount.get(email.trim().toLowerCase(Locale.ROOT)).acquirePermission()
        & perAddress.get(clientAddress).acquirePermission();
    if (!allowed) {
      throw DomainRefusal.tooManyRequests("too-many-sign-ins", "Too many sign-in attempts for this account or from this address", PERIOD);
    }
  }

  private static LoadingCache<String, RateLimiter> limiters(String name, int perMinute) {
    RateLimiterConfig config = RateLimiterConfig.custom().limitForPeriod(perMinute).limitRefreshPeriod(PERIOD)
        .timeoutDuration(Duration.ZERO).build();
    return Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(PERIOD.multipliedBy(2))
        .build(key -> RateLimiter.of(name, config));
  }
}

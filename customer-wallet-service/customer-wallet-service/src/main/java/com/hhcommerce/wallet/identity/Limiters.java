package com.hhcommerce.wallet.identity;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;

/** A Resilience4j rate limiter per key (an account, a client address): those of the keys seen lately, a bounded number. */
final class Limiters<K> {

  static final Duration PERIOD = Duration.ofMinutes(1);

  private final LoadingCache<K, RateLimiter> byKey;

  Limiters(String name, int perMinute) {
    RateLimiterConfig config = RateLimiterConfig.custom().limitForPeriod(perMinute).limitRefreshPeriod(PERIOD)
        .timeoutDuration(Duration.ZERO).build();
    this.byKey = Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(PERIOD.multipliedBy(2))
        .build(key -> RateLimiter.of(name, config));
  }

  RateLimiter of(K key) {
    return byKey.get(key);
  }

  /**
   * The client a limit per address counts: an IPv4 address itself, an IPv6 address's /64 (one subscriber's, whose
   * addresses within it are free to rotate), an IPv4-mapped IPv6 address as its IPv4 address.
   */
  static String client(String address) {
    if (address.indexOf(':') < 0) {
      return address;
    }
    int zone = address.indexOf('%');
    try {
      // with a colon, it parses as an IPv6 literal or fails: never a DNS lookup
      InetAddress parsed = InetAddress.getByName(zone < 0 ? address : address.substring(0, zone));
      if (!(parsed instanceof Inet6Address)) {
        return parsed.getHostAddress(); // IPv4-mapped
      }
      byte[] prefix = Arrays.copyOf(parsed.getAddress(), 16);
      Arrays.fill(prefix, 8, 16, (byte) 0);
      return InetAddress.getByAddress(prefix).getHostAddress() + "/64";
    } catch (UnknownHostException notAnAddress) {
      return address;
    }
  }
}

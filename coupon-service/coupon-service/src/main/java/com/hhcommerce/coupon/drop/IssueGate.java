package com.hhcommerce.coupon.drop;

import com.hhcommerce.platform.messaging.ResilientMessageHandling;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The Redis gate in front of the database's issue of a limited coupon: a flash crowd is sorted out by one
 * Lua script per request in Redis instead of queueing on the coupon's row lock. It only admits; the database
 * decides. Every call goes through the "redis" circuit breaker: with Redis down, it fails at once.
 */
public class IssueGate {

  /** What the gate answered. */
  public enum Admission { ADMITTED, SOLD_OUT, ALREADY_HOLDS }

  /** Redis is down or its breaker is open: the gate cannot answer. */
  public static class Unavailable extends RuntimeException {
    Unavailable(Throwable cause) {
      super("the coupon gate (Redis) is unavailable: " + cause.getMessage(), cause);
    }
  }

  private static final RedisScript<Long> ADMIT = RedisScript.of(new ClassPathResource("scripts/admit-holder.lua"), Long.class);
  private static final RedisScript<Long> REPLACE = RedisScript.of(new ClassPathResource("scripts/replace-holders.lua"), Long.class);

  private final StringRedisTemplate redis;
  private final CircuitBreaker breaker;

  public IssueGate(StringRedisTemplate redis, CircuitBreakerRegistry breakers) {
    this.redis = redis;
    this.breaker = breakers.circuitBreaker("redis");
  }

  public Admission admit(long couponId, long customerId, int quantity) {
    long answer = guarded(() -> redis.execute(ADMIT, List.of(key(couponId)), String.valueOf(customerId), String.valueOf(quantity)));
    return answer == 1 ? Admission.ADMITTED : answer == 0 ? Admission.SOLD_OUT : Admission.ALREADY_HOLDS;
  }

  /** An admitted customer whose issue the database refused or did not finish gives the place back. */
  public void giveBack(long couponId, long customerId) {
    guarded(() -> redis.opsForSet().remove(key(couponId), String.valueOf(customerId)));
  }

  /** The gate's holders become the database's: after the two disagreed (a place not given back while Redis was down). */
  public void replaceHolders(long couponId, Set<Long> holders) {
    guarded(() -> redis.execute(REPLACE, List.of(key(couponId)), holders.stream().map(String::valueOf).toArray()));
  }

  /** The customers the gate holds for the coupon (for audits). */
  public Set<String> holders(long couponId) {
    return guarded(() -> redis.opsForSet().members(key(couponId)));
  }

  static String key(long couponId) {
    return "coupon-gate:" + couponId + ":holders";
  }

  private <T> T guarded(Supplier<T> call) {
    try {
      return breaker.executeSupplier(call);
    } catch (RuntimeException e) {
      if (ResilientMessageHandling.isTransient(e)) {
        throw new Unavailable(e);
      }
      throw e;
    }
  }
}

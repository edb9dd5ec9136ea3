package com.hhcommerce.coupon.drop;

import com.hhcommerce.coupon.domain.Coupon;
import com.hhcommerce.coupon.domain.Coupons;
import com.hhcommerce.coupon.replica.KnownCustomers;
import com.hhcommerce.platform.domain.DomainRefusal;
import com.hhcommerce.platform.resilience.RedisBreakerAutoConfiguration;
import com.hhcommerce.platform.testing.EmbeddedRedis;
import com.hhcommerce.platform.testing.RealDatabaseTest;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.StateTransition;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.springboot3.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.data.redis.RedisAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis stopped and started again under the service's own Redis client and "redis" breaker settings (hh-redis.properties,
 * CouponDropConfiguration): the drop issues again within a bound of Redis answering, even after requests made while
 * Redis was down spent the breaker's half-open trials and opened it for another full wait.
 */
@ImportAutoConfiguration({RedisAutoConfiguration.class, CircuitBreakerAutoConfiguration.class, RedisBreakerAutoConfiguration.class})
@Import({Coupons.class, KnownCustomers.class, CouponDropConfiguration.class, CouponDropAfterRedisOutageTest.Wiring.class})
@DirtiesContext
class CouponDropAfterRedisOutageTest extends RealDatabaseTest {

  private static EmbeddedRedis server;

  static class Wiring {
    @Bean
    Clock clock() {
      return Clock.systemUTC();
    }
  }

  @Autowired
  Coupons coupons;
  @Autowired
  KnownCustomers knownCustomers;
  @Autowired
  CouponDrop drop;
  @Autowired
  CircuitBreakerRegistry breakers;
  private final AtomicLong nextCustomer = new AtomicLong(1);

  @BeforeAll
  static void startRedis() throws Exception {
    server = EmbeddedRedis.started();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    server.stop();
  }

  @DynamicPropertySource
  static void redis(DynamicPropertyRegistry registry) {
    registry.add("hh.redis.host", () -> EmbeddedRedis.HOST);
    registry.add("hh.redis.port", () -> server.port());
  }

  @Test
  void issuesAgainWithinABoundOfRedisAnsweringThoughFailedRequestsSpentTheHalfOpenTrials() throws Exception {
    for (long customer = 1; customer <= 1_000; customer++) {
      knownCustomers.learn(customer);
    }
    Instant now = Instant.now();
    Coupon coupon = coupons.create("drop", Coupon.DiscountType.FIXED, 1_000, null, 0, now.minus(Duration.ofDays(1)),
        now.plus(Duration.ofDays(1)), 1_000);
    CircuitBreaker breaker = breakers.circuitBreaker("redis");
    assertThat(issue(coupon)).isEqualTo("issued");
    List<StateTransition> transitions = new CopyOnWriteArrayList<>();
    breaker.getEventPublisher().onStateTransition(e -> transitions.add(e.getStateTransition()));

    server.stop();
    List<String> whileDown = new CopyOnWriteArrayList<>();
    ExecutorService crowd = Executors.newFixedThreadPool(10);
    try {
      // customers keep coming while Redis is down: the breaker opens, and after its open wait the first of them take
      // the half-open trials, fail, and open it again
      await("the half-open trials spent while Redis is down").atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(100))
          .until(() -> {
            crowd.execute(() -> {
              try {
                whileDown.add(issue(coupon));
              } catch (RuntimeException unexpected) {
                whileDown.add(unexpected.toString());
              }
            });
            return transitions.contains(StateTransition.HALF_OPEN_TO_OPEN);
          });
    } finally {
      crowd.shutdown();
      assertThat(crowd.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(transitions).as("the precondition: opened, tried half-open and reopened while Redis was down")
        .startsWith(StateTransition.CLOSED_TO_OPEN).contains(StateTransition.OPEN_TO_HALF_OPEN);
    assertThat(breaker.getState()).as("the precondition: the breaker is open when Redis comes back").isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(whileDown).as("every request while Redis was down was refused (503)").isNotEmpty().containsOnly(CouponDrop.UNAVAILABLE);

    server.start();
    // without the probe the breaker would stay open for the rest of its 10 s wait
    await("coupons are issued again").atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50))
        .until(() -> issue(coupon).equals("issued"));
    assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    List<String> next = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      next.add(issue(coupon));
    }
    assertThat(next).as("the requests after it").containsOnly("issued");
  }

  /** "issued", or the code of the refusal (lock-acquisition-failed is the 503). */
  private String issue(Coupon coupon) {
    try {
      drop.issue(coupon.id(), nextCustomer.getAndIncrement());
      return "issued";
    } catch (DomainRefusal refusal) {
      return refusal.code();
    }
  }
}

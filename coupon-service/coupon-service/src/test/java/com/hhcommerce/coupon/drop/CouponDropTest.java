package com.hhcommerce.coupon.drop;

import com.hhcommerce.coupon.domain.Coupon;
import com.hhcommerce.coupon.domain.Coupons;
import com.hhcommerce.coupon.replica.KnownCustomers;
import com.hhcommerce.platform.domain.DomainRefusal;
import com.hhcommerce.platform.testing.EmbeddedRedis;
import com.hhcommerce.platform.testing.RealDatabaseTest;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The first-come drop against a real MariaDB and a real redis-server: a crowd gets exactly the quantity,
 * a gate that lost its data is reset from the database, a place owed while Redis was down is given back.
 */
@Import({Coupons.class, KnownCustomers.class, CouponDropTest.Wiring.class})
class CouponDropTest extends RealDatabaseTest {

  private static EmbeddedRedis server;

  static class Wiring {
    @Bean
    Clock clock() {
      return Clock.systemUTC();
    }

    @Bean
    StringRedisTemplate redis() {
      LettuceConnectionFactory connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration(EmbeddedRedis.HOST, server.port()));
      connections.afterPropertiesSet();
      connections.start();
      return new StringRedisTemplate(connections);
    }
  }

  @Autowired
  Coupons coupons;
  @Autowired
  KnownCustomers knownCustomers;
  @Autowired
  StringRedisTemplate redis;
  @Autowired
  JdbcClient jdbc;
  private IssueGate gate;
  private CouponDrop drop;

  @BeforeAll
  static void startRedis() throws Exception {
    server = EmbeddedRedis.started();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    server.stop();
  }

  @BeforeEach
  void wire() {
    gate = new IssueGate(redis, CircuitBreakerRegistry.ofDefaults());
    drop = new CouponDrop(coupons, gate, jdbc);
    for (long customer = 1; customer <= 300; customer++) {
      knownCustomers.learn(customer);
    }
  }

  private Coupon coupon(int quantity) {
    Instant now = Instant.now();
    return coupons.create("drop", Coupon.DiscountType.FIXED, 1_000, null, 0, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(1)), quantity);
  }

  private Set<String> databaseHolders(long couponId) {
    return coupons.holders(couponId).stream().map(String::valueOf).collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void aCrowdOfTwoHundredGetsExactlyTheTwentyCouponsOncePerCustomer() throws Exception {
    Coupon coupon = coupon(20);
    List<Callable<String>> requests = new ArrayList<>();
    for (long customer = 1; customer <= 200; customer++) {
      long c = customer;
      requests.add(() -> outcome(() -> drop.issue(coupon.id(), c)));
      requests.add(() -> outcome(() -> drop.issue(coupon.id(), c))); // everyone asks twice
    }
    ExecutorService pool = Executors.newFixedThreadPool(16);
    Map<String, Long> outcomes;
    try {
      List<String> results = new ArrayList<>();
      for (Future<String> f : pool.invokeAll(requests)) {
        results.add(f.get());
      }
      outcomes = results.stream().collect(Collectors.groupingBy(r -> r, Collectors.counting()));
    } finally {
      pool.shutdown();
    }
    assertThat(outcomes.get("issued")).isEqualTo(20);
    assertThat(outcomes.keySet()).containsOnly("issued", Coupons.SOLD_OUT, Coupons.ALREADY_ISSUED);
    assertThat(coupons.coupon(coupon.id()).orElseThrow().issuedQuantity()).isEqualTo(20);
    assertThat(gate.holders(coupon.id())).isEqualTo(databaseHolders(coupon.id()));
  }

  @Test
  void aGateThatLostItsDataIsResetFromTheDatabaseAndIssuesNoMore() {
    Coupon coupon = coupon(3);
    for (long customer = 1; customer <= 3; customer++) {
      drop.issue(coupon.id(), customer);
    }
    redis.delete(IssueGate.key(coupon.id())); // Redis restarted without its data
    assertThatThrownBy(() -> drop.issue(coupon.id(), 4)).isInstanceOfSatisfying(DomainRefusal.class,
        r -> assertThat(r.code()).isEqualTo(Coupons.SOLD_OUT));
    assertThat(gate.holders(coupon.id())).as("reset from the database").isEqualTo(databaseHolders(coupon.id()));
    assertThatThrownBy(() -> drop.issue(coupon.id(), 5)).isInstanceOfSatisfying(DomainRefusal.class,
        r -> assertThat(r.code()).isEqualTo(Coupons.SOLD_OUT));
    assertThat(coupons.coupon(coupon.id()).orElseThrow().issuedQuantity()).isEqualTo(3);
  }

  @Test
  void aPlaceTakenInRedisWhoseIssueNeverRanIsTheCustomersOnTheirNextRequest() {
    Coupon coupon = coupon(1);
    // Redis admitted the customer, then went away before its answer arrived: the customer was refused
    redis.opsForSet().add(IssueGate.key(coupon.id()), "7");
    assertThat(drop.issue(coupon.id(), 7).customerId()).isEqualTo(7);
    assertThat(coupons.coupon(coupon.id()).orElseThrow().issuedQuantity()).isEqualTo(1);
    assertThatThrownBy(() -> drop.issue(coupon.id(), 7)).isInstanceOfSatisfying(DomainRefusal.class,
        r -> assertThat(r.code()).isEqualTo(Coupons.ALREADY_ISSUED));
    assertThat(gate.holders(coupon.id())).isEqualTo(databaseHolders(coupon.id()));
  }

  @Test
  void aPlaceThatCouldNotBeGivenBackIsOwedAndGivenBackOnceRedisAnswers() throws Exception {
    Coupon coupon = coupon(5);
    // an unexpected failure after admission: the place is owed while Redis cannot take it back
    CouponDrop broken = new CouponDrop(new Coupons(jdbc, Clock.systemUTC(), knownCustomers) {
      @Override
      public com.hhcommerce.coupon.domain.UserCoupon issue(long couponId, long customerId) {
        throw new IllegalStateException("the database connection broke");
      }
    }, new IssueGate(redis, CircuitBreakerRegistry.ofDefaults()) {
      @Override
      public void giveBack(long couponId, long customerId) {
        throw new Unavailable(new IllegalStateException("Redis is down"));
      }
    }, jdbc);
    assertThatThrownBy(() -> broken.issue(coupon.id(), 298)).isInstanceOf(IllegalStateException.class);
    assertThat(gate.holders(coupon.id())).contains("298");
    assertThat(jdbc.sql("SELECT COUNT(*) FROM coupon_gate_debt WHERE coupon_id = ? AND customer_id = 298").param(coupon.id())
        .query(Long.class).single()).isEqualTo(1);

    drop.repayOwedPlaces();
    assertThat(gate.holders(coupon.id())).doesNotContain("298");
    assertThat(jdbc.sql("SELECT COUNT(*) FROM coupon_gate_debt WHERE coupon_id = ?").param(coupon.id()).query(Long.class).single()).isZero();
    assertThat(drop.issue(coupon.id(), 298).customerId()).as("the place is the customer's to take again").isEqualTo(298);
  }

  private static String outcome(Callable<?> call) throws Exception {
    try {
      call.call();
      return "issued";
    } catch (DomainRefusal refusal) {
      return refusal.code();
    }
  }
}

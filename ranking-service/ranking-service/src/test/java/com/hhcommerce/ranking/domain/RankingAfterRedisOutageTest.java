package com.hhcommerce.ranking.domain;

import com.hhcommerce.platform.domain.DomainRefusal;
import com.hhcommerce.platform.resilience.RedisBreakerAutoConfiguration;
import com.hhcommerce.platform.testing.EmbeddedRedis;
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
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis stopped and started again under the service's own Redis client and "redis" breaker settings (hh-redis.properties,
 * RedisBreakerAutoConfiguration): the ranking answers again within a bound of Redis answering, even after requests made while Redis was
 * down spent the breaker's half-open trials and opened it for another full wait.
 */
@SpringBootTest(classes = RankingAfterRedisOutageTest.Wiring.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
@DirtiesContext
class RankingAfterRedisOutageTest {

  private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
  private static EmbeddedRedis server;

  @Configuration
  @ImportAutoConfiguration({RedisAutoConfiguration.class, CircuitBreakerAutoConfiguration.class, RedisBreakerAutoConfiguration.class})
  static class Wiring {
    @Bean
    ProductRanking productRanking(StringRedisTemplate redis, CircuitBreakerRegistry breakers) {
      return new ProductRanking(redis, breakers, Clock.system(SEOUL), SEOUL, "outage-test:");
    }
  }

  @Autowired
  ProductRanking ranking;
  @Autowired
  CircuitBreakerRegistry breakers;

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
  void answersAgainWithinABoundOfRedisAnsweringThoughFailedRequestsSpentTheHalfOpenTrials() throws Exception {
    CircuitBreaker breaker = breakers.circuitBreaker("redis");
    assertThat(read()).isEqualTo("answered");
    List<StateTransition> transitions = new CopyOnWriteArrayList<>();
    breaker.getEventPublisher().onStateTransition(e -> transitions.add(e.getStateTransition()));

    server.stop();
    List<String> whileDown = new CopyOnWriteArrayList<>();
    ExecutorService crowd = Executors.newFixedThreadPool(10);
    try {
      // readers keep coming while Redis is down: the breaker opens, and after its open wait the first of them take
      // the half-open trials, fail, and open it again
      await("the half-open trials spent while Redis is down").atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(100))
          .until(() -> {
            crowd.execute(() -> {
              try {
                whileDown.add(read());
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
    assertThat(whileDown).as("every request while Redis was down was refused").isNotEmpty().containsOnly("ranking-unavailable");

    server.start();
    // without the probe the breaker would stay open for the rest of its 10 s wait
    await("the ranking answers again").atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50))
        .until(() -> read().equals("answered"));
    assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    List<String> next = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      next.add(read());
    }
    assertThat(next).as("the requests after it").containsOnly("answered");
    assertThat(ranking.count("after-outage", Instant.now(), Map.of(5L, 2))).isTrue();
    assertThat(ranking.top(RankingPeriod.DAY, 10).products()).extracting(Ranking.Entry::productOptionId).contains(5L);
  }

  /** "answered", or the code of the refusal (503 at the web edge). */
  private String read() {
    try {
      ranking.top(RankingPeriod.DAY, 10);
      return "answered";
    } catch (DomainRefusal refusal) {
      return refusal.code();
    }
  }
}

package com.hhcommerce.ranking.domain;

import com.hhcommerce.platform.testing.EmbeddedRedis;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The ranking's Redis side against a real redis-server: counting once, days and periods, names, expiry. */
class ProductRankingTest {

  private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
  /** Today's midday in Seoul: Redis expires keys by its own clock, so the test's day is the real one. */
  private static final ZonedDateTime MIDDAY = ZonedDateTime.now(SEOUL).withHour(12).truncatedTo(java.time.temporal.ChronoUnit.HOURS);
  private static final Instant NOW = MIDDAY.toInstant();

  private static EmbeddedRedis server;
  private static LettuceConnectionFactory connections;
  private static StringRedisTemplate redis;
  private ProductRanking ranking;

  @BeforeAll
  static void startRedis() throws Exception {
    int port;
    server = EmbeddedRedis.started();
    connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration(EmbeddedRedis.HOST, server.port()));
    connections.afterPropertiesSet();
    connections.start();
    redis = new StringRedisTemplate(connections);
  }

  @AfterAll
  static void stopRedis() throws Exception {
    connections.destroy();
    server.stop();
  }

  @BeforeEach
  void freshPrefix() {
    ranking = new ProductRanking(redis, CircuitBreakerRegistry.ofDefaults(), Clock.fixed(NOW, SEOUL), SEOUL,
        "test-" + UUID.randomUUID() + ":");
  }

  private Instant daysAgo(int days) {
    return NOW.minus(Duration.ofDays(days));
  }

  @Test
  void anEventCountsOnceHoweverOftenItArrives() {
    assertThat(ranking.count("e1", daysAgo(0), Map.of(1L, 2, 2L, 1))).isTrue();
    assertThat(ranking.count("e1", daysAgo(0), Map.of(1L, 2, 2L, 1))).isFalse();
    assertThat(ranking.top(RankingPeriod.DAY, 10).products()).extracting(Ranking.Entry::productOptionId, Ranking.Entry::quantity)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, 2L), org.assertj.core.groups.Tuple.tuple(2L, 1L));
  }

  @Test
  void aPeriodIsTheSumOfItsDaysAndAnOrderOlderThanEveryPeriodIsNotCounted() {
    ranking.count("today", daysAgo(0), Map.of(1L, 1));
    ranking.count("two days ago", daysAgo(2), Map.of(1L, 10));
    ranking.count("five days ago", daysAgo(5), Map.of(2L, 100));
    assertThat(ranking.count("eight days ago", daysAgo(8), Map.of(3L, 1000))).isFalse();

    assertThat(quantities(RankingPeriod.DAY)).isEqualTo(Map.of(1L, 1L));
    assertThat(quantities(RankingPeriod.THREE_DAYS)).isEqualTo(Map.of(1L, 11L));
    assertThat(quantities(RankingPeriod.SEVEN_DAYS)).isEqualTo(Map.of(1L, 11L, 2L, 100L));
    Ranking week = ranking.top(RankingPeriod.SEVEN_DAYS, 1);
    assertThat(week.products()).hasSize(1);
    assertThat(week.products().get(0).productOptionId()).isEqualTo(2L);
    assertThat(week.from()).isEqualTo(week.to().minusDays(6));
    assertThat(week.lastCountedAt()).isEqualTo(daysAgo(0).truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
  }

  @Test
  void entriesCarryTheNamesLearntFromProductEventsAndNoneBeforeThem() {
    ranking.count("e", daysAgo(0), Map.of(7L, 3, 8L, 3));
    ranking.learnNames(70, "Linen shirt", Map.of(7L, "M"));
    Ranking day = ranking.top(RankingPeriod.DAY, 10);
    assertThat(day.products()).extracting(Ranking.Entry::rank).containsExactly(1, 2);
    Ranking.Entry named = day.products().get(0);
    assertThat(named.productOptionId()).as("equal quantities rank by option id").isEqualTo(7L);
    assertThat(named.productId()).isEqualTo(70L);
    assertThat(named.productName()).isEqualTo("Linen shirt");
    assertThat(named.optionName()).isEqualTo("M");
    assertThat(day.products().get(1).productName()).isNull();
  }

  @Test
  void aDaysCountsAndMarkersExpireOnceNoPeriodReachesBackToThem() {
    String prefix = "expiry-" + UUID.randomUUID() + ":";
    ranking = new ProductRanking(redis, CircuitBreakerRegistry.ofDefaults(), Clock.fixed(NOW, SEOUL), SEOUL, prefix);
    ranking.count("e", daysAgo(0), Map.of(1L, 1));
    Instant realNow = Instant.now();
    Instant neededUntil = MIDDAY.toLocalDate().plusDays(8).atStartOfDay(SEOUL).toInstant();
    long expected = Duration.between(realNow, neededUntil).toSeconds();
    for (String key : new String[] {prefix + "day:" + MIDDAY.toLocalDate(), prefix + "event:e"}) {
      assertThat(redis.getExpire(key)).as(key).isBetween(expected - 5, expected + 5);
    }
  }

  private Map<Long, Long> quantities(RankingPeriod period) {
    Map<Long, Long> out = new java.util.TreeMap<>();
    ranking.top(period, 100).products().forEach(e -> out.put(e.productOptionId(), e.quantity()));
    return out;
  }
}

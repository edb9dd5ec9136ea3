package com.hhcommerce.ranking.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hhcommerce.platform.domain.DomainRefusal;
import com.hhcommerce.platform.messaging.ResilientMessageHandling;
import com.hhcommerce.ranking.RankingProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Quantities sold per product option and day in Redis: one sorted set per day (in the shop's zone) that
 * expires once no period reaches back to it, and a period is the union of its days. Every call goes
 * through the "redis" circuit breaker: with Redis down, reads fail at once and the consumer waits.
 */
@Service
public class ProductRanking {

  private static final RedisScript<Long> COUNT_ORDER = RedisScript.of(new ClassPathResource("scripts/count-order.lua"), Long.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

  private final StringRedisTemplate redis;
  private final CircuitBreaker breaker;
  private final Clock clock;
  private final ZoneId zone;
  private final String prefix;

  @Autowired
  public ProductRanking(StringRedisTemplate redis, CircuitBreakerRegistry breakers, Clock clock, RankingProperties settings) {
    this(redis, breakers, clock, settings.zone(), settings.keyPrefix());
  }

  public ProductRanking(StringRedisTemplate redis, CircuitBreakerRegistry breakers, Clock clock, ZoneId zone, String prefix) {
    this.redis = redis;
    this.breaker = breakers.circuitBreaker("redis");
    this.clock = clock;
    this.zone = zone;
    this.prefix = prefix;
  }

  /**
   * Counts a confirmed order's quantities into the day it was confirmed, once per event id; an order older
   * than every period is not counted. Returns whether this call counted it.
   */
  public boolean count(String eventId, Instant confirmedAt, Map<Long, Integer> quantityByOption) {
    LocalDate day = confirmedAt.atZone(zone).toLocalDate();
    Instant neededUntil = day.plusDays(RankingPeriod.LONGEST_DAYS + 1L).atStartOfDay(zone).toInstant();
    if (!neededUntil.isAfter(clock.instant()) || quantityByOption.isEmpty()) {
      return false;
    }
    List<String> args = new ArrayList<>(List.of(String.valueOf(neededUntil.getEpochSecond()), String.valueOf(confirmedAt.toEpochMilli())));
    quantityByOption.forEach((option, quantity) -> {
      args.add(String.valueOf(option));
      args.add(String.valueOf(quantity));
    });
    Long counted = guarded(() -> redis.execute(COUNT_ORDER, List.of(prefix + "event:" + eventId, dayKey(day), prefix + "last-counted"),
        args.toArray()));
    return counted != null && counted == 1;
  }

  /** Names never change once a product exists: writing them again is harmless. */
  public void learnNames(long productId, String productName, Map<Long, String> optionNames) {
    Map<String, String> fields = optionNames.entrySet().stream().collect(Collectors.toMap(
        e -> String.valueOf(e.getKey()), e -> json(new OptionName(productId, productName, e.getValue()))));
    if (!fields.isEmpty()) {
      guarded(() -> {
        redis.opsForHash().putAll(prefix + "option-names", fields);
        return null;
      });
    }
  }

  /**
   * Redis down or its breaker open: refused as unavailable, never answered from a stale snapshot (a ranking
   * that silently stopped moving would look right and be wrong).
   */
  public Ranking top(RankingPeriod period, int limit) {
    try {
      return read(period, limit);
    } catch (RuntimeException e) {
      if (ResilientMessageHandling.isTransient(e)) {
        throw DomainRefusal.unavailable("ranking-unavailable", "The ranking store is unavailable; try again shortly", RETRY_AFTER);
      }
      throw e;
    }
  }

  private Ranking read(RankingPeriod period, int limit) {
    LocalDate today = clock.instant().atZone(zone).toLocalDate();
    List<String> keys = period.days(today).stream().map(this::dayKey).toList();
    return guarded(() -> {
      List<ZSetOperations.TypedTuple<String>> ranked = redis.opsForZSet().unionWithScores(keys.get(0), keys.subList(1, keys.size()))
          .stream()
          .sorted(Comparator.comparing((ZSetOperations.TypedTuple<String> t) -> -t.getScore()).thenComparing(t -> Long.parseLong(t.getValue())))
          .limit(limit).toList();
      List<Object> names = ranked.isEmpty() ? List.of()
          : redis.opsForHash().multiGet(prefix + "option-names", ranked.stream().map(t -> (Object) t.getValue()).toList());
      List<Ranking.Entry> entries = new ArrayList<>();
      for (int i = 0; i < ranked.size(); i++) {
        OptionName name = names.get(i) == null ? new OptionName(null, null, null) : parse((String) names.get(i));
        entries.add(new Ranking.Entry(i + 1, Long.parseLong(ranked.get(i).getValue()), name.productId(), name.productName(),
            name.optionName(), ranked.get(i).getScore().longValue()));
      }
      String last = redis.opsForValue().get(prefix + "last-counted");
      return new Ranking(period.code(), today.minusDays(period.days(today).size() - 1L), today, zone.getId(),
          last == null ? null : Instant.ofEpochMilli(Long.parseLong(last)), entries);
    });
  }

  private String dayKey(LocalDate day) {
    return prefix + "day:" + day;
  }

  private <T> T guarded(Supplier<T> call) {
    return breaker.executeSupplier(call);
  }

  private record OptionName(Long productId, String productName, String optionName) {
  }

  private static String json(OptionName name) {
    try {
      return JSON.writeValueAsString(name);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static OptionName parse(String json) {
    try {
      return JSON.readValue(json, OptionName.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Unreadable option name " + json, e);
    }
  }
}

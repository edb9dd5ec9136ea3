package com.hhcommerce.stack.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.hhcommerce.inventory.api.InventoryChannels;
import com.hhcommerce.order.api.OrderChannels;
import com.hhcommerce.stack.ManagedProcess;
import com.hhcommerce.stack.Service;
import com.hhcommerce.stack.StackHttp;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * ranking-service on the real stack: it counts confirmed orders only, once each, whatever happens to it,
 * to Redis or to the delivery of its events; a fresh consumer group rebuilds the same ranking.
 */
@ExtendWith({RealStack.class, InvariantAudit.class})
class RankingIT {

  private static final String SUBSCRIBER = "ranking-service";
  private final Shop shop = new Shop();
  private final StackHttp http = shop.http();

  @Test
  void countsTheQuantitiesOfConfirmedOrdersOnlyWithTheProductsNames() {
    List<Shop.Option> options = shop.product("ranked shirt", 1_000, 5, 100);
    long scarce = options.get(0).id();
    long plenty = options.get(1).id();
    List<String> outcomes = new ArrayList<>();
    for (int i = 0; i < 3; i++) { // 2 + 2 of 5 in stock are confirmed, the third order of 2 is refused
      outcomes.add(order(shop.customerWithPoints(10_000), scarce, 2));
    }
    outcomes.add(order(shop.customerWithPoints(100), plenty, 3)); // too few points
    outcomes.add(order(shop.customerWithPoints(10_000), plenty, 3));
    assertThat(outcomes).as("the orders' outcomes (the precondition)")
        .containsExactly("CONFIRMED", "CONFIRMED", "FAILED", "FAILED", "CONFIRMED");

    await().atMost(Duration.ofSeconds(30)).until(() -> Rankings.ranked().get(scarce), q -> q != null && q == 4);
    assertThat(Rankings.ranked()).containsEntry(scarce, 4L).containsEntry(plenty, 3L);
    for (String period : List.of("DAY", "3D", "7D")) {
      JsonNode page = Rankings.page(period);
      assertThat(page.get("period").asText()).isEqualTo(period);
      assertThat(page.get("lastCountedAt").asText()).isNotBlank();
      JsonNode entry = entry(page, scarce);
      assertThat(entry.get("quantity").asLong()).as(period).isEqualTo(4);
      assertThat(entry.get("productName").asText()).isEqualTo("ranked shirt");
      assertThat(entry.get("optionName").asText()).isEqualTo("option 1");
      assertThat(entry.get("rank").asInt()).isLessThan(entry(page, plenty).get("rank").asInt());
    }
  }

  @Test
  void aRedeliveredEventAndAReplayOfTheTopicsCountOnce() throws Exception {
    long option = shop.product("redelivered", 1_000, 100).get(0).id();
    JsonNode order = confirmedOrderOf(option, 2);
    await().atMost(Duration.ofSeconds(30)).until(() -> Rankings.ranked().get(option), q -> q != null && q == 2);

    // the same record again, as Kafka redelivers after a lost commit
    var confirmed = KafkaTopics.find(OrderChannels.ORDER_EVENTS, order.get("correlationId").asText());
    RecordMetadata copy = KafkaTopics.republish(confirmed);
    KafkaTopics.awaitConsumed(SUBSCRIBER, copy);
    assertThat(Rankings.ranked()).containsEntry(option, 2L);

    // a replay from the topics' start: ranking-service keeps no received_messages (its handlers are idempotent),
    // so only the ranking's own per-event marker stands between a replayed event and a second count
    Map<Long, Long> before = Rankings.ranked();
    ManagedProcess ranking = RealStack.stack().process(Service.RANKING);
    ranking.kill();
    assertThat(count("SELECT COUNT(*) FROM ranking_service.received_messages")).as("no duplicate detection table in use").isZero();
    Map<TopicPartition, Long> starts = new HashMap<>();
    for (String topic : List.of(OrderChannels.ORDER_EVENTS, InventoryChannels.PRODUCT_EVENTS)) {
      KafkaTopics.endOffsets(topic).keySet().forEach(partition -> starts.put(partition, 0L));
    }
    KafkaTopics.moveConsumerGroup(SUBSCRIBER, starts);
    RealStack.stack().restart(Service.RANKING.serviceName());
    // the group starts from offset 0 and commits up to the end only after handling every event again (the precondition)
    KafkaTopics.awaitCaughtUp(SUBSCRIBER, OrderChannels.ORDER_EVENTS);
    assertThat(Rankings.ranked()).isEqualTo(before);
  }

  @Test
  void aPoisonEventIsParkedWithItsReasonAndTheNextOrderStillCounts() throws Exception {
    long option = shop.product("poisoned", 1_000, 100).get(0).id();
    JsonNode first = confirmedOrderOf(option, 1);
    String poison = PoisonEvents.publishAndAwaitConsumed(
        KafkaTopics.find(OrderChannels.ORDER_EVENTS, first.get("correlationId").asText()), SUBSCRIBER);
    assertThat(PoisonEvents.parkedReason("ranking_service", SUBSCRIBER, poison)).isNotBlank();

    confirmedOrderOf(option, 2);
    await().atMost(Duration.ofSeconds(30)).until(() -> Rankings.ranked().get(option), q -> q != null && q == 3);
  }

  private JsonNode confirmedOrderOf(long option, int quantity) {
    long customer = shop.customerWithPoints(10_000);
    shop.addToCart(customer, option, quantity);
    JsonNode order = shop.placeAndAwaitEnd(customer, null, Map.of(option, quantity));
    assertThat(order.get("status").asText()).isEqualTo("CONFIRMED");
    return order;
  }

  @Test
  void killedMidStreamTheRankingComesBackWithTheSameTotals() throws Exception {
    long option = shop.product("kill -9 ranking", 1_000, 1_000).get(0).id();
    CompletableFuture<List<Long>> orders = streamCountedPastFive(option);
    try (var ignored = restartingIfDead(Service.RANKING.serviceName())) {
      RealStack.stack().process(Service.RANKING).kill();
    long confirmedAtKill = Rankings.confirmedQuantities().getOrDefault(option, 0L);
    List<Long> ids = orders.get();
    ids.forEach(shop::awaitEnd);
    long confirmed = Rankings.confirmedQuantities().getOrDefault(option, 0L);
    assertThat(confirmed).as("orders were confirmed while the ranking was down (the precondition)").isGreaterThan(confirmedAtKill);

      RealStack.stack().restart(Service.RANKING.serviceName());
      await().atMost(Duration.ofSeconds(60)).until(() -> Rankings.ranked().getOrDefault(option, 0L), q -> q == confirmed);
    }
  }

  /** Whatever the test's outcome, the process is running and the ranking readable for the next test. */
  private static AutoCloseable restartingIfDead(String process) {
    return () -> {
      if (!RealStack.stack().process(process).isAlive()) {
        RealStack.stack().restart(process);
      }
      await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> Rankings.ranked() != null);
    };
  }

  @Test
  void redisKilledMidStreamLosesNothingAndReadsAnswer503Meanwhile() throws Exception {
    long option = shop.product("kill -9 redis", 1_000, 1_000).get(0).id();
    CompletableFuture<List<Long>> orders = streamCountedPastFive(option);
    try (var ignored = restartingIfDead("redis")) {
      RealStack.stack().process("redis").kill();
    long confirmedAtKill = Rankings.confirmedQuantities().getOrDefault(option, 0L);
    StackHttp.Response unavailable = await().atMost(Duration.ofSeconds(30)).until(
        () -> http.get(RealStack.url(Service.RANKING) + "/rankings/products"), r -> r.status() == 503);
    assertThat(unavailable.body().get("type").asText()).endsWith(":ranking-unavailable");
    assertThat(unavailable.header("Retry-After")).isNotBlank();

    List<Long> ids = orders.get();
    ids.forEach(shop::awaitEnd);
    long confirmed = Rankings.confirmedQuantities().getOrDefault(option, 0L);
    assertThat(confirmed).as("orders were confirmed while Redis was down (the precondition)").isGreaterThan(confirmedAtKill);
    assertThat(breakerState()).as("the breaker in front of Redis opened").isIn("OPEN", "HALF_OPEN");

    RealStack.stack().restart("redis");
    await().atMost(Duration.ofSeconds(90)).ignoreExceptions()
        .until(() -> Rankings.ranked().getOrDefault(option, 0L), q -> q == confirmed);
      await().atMost(Duration.ofSeconds(60)).until(this::breakerState, "CLOSED"::equals);
    }
  }

  @Test
  void aFreshConsumerGroupFromTheTopicsStartRebuildsTheSameRanking() {
    long option = shop.product("rebuilt", 1_000, 100).get(0).id();
    confirmedOrderOf(option, 3);
    await().atMost(Duration.ofSeconds(30)).until(() -> Rankings.ranked().get(option), q -> q != null && q == 3);

    String rebuild = "ranking-rebuild-" + UUID.randomUUID();
    int port = RealStack.stack().settings().servicePort(Service.RANKING) + 100;
    ManagedProcess rebuilt = RealStack.stack().startExtraInstance(Service.RANKING, "ranking-service-rebuild", port, 60,
        Map.of("HH_RANKING_SUBSCRIBER_ID", rebuild, "HH_RANKING_KEY_PREFIX", rebuild + ":"));
    try {
      Map<Long, Long> live = Rankings.ranked();
      await().atMost(Duration.ofSeconds(90)).until(() -> Rankings.ranked("http://127.0.0.1:" + port), live::equals);
      JsonNode rebuiltPage = http.get("http://127.0.0.1:" + port + "/rankings/products?period=7D&limit=" + Rankings.ALL).body();
      assertThat(rebuiltPage.get("products")).isEqualTo(Rankings.page("7D").get("products"));
      assertThat(rebuiltPage.get("lastCountedAt")).isEqualTo(Rankings.page("7D").get("lastCountedAt"));
    } finally {
      rebuilt.stop(Duration.ofSeconds(15));
    }
  }

  private String order(long customer, long option, int quantity) {
    shop.addToCart(customer, option, quantity);
    return shop.placeAndAwaitEnd(customer, null, Map.of(option, quantity)).get("status").asText();
  }

  /** A stream of one-item orders by 40 customers, returned once the ranking has counted at least 5 of them. */
  private CompletableFuture<List<Long>> streamCountedPastFive(long option) {
    CompletableFuture<List<Long>> orders = placeInBackground(option, shop.customersWithOneInCart(option, 40, 10_000));
    await().atMost(Duration.ofSeconds(60)).until(() -> Rankings.ranked().getOrDefault(option, 0L) >= 5);
    return orders;
  }

  /** One order per customer, placed one after the other from another thread; returns their ids once all are placed. */
  private CompletableFuture<List<Long>> placeInBackground(long option, List<Long> customers) {
    return CompletableFuture.supplyAsync(() -> {
      List<Long> ids = new ArrayList<>();
      for (long customer : customers) {
        StackHttp.Response accepted = shop.placeOrder(customer, null, Map.of(option, 1), Map.of());
        assertThat(accepted.status()).as("%s", accepted.body()).isEqualTo(202);
        ids.add(accepted.body().get("orderId").asLong());
        shop.awaitEnd(ids.get(ids.size() - 1)); // a steady stream, not a burst the ranking swallows at once
      }
      return ids;
    });
  }

  private String breakerState() {
    JsonNode breakers = http.get(RealStack.url(Service.RANKING) + "/actuator/circuitbreakers").body();
    return breakers.at("/circuitBreakers/redis/state").asText();
  }

  private static JsonNode entry(JsonNode page, long option) {
    for (JsonNode product : page.get("products")) {
      if (product.get("productOptionId").asLong() == option) {
        return product;
      }
    }
    throw new AssertionError("option " + option + " is not ranked in " + page);
  }

  /** The group has committed every partition of the topic up to its end. */
  private static long count(String sql) throws Exception {
    try (Connection connection = RealStack.stack().adminConnection(); Statement statement = connection.createStatement();
         ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}

package com.hhcommerce.stack.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.hhcommerce.order.api.OrderChannels;
import com.hhcommerce.stack.ManagedProcess;
import com.hhcommerce.stack.Service;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Retention on the real stack, with windows of seconds instead of the defaults (an hour of outbox, 30 days of saga
 * history, received messages as long as Kafka could deliver them again): the CDC deletes an outbox row only once it has
 * published it, and order-service deletes an ended saga's history (its replies' duplicate detection) and the messages
 * Eventuate's detector recorded after their windows, the order kept; every service keeps its duplicate-detection records
 * as long as the broker keeps the topics it consumes.
 */
@ExtendWith({RealStack.class, InvariantAudit.class})
class RetentionIT {

  private static final String CDC_DELETED = "hh_cdc_outbox_deleted_rows_total";
  private static final String REDELIVERY_WINDOW = "hh_retention_redelivery_window_seconds";
  /** HH_RETENTION_REDELIVERY_MARGIN's default. */
  private static final Duration MARGIN = Duration.ofDays(1);
  private static final Map<String, String> ORDER_WINDOWS = Map.of("HH_RETENTION_INTERVAL", "PT1S", "HH_RETENTION_SAGA_HISTORY", "PT10S",
      "HH_RETENTION_RECEIVED_MESSAGES", "PT15S");
  /** The topics order-service consumes: its saga's replies and its bus pings' replies. */
  private static final List<String> ORDER_SERVICE_TOPICS = List.of(OrderChannels.CREATE_ORDER_SAGA_REPLIES, OrderChannels.PING_REPLIES);

  private final Shop shop = new Shop();

  @BeforeAll
  static void windowsOfSeconds() {
    RealStack.stack().restartCdcWith(Map.of("HH_CDC_OUTBOX_KEEP", "PT0S", "HH_CDC_OUTBOX_RETENTION_INTERVAL", "PT1S"));
    RealStack.stack().restartWith(Service.ORDER, ORDER_WINDOWS);
  }

  @AfterAll
  static void theStacksWindows() {
    RealStack.stack().restartCdcWith(Map.of());
    RealStack.stack().restartWith(Service.ORDER, Map.of());
  }

  @Test
  void theCdcDeletesAnOutboxRowOnlyOnceItHasPublishedIt() throws Exception {
    long option = shop.product("retention outbox", 500, 10).get(0).id();
    long customer = shop.customersWithOneInCart(option, 1, 10_000).get(0);
    double deletedBefore = cdcDeleted();
    ManagedProcess kafka = RealStack.stack().process("kafka");
    long orderId;
    String firstCommand;
    kafka.freeze();
    try {
      orderId = shop.placeOrder(customer, null, Map.of(option, 1), Map.of()).body().get("orderId").asLong();
      firstCommand = await().atMost(Duration.ofSeconds(10)).until(() -> commandIds(orderId), ids -> !ids.isEmpty()).get(0);
      // kept for no time and looked at every second: a cleaner going by age alone would delete it at once
      await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(7)).until(() -> inOutbox(firstCommand));
    } finally {
      kafka.thaw();
    }

    JsonNode order = shop.awaitEnd(orderId);
    assertThat(order.get("status").asText()).isEqualTo("CONFIRMED");
    List<String> commands = commandIds(orderId);
    assertThat(commands).as("clear cart, reserve stock, deduct points: read before the history goes").hasSize(3);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(commands).as("the saga's commands left the outbox once published").noneMatch(RetentionIT::inOutbox));
    assertThat(cdcDeleted()).isGreaterThan(deletedBefore);
  }

  @Test
  void everyServiceKeepsItsDuplicateDetectionAsLongAsTheBrokerCouldDeliverAgain() throws Exception {
    Set<String> consumed = new TreeSet<>();
    for (Service service : Service.values()) {
      // its consumer groups are its subscribers; a rebalance may leave a member without topics for a moment
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
        Map<String, TopicRetention> topics = consumedTopics(subscribers(service));
        assertThat(topics).as("%s's consumed topics (the precondition)", service.serviceName()).isNotEmpty();
        double expected = topics.values().stream().mapToDouble(TopicRetention::seconds).max().orElseThrow() + MARGIN.toSeconds();
        System.out.printf("%s consumes %s: window %.0f s%n", service.serviceName(), topics, expected);
        assertThat(redeliveryWindow(service))
            .as("%s's redelivery window: its topics' longest retention.ms + segment.ms on the broker, plus the margin", service.serviceName())
            .isEqualTo(expected);
        consumed.addAll(topics.keySet());
      });
    }
    assertThat(consumed).contains(OrderChannels.CREATE_ORDER_SAGA_REPLIES, OrderChannels.ORDER_EVENTS);
  }

  @Test
  void anEndedSagasHistoryAndAPingsReceivedReplyGoAfterTheirWindowsAndTheOrderStays() throws Exception {
    // order-service's topics kept 10 s in segments of 10 s: received messages then go after 10 + 10 + 1 s of margin
    setTopicRetention(ORDER_SERVICE_TOPICS, Map.of(TopicConfig.RETENTION_MS_CONFIG, "10000", TopicConfig.SEGMENT_MS_CONFIG, "10000"));
    try {
      Map<String, String> windows = new HashMap<>(ORDER_WINDOWS);
      windows.put("HH_RETENTION_REDELIVERY_MARGIN", "PT1S");
      RealStack.stack().restartWith(Service.ORDER, windows);
      // read at start, on the scheduler, which may begin just after the service answers
      await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(redeliveryWindow(Service.ORDER))
          .as("the window follows the topics").isEqualTo(21));
      theSagasHistoryGoesAndTheOrderStays();
      aPingsReceivedReplyGoes();
    } finally {
      setTopicRetention(ORDER_SERVICE_TOPICS, Map.of(TopicConfig.RETENTION_MS_CONFIG, "", TopicConfig.SEGMENT_MS_CONFIG, ""));
      RealStack.stack().restartWith(Service.ORDER, ORDER_WINDOWS);
    }
  }

  private void theSagasHistoryGoesAndTheOrderStays() throws Exception {
    long option = shop.product("retention saga history", 500, 10).get(0).id();
    long customer = shop.customersWithOneInCart(option, 1, 10_000).get(0);
    long orderId = shop.placeAndAwaitEnd(customer, null, Map.of(option, 1)).get("orderId").asLong();
    String sagaId = single("SELECT saga_id FROM order_service.orders WHERE id = ?", orderId);
    List<String> replies = RealStack.rows("SELECT message_id FROM order_service.saga_step_log WHERE order_id = ? AND kind = 'REPLY'", orderId);
    assertThat(replies).as("the replies the saga received (the precondition)").hasSize(3);
    assertThat(received(replies)).as("replies in received_messages: the step log is their duplicate detection").isZero();

    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      assertThat(single("SELECT COUNT(*) FROM order_service.saga_step_log WHERE order_id = ?", orderId)).isEqualTo("0");
      assertThat(single("SELECT COUNT(*) FROM order_service.saga_instance WHERE saga_id = ?", sagaId)).isEqualTo("0");
      assertThat(single("SELECT saga_history_deleted FROM order_service.orders WHERE id = ?", orderId)).isEqualTo("1");
    });

    JsonNode order = shop.order(orderId);
    assertThat(order.get("status").asText()).as("the order keeps its outcome").isEqualTo("CONFIRMED");
    assertThat(order.get("lines")).hasSize(1);
  }

  /** A bus ping's reply is recorded by Eventuate's detector, and goes once the broker could no longer deliver it again. */
  private void aPingsReceivedReplyGoes() throws Exception {
    JsonNode ping = BusPings.answered(Service.INVENTORY);
    ConsumerRecord<byte[], byte[]> reply = KafkaTopics.find(OrderChannels.PING_REPLIES, ping.get("commandId").asText());
    List<String> replyId = List.of(KafkaTopics.messageId(reply));
    assertThat(received(replyId)).as("the ping's reply in order-service's received_messages (the precondition)").isEqualTo(1);

    // kept while the broker could still deliver it again (21 s here), looked at every second: not deleted at once
    await().during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(12)).until(() -> received(replyId) == 1);
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(received(replyId)).isZero());
  }

  /** Sets the topics' own settings; an empty value deletes the topic's own, so that the broker's default applies again. */
  private static void setTopicRetention(List<String> topics, Map<String, String> settings) throws Exception {
    Map<ConfigResource, Collection<AlterConfigOp>> changes = new HashMap<>();
    for (String topic : topics) {
      changes.put(new ConfigResource(ConfigResource.Type.TOPIC, topic), settings.entrySet().stream()
          .map(setting -> setting.getValue().isEmpty()
              ? new AlterConfigOp(new ConfigEntry(setting.getKey(), ""), AlterConfigOp.OpType.DELETE)
              : new AlterConfigOp(new ConfigEntry(setting.getKey(), setting.getValue()), AlterConfigOp.OpType.SET))
          .toList());
    }
    try (Admin admin = KafkaTopics.admin()) {
      admin.incrementalAlterConfigs(changes).all().get(10, TimeUnit.SECONDS);
    }
  }

  /** A topic's effective settings on the broker, as the seconds Kafka may still deliver one of its records. */
  private record TopicRetention(long retentionMs, long segmentMs, String cleanupPolicy) {
    double seconds() {
      return retentionMs < 0 || !cleanupPolicy.contains(TopicConfig.CLEANUP_POLICY_DELETE)
          ? Double.POSITIVE_INFINITY : (retentionMs + segmentMs) / 1000.0;
    }
  }

  /** The service's subscriber ids (Eventuate's Kafka consumer groups), each on its parked-messages counter from start. */
  private static Set<String> subscribers(Service service) throws Exception {
    Matcher line = Pattern.compile("(?m)^hh_messages_parked_total\\{[^}]*subscriber=\"([^\"]+)\"").matcher(prometheus(service));
    Set<String> subscribers = new TreeSet<>();
    while (line.find()) {
      subscribers.add(line.group(1));
    }
    return subscribers;
  }

  /** The topics assigned to the groups' current members, with their effective settings as the broker reports them. */
  private static Map<String, TopicRetention> consumedTopics(Set<String> groups) throws Exception {
    try (Admin admin = KafkaTopics.admin()) {
      Set<String> topics = new TreeSet<>();
      admin.describeConsumerGroups(groups).all().get(10, TimeUnit.SECONDS).values().forEach(group -> group.members()
          .forEach(member -> member.assignment().topicPartitions().forEach(partition -> topics.add(partition.topic()))));
      Map<ConfigResource, Config> configs = admin.describeConfigs(topics.stream()
          .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic)).toList()).all().get(10, TimeUnit.SECONDS);
      Map<String, TopicRetention> settings = new TreeMap<>();
      configs.forEach((topic, config) -> settings.put(topic.name(), new TopicRetention(
          Long.parseLong(config.get(TopicConfig.RETENTION_MS_CONFIG).value()),
          Long.parseLong(config.get(TopicConfig.SEGMENT_MS_CONFIG).value()),
          config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value())));
      return settings;
    }
  }

  /** The gauge, which has no labels (RealStack.metric reads labelled lines only); NaN or +Inf as printed. */
  private static double redeliveryWindow(Service service) throws Exception {
    Matcher line = Pattern.compile("(?m)^" + REDELIVERY_WINDOW + "(\\{[^}]*})? (\\S+)$").matcher(prometheus(service));
    assertThat(line.find()).as("%s has %s", service.serviceName(), REDELIVERY_WINDOW).isTrue();
    return switch (line.group(2)) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(line.group(2));
    };
  }

  private static String prometheus(Service service) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(RealStack.url(service) + "/actuator/prometheus"))
        .header("Authorization", RealStack.operator().authorization()).build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  private static List<String> commandIds(long orderId) throws SQLException {
    return RealStack.rows("SELECT message_id FROM order_service.saga_step_log WHERE order_id = ? AND kind = 'COMMAND' ORDER BY id", orderId);
  }

  private static boolean inOutbox(String messageId) {
    try {
      return !RealStack.rows("SELECT id FROM order_service.message WHERE id = ?", messageId).isEmpty();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long received(List<String> messageIds) throws SQLException {
    String ids = String.join(",", messageIds.stream().map(id -> "'" + id + "'").toList());
    return Long.parseLong(single("SELECT COUNT(*) FROM order_service.received_messages WHERE message_id IN (" + ids + ")"));
  }

  private static String single(String sql, Object... parameters) throws SQLException {
    return RealStack.rows(sql, parameters).get(0);
  }

  private static double cdcDeleted() {
    return RealStack.metric("http://127.0.0.1:" + RealStack.stack().settings().cdcPort(), CDC_DELETED, "schema=\"order_service\"");
  }
}

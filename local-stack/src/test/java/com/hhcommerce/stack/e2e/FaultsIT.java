package com.hhcommerce.stack.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hhcommerce.order.api.OrderChannels;
import com.hhcommerce.stack.LocalStack;
import com.hhcommerce.stack.ManagedProcess;
import com.hhcommerce.stack.Service;
import com.hhcommerce.stack.StackHttp;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The long fault runs (./mvnw -Pfaults verify): kill -9 of each kind of process with orders in flight, a
 * CDC outage, a rewound consumer group and a points race on the wallet's own channel. Every scenario
 * ends with the invariant audit; recovery times are printed for docs/reliability.md.
 */
@Tag("faults")
@ExtendWith({RealStack.class, InvariantAudit.class})
class FaultsIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Shop shop = new Shop();

  @Test
  void orchestratorKilledMidSaga() {
    killAndRestartWithOrdersInFlight("order-service");
  }

  @Test
  void cdcKilledUnderLoad() {
    killAndRestartWithOrdersInFlight(LocalStack.CDC);
  }

  @Test
  void kafkaKilled() {
    killAndRestartWithOrdersInFlight("kafka");
  }

  @Test
  void mariaDbKilled() {
    killAndRestartWithOrdersInFlight("mariadb");
  }

  @Test
  void inventoryKilled() {
    killAndRestartWithOrdersInFlight("inventory-service");
  }

  @Test
  void couponServiceKilled() {
    killAndRestartWithOrdersInFlight("coupon-service");
  }

  @Test
  void cartServiceKilled() {
    killAndRestartWithOrdersInFlight("cart-service");
  }

  /**
   * A hot standby: a second cdc-service shares the leader's ZooKeeper lock and offset store. Orders placed after
   * the leader was killed (and not restarted) are sent by the standby, from the leader's last saved offset.
   */
  @Test
  void aStandbyCdcTakesOverFromAKilledLeader() throws Exception {
    long option = shop.product("cdc takeover", 500, 1_000).get(0).id();
    List<Long> customers = shop.customersWithOneInCart(option, 10, 10_000);
    ManagedProcess standby = RealStack.stack().startStandbyCdc();
    try {
      RealStack.stack().process(LocalStack.CDC).kill();
      Instant killed = Instant.now();
      List<Long> orders = shop.placeOneEach(option, customers);
      orders.forEach(id -> shop.awaitEnd(id, Duration.ofMinutes(2)));
      report("kill -9 of the leading cdc-service, a standby running, 10 orders placed after the kill", killed);
      assertThat(orders).allSatisfy(id -> assertThat(shop.order(id).get("status").asText()).isEqualTo("CONFIRMED"));
      assertThat(Files.readString(standby.logFile())).contains("Assigning leadership", "binlogFilename=mariadb-bin.");
    } finally {
      standby.stop(Duration.ofSeconds(20));
      RealStack.stack().restart(LocalStack.CDC);
    }
  }

  @Test
  void rewoundConsumerGroupChangesNothing() throws Exception {
    long option = shop.product("rewind", 500, 1_000).get(0).id();
    shop.ordersOfOne(option, 5).forEach(shop::awaitEnd);
    int stockBefore = shop.stock(option);

    Instant restarted = Instant.now();
    rewindAndReplay(Service.INVENTORY, "inventory-service-commands", "inventory-service-commands");
    report("inventory's consumer group rewound to the first command and replayed", restarted);
    assertThat(shop.stock(option)).isEqualTo(stockBefore);
  }

  /**
   * The saga's reply consumer rewound to the topic's start: every reply the saga has taken comes again, to sagas that
   * moved on or ended (its own lock and step log drop them, with no received_messages row of Eventuate's to help).
   */
  @Test
  void rewoundSagaReplyConsumerChangesNothing() throws Exception {
    long option = shop.product("rewind replies", 500, 1_000).get(0).id();
    List<Long> paying = shop.customersWithOneInCart(option, 4, 10_000);
    long broke = shop.customersWithOneInCart(option, 1, 0).get(0);
    List<Long> customers = new ArrayList<>(paying);
    customers.add(broke);
    List<Long> orders = shop.placeOneEach(option, customers);
    orders.forEach(shop::awaitEnd);
    List<String> statuses = orders.stream().map(id -> shop.order(id).get("status").asText()).toList();
    assertThat(statuses).as("four confirmed and one compensated (the precondition)").containsExactly(
        "CONFIRMED", "CONFIRMED", "CONFIRMED", "CONFIRMED", "FAILED");
    List<List<String>> timelines = orders.stream().map(SagaRecords::timeline).toList();
    assertThat(orders.stream().map(SagaRecords::announcements).toList()).containsOnly(1L);
    int stock = shop.stock(option);
    List<Long> points = paying.stream().map(shop::points).toList();
    String parked = RealStack.rows("SELECT COUNT(*) FROM order_service.parked_message").get(0);

    Instant restarted = Instant.now();
    long replayed = rewindAndReplay(Service.ORDER, OrderChannels.CREATE_ORDER_SAGA_TYPE + "-consumer", OrderChannels.CREATE_ORDER_SAGA_REPLIES);
    report("order-service's reply consumer rewound to the topic's start and replayed (%d replies on the topic)".formatted(replayed), restarted);

    assertThat(orders.stream().map(id -> shop.order(id).get("status").asText()).toList()).isEqualTo(statuses);
    assertThat(orders.stream().map(SagaRecords::timeline).toList()).as("the step logs").isEqualTo(timelines);
    assertThat(orders.stream().map(SagaRecords::announcements).toList()).as("no order announced again").containsOnly(1L);
    assertThat(shop.stock(option)).isEqualTo(stock);
    assertThat(paying.stream().map(shop::points).toList()).isEqualTo(points);
    assertThat(RealStack.rows("SELECT COUNT(*) FROM order_service.parked_message").get(0)).as("replies parked").isEqualTo(parked);
  }

  @Test
  void concurrentDeductionsOnTheWalletChannelNeverOverdraw() throws Exception {
    long customer = shop.customerWithPoints(10_000);
    JsonNode ping = StackHttp.support().post(Shop.url(Service.ORDER, "/support/bus/pings?participant=customer-wallet-service"), "").body().get(0);
    ConsumerRecord<byte[], byte[]> template = KafkaTopics.find("customer-wallet-service-commands", ping.get("commandId").asText());
    long firstOrder = 9_000_000_000L + customer * 100;

    List<RecordMetadata> sent = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      sent.add(send(template, i % 2, "com.hhcommerce.wallet.api.DeductPointsCommand",
          "{\"orderId\":%d,\"customerId\":%d,\"amount\":1000}".formatted(firstOrder + i, customer)));
    }
    sent.forEach(s -> KafkaTopics.awaitConsumed("customer-wallet-service-commands", s));

    JsonNode ledger = shop.ledger(customer);
    assertThat(shop.points(customer)).isZero();
    assertThat(countOf(ledger, "DEDUCT")).as("exactly the deductions that fit").isEqualTo(10);

    // refund them again, so that the audit's "deducted only for confirmed orders" holds afterwards
    List<RecordMetadata> refunds = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      refunds.add(send(template, i % 2, "com.hhcommerce.wallet.api.RefundPointsCommand",
          "{\"orderId\":%d,\"customerId\":%d}".formatted(firstOrder + i, customer)));
    }
    refunds.forEach(s -> KafkaTopics.awaitConsumed("customer-wallet-service-commands", s));
    assertThat(shop.points(customer)).isEqualTo(10_000);
    assertThat(countOf(shop.ledger(customer), "REFUND")).isEqualTo(10);
  }

  /**
   * A CDC that stops publishing without an error (seen after a broker crash) is caught by its publishing
   * watchdog: with the broker frozen (SIGSTOP) longer than the watchdog's limit, the CDC exits asking to
   * be restarted, the launcher restarts it, and once the broker runs again every order completes.
   */
  @Test
  void cdcThatStopsPublishingRestartsItself() throws Exception {
    long option = shop.product("publishing stall", 500, 1_000).get(0).id();
    List<Long> customers = shop.customersWithOneInCart(option, 10, 10_000);
    // a CDC that has never seen its probe come back is held to the longer first-probe limit (5 min): this
    // scenario is about one that has published, so wait until its watchdog measured a round trip
    String health = "http://127.0.0.1:%d/actuator/health".formatted(RealStack.stack().settings().cdcPort());
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
        .until(() -> shop.http().get(health).body().at("/components/publishingWatchdog/details/lastRoundTripMs").isNumber());
    long cdcPid = RealStack.stack().process(LocalStack.CDC).pid();
    ManagedProcess kafka = RealStack.stack().process("kafka");
    kafka.freeze();
    Instant frozen = Instant.now();
    List<Long> orders;
    try {
      orders = shop.placeOneEach(option, customers);
      await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(1))
          .until(() -> RealStack.stack().process(LocalStack.CDC).pid() != cdcPid);
    } finally {
      kafka.thaw();
    }
    orders.forEach(id -> shop.awaitEnd(id, Duration.ofMinutes(4)));
    report("Kafka frozen until the CDC's watchdog restarted it (10 orders), then resumed", frozen);
    assertThat(orders).allSatisfy(id -> assertThat(shop.order(id).get("status").asText()).isEqualTo("CONFIRMED"));
    assertThat(Files.readString(RealStack.stack().process(LocalStack.CDC).logFile())).contains("exiting with code 3");
  }

  private void killAndRestartWithOrdersInFlight(String process) {
    long option = shop.product("faults " + process, 500, 1_000).get(0).id();
    List<Long> orders = shop.ordersOfOne(option, 20);
    // read just before the kill (a killed database cannot be asked afterwards): the fault must hit work in flight
    long inFlight = shop.notEnded(orders);
    RealStack.stack().process(process).kill();
    Instant killed = Instant.now();
    assertThat(inFlight).as("orders still in flight when %s was killed", process).isPositive();
    RealStack.stack().restart(process);
    orders.forEach(id -> shop.awaitEnd(id, Duration.ofMinutes(4)));
    report("kill -9 of " + process + " with " + inFlight + " of 20 orders in flight, then restart", killed);
    assertThat(orders).allSatisfy(id -> assertThat(shop.order(id).get("status").asText()).isEqualTo("CONFIRMED"));
    assertThat(shop.stock(option)).isEqualTo(1_000 - 20);
  }

  /** A command made from a real ping on the same channel: new id, another type and payload, replies to a scratch channel. */
  private static RecordMetadata send(ConsumerRecord<byte[], byte[]> template, int partition, String commandType, String payload)
      throws Exception {
    ObjectNode message = (ObjectNode) JSON.readTree(KafkaTopics.value(template));
    ObjectNode headers = (ObjectNode) message.get("headers");
    headers.put("ID", "fault-test-" + UUID.randomUUID());
    headers.put("command_type", commandType);
    headers.put("command_reply_to", "fault-test-replies");
    message.put("payload", payload);
    return KafkaTopics.republish(new ConsumerRecord<>(template.topic(), partition, 0L, template.key(),
        JSON.writeValueAsString(message).getBytes(StandardCharsets.UTF_8)));
  }

  private static long countOf(JsonNode ledger, String type) {
    long count = 0;
    for (JsonNode entry : ledger) {
      count += entry.get("type").asText().equals(type) ? 1 : 0;
    }
    return count;
  }

  /**
   * Kills the service, moves its consumer group to the topic's first offsets, restarts it and waits until the group has
   * committed every partition's end again. Returns the records on the topic, each replayed.
   */
  private static long rewindAndReplay(Service service, String group, String topic) {
    RealStack.stack().process(service).kill();
    Map<TopicPartition, Long> ends = KafkaTopics.endOffsets(topic);
    Map<TopicPartition, Long> toStart = new HashMap<>();
    ends.keySet().forEach(partition -> toStart.put(partition, 0L));
    KafkaTopics.moveConsumerGroup(group, toStart);
    RealStack.stack().restart(service.serviceName());
    KafkaTopics.awaitCaughtUp(group, topic);
    return ends.values().stream().mapToLong(Long::longValue).sum();
  }

  private static void report(String scenario, Instant from) {
    System.out.printf("FAULT %s: every saga ended %d ms later%n", scenario, Duration.between(from, Instant.now()).toMillis());
  }
}

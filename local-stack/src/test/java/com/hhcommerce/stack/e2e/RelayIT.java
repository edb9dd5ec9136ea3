package com.hhcommerce.stack.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.hhcommerce.order.api.OrderChannels;
import com.hhcommerce.stack.OutsideServers;
import com.hhcommerce.stack.Service;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * relay-service on the real stack: each order's outcome is mailed to its customer over SMTP and delivered to the
 * data platform over HTTP, once each; a mail server or a data platform that fails or is slow opens its circuit
 * breaker, never delays or fails an order, and (for the platform) loses no event.
 */
@ExtendWith({RealStack.class, InvariantAudit.class})
class RelayIT {

  private static final String NOTIFICATIONS = "relay-service-notifications";
  private static final String DATA_PLATFORM = "relay-service-data-platform";
  /** The breakers' seed settings: 30 s open, then half-open; a margin for the trial calls and the retry job. */
  private static final Duration BREAKER_RECOVERY = Duration.ofSeconds(90);

  private final Shop shop = new Shop();

  @Test
  void eachOrdersOutcomeIsMailedToItsCustomerAndDeliveredToTheDataPlatformOnce() throws Exception {
    long option = shop.product("mailed shirt", 1_000, 1).get(0).id();
    String email = address();
    long customer = shop.customerWithEmail(10_000, email);
    JsonNode confirmed = order(customer, option);
    JsonNode failed = order(customer, option); // the one in stock is taken
    assertThat(List.of(confirmed.get("status").asText(), failed.get("status").asText())).as("the outcomes (the precondition)")
        .containsExactly("CONFIRMED", "FAILED");
    long confirmedId = confirmed.get("orderId").asLong();
    long failedId = failed.get("orderId").asLong();

    await().atMost(Duration.ofSeconds(30)).until(() -> OutsideWorld.mailSubjects(email), subjects -> subjects.size() == 2);
    assertThat(OutsideWorld.mailSubjects(email)).containsExactlyInAnyOrder(
        "Your order " + confirmedId + " is confirmed", "Your order " + failedId + " could not be placed");

    List<Long> orders = List.of(confirmedId, failedId);
    await().atMost(Duration.ofSeconds(30)).until(() -> OutsideWorld.receivedFor(orders), received -> received.size() == 2);
    Map<Long, OutsideWorld.Received> byOrder = OutsideWorld.receivedFor(orders).stream()
        .collect(Collectors.toMap(OutsideWorld.Received::orderId, Function.identity()));
    assertThat(byOrder.get(confirmedId).type()).isEqualTo("OrderConfirmed");
    assertThat(byOrder.get(failedId).type()).isEqualTo("OrderRejected");
    byOrder.values().forEach(event -> {
      assertThat(event.status()).isEqualTo(202);
      assertThat(event.idempotencyKey()).as("the Idempotency-Key is the event's id").isEqualTo(event.eventId()).isNotBlank();
    });

    // every customer who places an order has signed in with an email, so none is skipped here; a customer without an
    // address (made by an operator, or unknown yet to the relay) is OrderNotificationsTest's
  }

  /**
   * relay-service keeps no received_messages: only its own records by event id stand between a replayed event and
   * a second mail or delivery. Both consumer groups read order-events again from offset 0.
   */
  @Test
  void aReplayOfTheOrderEventsSendsNoMailAndNoEventTwice() throws Exception {
    String email = address();
    long customer = shop.customerWithEmail(10_000, email);
    long orderId = order(customer, shop.product("replayed", 1_000, 5).get(0).id()).get("orderId").asLong();
    await().atMost(Duration.ofSeconds(30)).until(() -> OutsideWorld.mailSubjects(email), subjects -> subjects.size() == 1);
    await().atMost(Duration.ofSeconds(30)).until(() -> OutsideWorld.receivedFor(List.of(orderId)), received -> received.size() == 1);
    double sentBefore = OutsideWorld.relayMetric("hh_notifications_total", "outcome=\"sent\"");

    try (var ignored = restartingIfDead(Service.RELAY.serviceName())) {
      RealStack.stack().process(Service.RELAY).kill();
      Map<TopicPartition, Long> starts = new HashMap<>();
      KafkaTopics.endOffsets(OrderChannels.ORDER_EVENTS).keySet().forEach(partition -> starts.put(partition, 0L));
      KafkaTopics.moveConsumerGroup(NOTIFICATIONS, starts);
      KafkaTopics.moveConsumerGroup(DATA_PLATFORM, starts);
      RealStack.stack().restart(Service.RELAY.serviceName());
      // both groups start from offset 0 and commit up to the end only after handling every event again (the precondition)
      KafkaTopics.awaitCaughtUp(NOTIFICATIONS, OrderChannels.ORDER_EVENTS);
      KafkaTopics.awaitCaughtUp(DATA_PLATFORM, OrderChannels.ORDER_EVENTS);
    }
    assertThat(OutsideWorld.mailSubjects(email)).hasSize(1);
    assertThat(OutsideWorld.receivedFor(List.of(orderId))).hasSize(1);
    assertThat(OutsideWorld.relayMetric("hh_notifications_total", "outcome=\"sent\"")).as("mails sent since the restart").isZero();
    assertThat(sentBefore).isPositive();
  }

  /** The mail server killed (connections refused) or frozen with SIGSTOP (connections accepted, never answered). */
  enum MailFault {
    KILLED, FROZEN;

    AutoCloseable inflict() throws Exception {
      var mail = RealStack.stack().process(OutsideServers.MAIL);
      if (this == KILLED) {
        mail.kill();
        return restartingIfDead(OutsideServers.MAIL);
      }
      mail.freeze();
      return mail::thaw;
    }
  }

  @ParameterizedTest
  @EnumSource(MailFault.class)
  void aMailServerThatIsAwayCostsOnlyTheNotificationsAndItsBreakerClosesOnceItIsBack(MailFault fault) throws Exception {
    long option = shop.product("mail server " + fault, 1_000, 100).get(0).id();
    List<String> emails = new ArrayList<>();
    List<Long> customers = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      emails.add(address());
      customers.add(shop.customerWithEmail(10_000, emails.get(i)));
    }
    assertThat(OutsideWorld.breaker("notification")).isEqualTo("CLOSED");
    double failedBefore = OutsideWorld.relayMetric("hh_notifications_total", "outcome=\"failed\"");
    List<Long> orders = new ArrayList<>();
    try (var ignored = fault.inflict()) {
      for (long customer : customers) {
        JsonNode order = order(customer, option);
        assertThat(order.get("status").asText()).as("an order while the mail server is " + fault).isEqualTo("CONFIRMED");
        orders.add(order.get("orderId").asLong());
      }
      await().atMost(Duration.ofSeconds(90)).until(() -> notifications(orders),
          outcomes -> outcomes.size() == orders.size() && !outcomes.contains("SENDING")); // SENDING: claimed, its send under way
      assertThat(notifications(orders)).as("the fault hit these notifications (the precondition)").containsOnly("FAILED");
      assertThat(OutsideWorld.relayMetric("hh_notifications_total", "outcome=\"failed\"")).isGreaterThanOrEqualTo(failedBefore + orders.size());
      assertThat(OutsideWorld.breaker("notification")).isEqualTo("OPEN");
    }

    // back: the breaker half-opens after its 30 s and closes on the trial mails of the next orders
    await().atMost(BREAKER_RECOVERY).until(() -> OutsideWorld.breaker("notification"), "HALF_OPEN"::equals);
    List<String> afterwards = new ArrayList<>();
    while (!OutsideWorld.breaker("notification").equals("CLOSED") && afterwards.size() < 5) {
      String email = address();
      order(shop.customerWithEmail(10_000, email), option);
      afterwards.add(email);
      await().atMost(Duration.ofSeconds(30)).until(() -> OutsideWorld.mailSubjects(email), subjects -> subjects.size() == 1);
    }
    assertThat(OutsideWorld.breaker("notification")).isEqualTo("CLOSED");
    assertThat(emails).allSatisfy(email -> assertThat(OutsideWorld.mailSubjects(email)).as("no late mail for " + email).isEmpty());
  }

  @Test
  void aFailingDataPlatformOpensItsBreakerAndGetsEveryEventExactlyOnceWhenItIsBack() throws Exception {
    long option = shop.product("platform down", 1_000, 100).get(0).id();
    List<Long> customers = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      customers.add(shop.customerWithPoints(10_000));
    }
    List<Long> orders = new ArrayList<>();
    String failing = OutsideWorld.platformFailsWith(503);
    try {
      for (long customer : customers) {
        JsonNode order = order(customer, option);
        assertThat(order.get("status").asText()).isEqualTo("CONFIRMED");
        orders.add(order.get("orderId").asLong());
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> pendingDeliveries(orders), pending -> pending == orders.size());
      assertThat(OutsideWorld.receivedFor(orders)).as("the fault hit these events (the precondition)")
          .isNotEmpty().allSatisfy(received -> assertThat(received.status()).isEqualTo(503));
      assertThat(OutsideWorld.breaker("data-platform")).isEqualTo("OPEN");
      JsonNode health = RealStack.operator().get(RealStack.url(Service.RELAY) + "/actuator/health").body().at("/components/dataPlatform/details");
      assertThat(health.path("relay").asText()).isEqualTo("on");
      assertThat(health.path("pending").asLong()).isGreaterThanOrEqualTo(orders.size());
    } finally {
      OutsideWorld.restore(failing);
    }

    await().atMost(BREAKER_RECOVERY).until(() -> pendingDeliveries(orders), pending -> pending == 0);
    List<OutsideWorld.Received> accepted = OutsideWorld.receivedFor(orders).stream().filter(received -> received.status() == 202).toList();
    assertThat(accepted).as("each order's event accepted exactly once").hasSize(orders.size());
    assertThat(accepted).extracting(OutsideWorld.Received::orderId).containsExactlyInAnyOrderElementsOf(orders);
    assertThat(accepted).allSatisfy(received -> assertThat(received.idempotencyKey()).isEqualTo(received.eventId()));
    await().atMost(Duration.ofSeconds(30)).until(() -> OutsideWorld.breaker("data-platform"), "CLOSED"::equals);
  }

  /**
   * A platform slower than the relay's read timeout counts as failing: the breaker opens, the events wait, and
   * once it is fast again every event arrives. An event the slow platform accepted after the relay stopped waiting
   * arrives twice, with the same Idempotency-Key, which is how the platform knows it is the same event.
   */
  @Test
  void aSlowDataPlatformOpensItsBreakerAndEveryEventArrivesWithItsKeyWhenItIsFastAgain() throws Exception {
    long option = shop.product("platform slow", 1_000, 100).get(0).id();
    List<Long> customers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      customers.add(shop.customerWithPoints(10_000));
    }
    List<Long> orders = new ArrayList<>();
    String slow = OutsideWorld.platformSlowBy(Duration.ofSeconds(3));
    try {
      for (long customer : customers) {
        orders.add(order(customer, option).get("orderId").asLong());
      }
      await().atMost(Duration.ofSeconds(90)).until(() -> OutsideWorld.breaker("data-platform"), "OPEN"::equals);
      assertThat(pendingDeliveries(orders)).as("events wait for the platform (the precondition)").isPositive();
    } finally {
      OutsideWorld.restore(slow);
    }

    await().atMost(BREAKER_RECOVERY).until(() -> pendingDeliveries(orders), pending -> pending == 0);
    List<OutsideWorld.Received> received = OutsideWorld.receivedFor(orders);
    Map<Long, List<String>> eventIdsByOrder = received.stream().collect(Collectors.groupingBy(OutsideWorld.Received::orderId,
        Collectors.mapping(OutsideWorld.Received::eventId, Collectors.toList())));
    assertThat(eventIdsByOrder.keySet()).containsExactlyInAnyOrderElementsOf(orders);
    assertThat(eventIdsByOrder.values()).allSatisfy(ids -> assertThat(ids.stream().distinct()).as("one event per order").hasSize(1));
    assertThat(received).allSatisfy(event -> assertThat(event.idempotencyKey()).isEqualTo(event.eventId()));
    await().atMost(Duration.ofSeconds(30)).until(() -> OutsideWorld.breaker("data-platform"), "CLOSED"::equals);
  }

  private JsonNode order(long customer, long option) {
    shop.addToCart(customer, option, 1);
    return shop.placeAndAwaitEnd(customer, null, Map.of(option, 1));
  }

  private static String address() {
    return "relay-" + UUID.randomUUID() + "@example.com";
  }

  /** The notification outcomes recorded for the orders' events. */
  private static List<String> notifications(List<Long> orders) throws Exception {
    return RealStack.rows("SELECT outcome FROM relay_service.notification WHERE order_id IN (" + ids(orders) + ")");
  }

  /** How many of the orders' events wait to be delivered to the data platform. */
  private static long pendingDeliveries(List<Long> orders) throws Exception {
    return Long.parseLong(RealStack.rows("SELECT COUNT(*) FROM relay_service.platform_delivery WHERE delivered_at IS NULL"
        + " AND JSON_VALUE(payload, '$.aggregateId') IN (" + ids(orders) + ")").get(0));
  }

  private static String ids(List<Long> orders) {
    return orders.stream().map(String::valueOf).collect(Collectors.joining(","));
  }

  /** Whatever the test's outcome, the process runs again for the next test. */
  private static AutoCloseable restartingIfDead(String process) {
    return () -> {
      if (!RealStack.stack().process(process).isAlive()) {
        RealStack.stack().restart(process);
      }
    };
  }
}

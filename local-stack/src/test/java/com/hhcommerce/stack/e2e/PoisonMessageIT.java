package com.hhcommerce.stack.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hhcommerce.stack.Service;
import com.hhcommerce.stack.StackHttp;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A malformed payload and an unknown command type on inventory's channel: each is parked with its reason
 * in parked_message, and the channel keeps flowing (a ping sent afterwards is answered). A parked event, once what made
 * it fail is gone, is re-driven by support (GET/POST /parked-messages) and handled once, by its own subscriber only.
 */
@ExtendWith(RealStack.class)
class PoisonMessageIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final StackHttp http = StackHttp.support();

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "malformed payload|payload|{\"sentBy\": ",
      "unknown command type|command_type|com.example.NoSuchCommand"})
  void aPoisonMessageIsParkedAndTheChannelKeepsFlowing(String name, String field, String value) throws Exception {
    ConsumerRecord<byte[], byte[]> template = KafkaTopics.find("inventory-service-commands", ping("inventory-service").get("commandId").asText());
    ObjectNode poison = (ObjectNode) JSON.readTree(KafkaTopics.value(template));
    String messageId = "poison-" + UUID.randomUUID();
    ((ObjectNode) poison.get("headers")).put("ID", messageId);
    if (field.equals("payload")) {
      poison.put("payload", value);
    } else {
      ((ObjectNode) poison.get("headers")).put(field, value);
    }
    RecordMetadata sent = KafkaTopics.republish(new ConsumerRecord<>(template.topic(), template.partition(), template.offset(),
        template.key(), JSON.writeValueAsString(poison).getBytes(StandardCharsets.UTF_8)));
    KafkaTopics.awaitConsumed("inventory-service-commands", sent);

    assertThat(parkedReason(messageId)).isNotBlank();
    long pingId = ping("inventory-service").get("id").asLong();
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
        .until(() -> http.get(RealStack.url(Service.ORDER) + "/support/bus/pings/" + pingId).body().path("replies").asInt() == 1);
  }

  @Test
  void aParkedEventIsRedrivenBySupportAndHandledOnceByTheSubscriberThatParkedIt() throws Exception {
    Shop shop = new Shop();
    String coupon = RealStack.url(Service.COUPON);
    // coupon-service's customer replica fails on its next customers for a reason retrying does not cure: they are parked
    admin("CREATE TRIGGER coupon_service.refuse_known_customer BEFORE INSERT ON coupon_service.known_customer FOR EACH ROW "
        + "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'refused by PoisonMessageIT'");
    long customer;
    String messageId;
    try {
      customer = shop.customerWithPoints(0);
      String parkedOf = "SELECT message_id FROM coupon_service.parked_message WHERE subscriber_id = 'coupon-service-customer-replica' "
          + "AND headers LIKE CONCAT('%\"PARTITION_ID\":\"', ?, '\"%')";
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> !RealStack.rows(parkedOf, customer).isEmpty());
      messageId = RealStack.rows(parkedOf, customer).get(0);
    } finally {
      admin("DROP TRIGGER IF EXISTS coupon_service.refuse_known_customer");
    }
    await().atMost(Duration.ofSeconds(60)).until(() -> !RealStack.rows(
        "SELECT customer_id FROM relay_service.customer_contact WHERE customer_id = ?", customer).isEmpty());
    String contactBefore = RealStack.rows("SELECT email FROM relay_service.customer_contact WHERE customer_id = ?", customer).toString();
    assertThat(RealStack.rows("SELECT customer_id FROM coupon_service.known_customer WHERE customer_id = ?", customer)).isEmpty();

    JsonNode listed = parkedIn(coupon, messageId);
    assertThat(listed.path("state").asText()).isEqualTo("PARKED");
    assertThat(listed.path("reason").asText()).isNotBlank();
    assertThat(listed.path("destination").asText()).isEqualTo("customer-events");
    long id = listed.path("id").asLong();
    StackHttp customerHttp = shop.customer(customer);
    assertThat(customerHttp.get(coupon + "/parked-messages").status()).isEqualTo(403);
    assertThat(customerHttp.post(coupon + "/parked-messages/" + id + "/redrive", Map.of()).status()).isEqualTo(403);

    StackHttp.Response redriven = http.post(coupon + "/parked-messages/" + id + "/redrive", Map.of());
    assertThat(redriven.status()).as("%s", redriven.body()).isEqualTo(200);
    String supportAccount = "support account " + subjectOf(StackHttp.supportAuthorization());
    assertThat(redriven.body().path("redrivenBy").asText()).isEqualTo(supportAccount);

    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> !RealStack.rows(
        "SELECT customer_id FROM coupon_service.known_customer WHERE customer_id = ?", customer).isEmpty());
    assertThat(RealStack.rows("SELECT COUNT(*) FROM coupon_service.received_messages WHERE consumer_id = 'coupon-service-customer-replica' "
        + "AND message_id = ?", messageId)).as("handled once by the subscriber that parked it").containsExactly("1");
    JsonNode detail = http.get(coupon + "/parked-messages/" + id).body();
    assertThat(detail.at("/message/state").asText()).as("not parked again").isEqualTo("REDRIVEN");
    assertThat(detail.path("redrives")).hasSize(1);
    assertThat(detail.at("/redrives/0/operator").asText()).isEqualTo(supportAccount);
    assertThat(detail.at("/redrives/0/outcome").asText()).isEqualTo("DONE");
    // relay-service, the topic's other subscriber, has its contact as before and parked nothing
    assertThat(RealStack.rows("SELECT email FROM relay_service.customer_contact WHERE customer_id = ?", customer).toString())
        .isEqualTo(contactBefore);
    assertThat(RealStack.rows("SELECT COUNT(*) FROM relay_service.parked_message WHERE message_id = ?", messageId)).containsExactly("0");

    StackHttp.Response again = http.post(coupon + "/parked-messages/" + id + "/redrive", Map.of());
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.body().path("type").asText()).endsWith("parked-message-already-redriven");
    assertThat(RealStack.rows("SELECT COUNT(*) FROM coupon_service.received_messages WHERE message_id = ?", messageId)).containsExactly("1");
  }

  /** relay-service sends nothing of its own: its outbox is tailed by the CDC for re-drives only, and this proves it is. */
  @Test
  void aMessageParkedByRelayServiceIsRedrivenThroughItsOwnOutbox() throws Exception {
    String relay = RealStack.url(Service.RELAY);
    admin("CREATE TRIGGER relay_service.refuse_contact BEFORE INSERT ON relay_service.customer_contact FOR EACH ROW "
        + "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'refused by PoisonMessageIT'");
    long customer;
    String messageId;
    try {
      customer = new Shop().customerWithPoints(0);
      String parkedOf = "SELECT message_id FROM relay_service.parked_message WHERE headers LIKE CONCAT('%\"PARTITION_ID\":\"', ?, '\"%')";
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> !RealStack.rows(parkedOf, customer).isEmpty());
      messageId = RealStack.rows(parkedOf, customer).get(0);
    } finally {
      admin("DROP TRIGGER IF EXISTS relay_service.refuse_contact");
    }
    String contact = "SELECT customer_id FROM relay_service.customer_contact WHERE customer_id = ?";
    assertThat(RealStack.rows(contact, customer)).as("the contact was refused (the precondition)").isEmpty();

    JsonNode listed = parkedIn(relay, messageId);
    assertThat(listed.path("reason").asText()).contains("refused by PoisonMessageIT");
    StackHttp.Response redriven = http.post(relay + "/parked-messages/" + listed.path("id").asLong() + "/redrive", Map.of());
    assertThat(redriven.status()).as("%s", redriven.body()).isEqualTo(200);
    await("the re-driven message handled").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
        .until(() -> !RealStack.rows(contact, customer).isEmpty());
  }

  /** The parked message of that id as the support account finds it in the service's list. */
  private JsonNode parkedIn(String service, String messageId) {
    for (int page = 0; page < 50; page++) {
      JsonNode list = http.get(service + "/parked-messages?size=100&page=" + page).body();
      for (JsonNode item : list.path("items")) {
        if (item.path("messageId").asText().equals(messageId)) {
          return item;
        }
      }
      if (!list.path("hasMore").asBoolean()) {
        break;
      }
    }
    throw new AssertionError("parked message " + messageId + " is not listed");
  }

  private static String subjectOf(String authorization) throws Exception {
    String token = authorization.substring("Bearer ".length());
    return JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1])).get("sub").asText();
  }

  private static void admin(String sql) throws Exception {
    try (Connection connection = RealStack.stack().adminConnection(); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private JsonNode ping(String participant) {
    return http.post(RealStack.url(Service.ORDER) + "/support/bus/pings?participant=" + participant, "").body().get(0);
  }

  private static String parkedReason(String messageId) throws Exception {
    try (Connection connection = RealStack.database(Service.INVENTORY);
         PreparedStatement statement = connection.prepareStatement("SELECT reason FROM parked_message WHERE message_id = ?")) {
      statement.setString(1, messageId);
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }
}

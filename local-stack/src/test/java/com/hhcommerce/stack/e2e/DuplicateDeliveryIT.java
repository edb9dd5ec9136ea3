package com.hhcommerce.stack.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.hhcommerce.stack.Service;
import com.hhcommerce.stack.StackHttp;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kafka delivers at least once. Re-publishing the very same record (same message ID) must change nothing:
 * Eventuate's received_messages table drops the copy, in the participant and in order-service alike.
 */
@ExtendWith(RealStack.class)
class DuplicateDeliveryIT {

  private final StackHttp http = StackHttp.support();

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "INVENTORY, inventory-service-commands",
      "COUPON, coupon-service-commands",
      "CUSTOMER_WALLET, customer-wallet-service-commands",
      "CART, cart-service-commands"})
  void aRedeliveredCommandAndReplyAreHandledOnce(Service participant, String commandChannel) throws Exception {
    JsonNode ping = pingAndAwaitAnswer(participant.serviceName());
    String commandId = ping.get("commandId").asText();

    RecordMetadata copy = KafkaTopics.republish(KafkaTopics.find(commandChannel, commandId));
    KafkaTopics.awaitConsumed(participant.serviceName() + "-commands", copy);
    assertThat(repliesInOutbox(participant, commandId)).as("replies the participant wrote for the command").isEqualTo(1);
    assertThat(receivedCount(participant, commandId)).as("rows in received_messages").isEqualTo(1);

    RecordMetadata replyCopy = KafkaTopics.republish(KafkaTopics.find("order-service-ping-replies", commandId));
    KafkaTopics.awaitConsumed("order-service-ping-replies", replyCopy);
    JsonNode after = http.get(RealStack.url(Service.ORDER) + "/support/bus/pings/" + ping.get("id").asLong()).body();
    assertThat(after.get("replies").asInt()).as("replies order-service handled").isEqualTo(1);
  }

  private JsonNode pingAndAwaitAnswer(String participant) {
    String orders = RealStack.url(Service.ORDER);
    long id = http.post(orders + "/support/bus/pings?participant=" + participant, "").body().get(0).get("id").asLong();
    return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
        .until(() -> http.get(orders + "/support/bus/pings/" + id).body(), p -> p.path("replies").asInt() == 1);
  }

  private static int repliesInOutbox(Service participant, String commandId) throws Exception {
    return count(participant, "SELECT COUNT(*) FROM message WHERE destination = 'order-service-ping-replies' AND headers LIKE ?",
        "%" + commandId + "%");
  }

  private static int receivedCount(Service participant, String commandId) throws Exception {
    return count(participant, "SELECT COUNT(*) FROM received_messages WHERE message_id = ?", commandId);
  }

  private static int count(Service service, String sql, String parameter) throws Exception {
    try (Connection connection = RealStack.database(service); PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, parameter);
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}

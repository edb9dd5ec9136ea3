package com.hhcommerce.stack.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hhcommerce.stack.Service;
import com.hhcommerce.stack.StackHttp;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A malformed payload and an unknown command type on inventory's channel: each is parked with its reason
 * in parked_message, and the channel keeps flowing (a ping sent afterwards is answered).
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

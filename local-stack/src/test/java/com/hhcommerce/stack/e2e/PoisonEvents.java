package com.hhcommerce.stack.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;

/** A copy of a real event record with a new message id and a payload its reader cannot parse. */
final class PoisonEvents {

  private static final ObjectMapper JSON = new ObjectMapper();

  private PoisonEvents() {
  }

  /** Publishes the poison next to the template, waits until the group has consumed it, returns its message id. */
  static String publishAndAwaitConsumed(ConsumerRecord<byte[], byte[]> template, String group) throws Exception {
    ObjectNode poison = (ObjectNode) JSON.readTree(KafkaTopics.value(template));
    String messageId = "poison-" + UUID.randomUUID();
    ((ObjectNode) poison.get("headers")).put("ID", messageId);
    poison.put("payload", "{\"eventId\": ");
    RecordMetadata sent = KafkaTopics.republish(new ConsumerRecord<>(template.topic(), template.partition(), template.offset(),
        template.key(), JSON.writeValueAsString(poison).getBytes(StandardCharsets.UTF_8)));
    KafkaTopics.awaitConsumed(group, sent);
    return messageId;
  }

  /** The reason the message was parked for the subscriber, read from the service's parked_message; null if it was not. */
  static String parkedReason(String database, String subscriber, String messageId) throws Exception {
    try (Connection connection = RealStack.stack().adminConnection(); PreparedStatement statement = connection.prepareStatement(
        "SELECT reason FROM " + database + ".parked_message WHERE subscriber_id = ? AND message_id = ?")) {
      statement.setString(1, subscriber);
      statement.setString(2, messageId);
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }
}

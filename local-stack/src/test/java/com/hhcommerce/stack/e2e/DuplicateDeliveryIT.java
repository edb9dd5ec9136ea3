package com.hhcommerce.stack.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.hhcommerce.order.api.OrderChannels;
import com.hhcommerce.stack.Service;
import com.hhcommerce.stack.StackHttp;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kafka delivers at least once. Re-publishing the very same record (same message ID) must change nothing:
 * Eventuate's received_messages table drops the copy of a command or a ping's reply, the saga's own lock and step log
 * the copy of a saga's reply.
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
    JsonNode ping = BusPings.answered(participant);
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

  /**
   * order-service drops a copy of a saga's reply without a received_messages row: the saga's row lock and its step log
   * tell that the saga has moved on (an earlier step's reply) or ended (the last one's). Every reply of a confirmed
   * and of a compensated order is delivered again, in the order they came.
   */
  @Test
  void redeliveredSagaRepliesChangeNothing() throws Exception {
    Shop shop = new Shop();
    long option = shop.product("reply redelivery", 500, 10).get(0).id();
    long paying = shop.customersWithOneInCart(option, 1, 10_000).get(0);
    long broke = shop.customersWithOneInCart(option, 1, 0).get(0);
    List<Long> orders = shop.placeOneEach(option, List.of(paying, broke));
    orders.forEach(shop::awaitEnd);
    assertThat(orders.stream().map(id -> shop.order(id).get("status").asText()).toList()).containsExactly("CONFIRMED", "FAILED");
    List<String> commands = new ArrayList<>();
    for (long order : orders) {
      commands.addAll(strings("SELECT message_id FROM saga_step_log WHERE order_id = ? AND kind = 'COMMAND' ORDER BY id", order));
    }
    assertThat(commands).as("clear cart, reserve stock, deduct points; and the two undos of the refused order").hasSizeGreaterThanOrEqualTo(3 + 5);
    List<List<String>> timelines = orders.stream().map(SagaRecords::timeline).toList();
    assertThat(orders.stream().map(SagaRecords::announcements).toList()).as("each order announced once").containsExactly(1L, 1L);
    int stock = shop.stock(option);

    List<String> replies = new ArrayList<>();
    for (String command : commands) {
      ConsumerRecord<byte[], byte[]> reply = KafkaTopics.find(OrderChannels.CREATE_ORDER_SAGA_REPLIES, command);
      replies.add(KafkaTopics.messageId(reply));
      KafkaTopics.awaitConsumed(OrderChannels.CREATE_ORDER_SAGA_TYPE + "-consumer", KafkaTopics.republish(reply));
    }

    assertThat(orders.stream().map(SagaRecords::timeline).toList()).as("the step logs").isEqualTo(timelines);
    assertThat(orders.stream().map(id -> shop.order(id).get("status").asText()).toList()).containsExactly("CONFIRMED", "FAILED");
    // each copy's transaction had committed when its offset was (the outbox row of a second announcement with it)
    assertThat(orders.stream().map(SagaRecords::announcements).toList()).as("no order announced again").containsExactly(1L, 1L);
    assertThat(shop.stock(option)).isEqualTo(stock);
    assertThat(shop.points(paying)).isEqualTo(10_000 - 500);
    for (String reply : replies) {
      assertThat(count(Service.ORDER, "SELECT COUNT(*) FROM parked_message WHERE message_id = ?", reply))
          .as("reply %s dropped, not failed and parked", reply).isZero();
      assertThat(count(Service.ORDER, "SELECT COUNT(*) FROM received_messages WHERE message_id = ?", reply))
          .as("received_messages rows of reply %s: the saga deduplicates its replies itself", reply).isZero();
    }
  }

  private static List<String> strings(String sql, long orderId) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection connection = RealStack.database(Service.ORDER); PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setLong(1, orderId);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          rows.add(rs.getString(1));
        }
      }
    }
    return rows;
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

package com.hhcommerce.stack.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.hhcommerce.stack.ManagedProcess;
import com.hhcommerce.stack.Service;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Retention on the real stack, with windows of seconds instead of the defaults (an hour of outbox, 8 days of
 * received messages, 30 days of saga history): the CDC deletes an outbox row only once it has published it, and
 * order-service deletes an ended saga's history and its received messages after their windows, the order kept.
 */
@ExtendWith({RealStack.class, InvariantAudit.class})
class RetentionIT {

  private static final String CDC_DELETED = "hh_cdc_outbox_deleted_rows_total";

  private final Shop shop = new Shop();

  @BeforeAll
  static void windowsOfSeconds() {
    RealStack.stack().restartCdcWith(Map.of("HH_CDC_OUTBOX_KEEP", "PT0S", "HH_CDC_OUTBOX_RETENTION_INTERVAL", "PT1S"));
    RealStack.stack().restartWith(Service.ORDER, Map.of("HH_RETENTION_INTERVAL", "PT1S", "HH_RETENTION_SAGA_HISTORY", "PT10S",
        "HH_RETENTION_RECEIVED_MESSAGES", "PT15S"));
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
  void anEndedSagasHistoryAndTheMessagesItReceivedGoAfterTheirWindowsAndTheOrderStays() throws Exception {
    long option = shop.product("retention saga history", 500, 10).get(0).id();
    long customer = shop.customersWithOneInCart(option, 1, 10_000).get(0);
    long orderId = shop.placeAndAwaitEnd(customer, null, Map.of(option, 1)).get("orderId").asLong();
    String sagaId = single("SELECT saga_id FROM order_service.orders WHERE id = ?", orderId);
    List<String> replies = RealStack.rows("SELECT message_id FROM order_service.saga_step_log WHERE order_id = ? AND kind = 'REPLY'", orderId);
    assertThat(replies).as("the replies the saga received (the precondition)").hasSize(3);
    assertThat(received(replies)).as("each in order-service's duplicate detection").isEqualTo(replies.size());

    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      assertThat(single("SELECT COUNT(*) FROM order_service.saga_step_log WHERE order_id = ?", orderId)).isEqualTo("0");
      assertThat(single("SELECT COUNT(*) FROM order_service.saga_instance WHERE saga_id = ?", sagaId)).isEqualTo("0");
      assertThat(single("SELECT saga_history_deleted FROM order_service.orders WHERE id = ?", orderId)).isEqualTo("1");
    });
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(received(replies)).isZero());

    JsonNode order = shop.order(orderId);
    assertThat(order.get("status").asText()).as("the order keeps its outcome").isEqualTo("CONFIRMED");
    assertThat(order.get("lines")).hasSize(1);
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

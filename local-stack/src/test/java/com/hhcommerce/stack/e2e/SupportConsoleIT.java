package com.hhcommerce.stack.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.hhcommerce.stack.LocalStack;
import com.hhcommerce.stack.Service;
import com.hhcommerce.stack.StackHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The support console on the real stack: a participant stops, an order's saga is listed as stuck with the
 * step it waits on, the participant comes back without the command (lost), an operator re-sends it through
 * the API and the saga completes; the action is in the audit table.
 */
@ExtendWith({RealStack.class, InvariantAudit.class})
class SupportConsoleIT {

  private static final String CART_COMMANDS = "cart-service-commands";
  private final Shop shop = new Shop();
  private final StackHttp support = StackHttp.support();

  @Test
  void anOperatorResendsTheCommandASagaIsStuckOnAndItCompletes() throws Exception {
    long option = shop.product("support console", 1_000, 10).get(0).id();
    long customer = shop.customersWithOneInCart(option, 1, 10_000).get(0);
    RealStack.stack().process(Service.CART).stop(Duration.ofSeconds(20));
    long orderId;
    String sagaId;
    try {
      orderId = shop.placeOrder(customer, null, Map.of(option, 1), Map.of()).body().get("orderId").asLong();

      JsonNode stuck = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> {
        support.post(Shop.url(Service.ORDER, "/support/stuck-sagas/detection"), "");
        JsonNode sagas = support.get(Shop.url(Service.ORDER, "/support/sagas?stuck=true&customerId=" + customer)).body().get("items");
        return sagas.isEmpty() ? null : sagas.get(0);
      }, Objects::nonNull);
      sagaId = stuck.get("sagaId").asText();
      assertThat(stuck.get("orderId").asLong()).isEqualTo(orderId);
      assertThat(stuck.get("currentStep").asText()).isEqualTo("clear cart");
      assertThat(stuck.get("waitingOn").asText()).isEqualTo(CART_COMMANDS);
      assertThat(stuck.get("state").asText()).as("the cart is the first step").isEqualTo("STARTED");

      // the command is lost: cart-service's consumer group moves past it while the service is down
      JsonNode timeline = support.get(Shop.url(Service.ORDER, "/support/sagas/" + sagaId)).body().get("timeline");
      String clearCart = StreamSupport.stream(timeline.spliterator(), false)
          .filter(e -> "COMMAND".equals(e.get("kind").asText()) && "clear cart".equals(e.get("step").asText()))
          .findFirst().orElseThrow().get("messageId").asText();
      KafkaTopics.find(CART_COMMANDS, clearCart);
      KafkaTopics.moveConsumerGroup(CART_COMMANDS, KafkaTopics.endOffsets(CART_COMMANDS));
    } finally {
      RealStack.stack().restart(Service.CART.serviceName());
    }
    // back, but without the command: nothing moves by itself
    await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10))
        .until(() -> "STARTED".equals(shop.order(orderId).get("sagaState").asText()));

    StackHttp.Response resent = support.post(Shop.url(Service.ORDER, "/support/sagas/" + sagaId + "/actions"),
        Map.of("action", "RESEND_COMMAND", "reason", "cart-service lost the command", "expectedStep", "clear cart"));

    assertThat(resent.status()).as("re-send: %s", resent.body()).isEqualTo(200);
    assertThat(shop.awaitEnd(orderId).get("status").asText()).isEqualTo("CONFIRMED");
    assertThat(shop.cart(customer)).isEmpty();
    JsonNode view = support.get(Shop.url(Service.ORDER, "/support/sagas/" + sagaId)).body();
    assertThat(StreamSupport.stream(view.get("timeline").spliterator(), false)
        .map(e -> e.get("kind").asText() + " " + e.get("step").asText() + " " + e.get("outcome").asText()).toList())
        .containsSubsequence("COMMAND clear cart SENT", "OPERATOR clear cart DONE", "COMMAND clear cart SENT",
            "REPLY clear cart SUCCESS", "LOCAL confirm order SUCCESS");
    // the audit names the person: the support account (its id in the identity) whose token asked
    String account = RealStack.rows("SELECT id FROM " + Service.CUSTOMER_WALLET.database() + ".account WHERE email = ?",
        LocalStack.SUPPORT_EMAIL).get(0);
    assertThat(auditRows(sagaId)).containsExactly("support account " + account + " RESEND_COMMAND clear cart DONE cart-service lost the command");
  }

  private static List<String> auditRows(String sagaId) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection connection = RealStack.database(Service.ORDER);
         PreparedStatement query = connection.prepareStatement(
             "SELECT operator, action, step, outcome, reason FROM support_action WHERE saga_id = ? ORDER BY id")) {
      query.setString(1, sagaId);
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          rows.add(String.join(" ", rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
        }
      }
    }
    return rows;
  }
}

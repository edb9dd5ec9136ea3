package com.hhcommerce.stack.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.hhcommerce.stack.ManagedProcess;
import com.hhcommerce.stack.Service;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Step deadlines on the real stack: a participant that does not answer (frozen with SIGSTOP: its connections stay
 * open, nothing is read) is asked again at the deadline, and once it has not answered after the last re-send the
 * saga is compensated and the order fails with TIMED_OUT; the undo of the step it timed out at is re-sent too, and the
 * order ends only once that is answered. The shared stack's deadlines are minutes long (so that the
 * other tests' faults never reach one); this class runs order-service with a 2 s deadline, 2 re-sends, 8 s at most.
 */
@ExtendWith({RealStack.class, InvariantAudit.class})
class DeadlineIT {

  private final Shop shop = new Shop();

  @BeforeAll
  static void deadlinesOfSeconds() {
    RealStack.stack().restartWith(Service.ORDER, Map.of("HH_SAGA_DEADLINE_DEFAULT", "PT2S", "HH_SAGA_DEADLINE_MAX_RESENDS", "2",
        "HH_SAGA_DEADLINE_MAX_BACK_OFF", "PT8S"));
  }

  @AfterAll
  static void theStacksDeadlines() {
    RealStack.stack().restartWith(Service.ORDER, Map.of());
  }

  @Test
  void aParticipantThatAnswersLateIsAskedAgainAtTheDeadlineAndTheSagaCompletes() throws Exception {
    long option = shop.product("deadline re-sent", 1_000, 10).get(0).id();
    long customer = shop.customersWithOneInCart(option, 1, 10_000).get(0);
    ManagedProcess cart = RealStack.stack().process(Service.CART);
    long orderId;
    cart.freeze();
    try {
      orderId = shop.placeOrder(customer, null, Map.of(option, 1), Map.of()).body().get("orderId").asLong();
      await().atMost(Duration.ofSeconds(30)).until(() -> resentBySystem(orderId, "clear cart"), resent -> resent >= 1);
      assertThat(timeline(orderId)).as("the first command was not answered (the precondition)").doesNotContain("REPLY clear cart SUCCESS");
    } finally {
      cart.thaw();
    }

    JsonNode order = shop.awaitEnd(orderId);
    assertThat(order.get("status").asText()).isEqualTo("CONFIRMED");
    assertThat(shop.cart(customer)).isEmpty();
    List<String> timeline = timeline(orderId);
    assertThat(timeline).as("one answer taken, the answers to the commands it replaced dropped")
        .containsOnlyOnce("REPLY clear cart SUCCESS").contains("STALE_REPLY clear cart IGNORED");
    assertThat(RealStack.rows("SELECT reason FROM order_service.saga_step_log WHERE order_id = ? AND kind = 'OPERATOR'", orderId))
        .isNotEmpty().allSatisfy(reason -> assertThat(reason).startsWith("system: No answer to 'clear cart' from cart-service-commands within"));
    assertThat(auditRows(orderId)).isNotEmpty().allSatisfy(row -> assertThat(row).startsWith("system RESEND_COMMAND clear cart DONE"));
  }

  @Test
  void aParticipantSilentPastTheLastReSendHasItsSagaCompensatedAndNothingStaysTaken() throws Exception {
    long option = shop.product("deadline timed out", 1_000, 10).get(0).id();
    long customer = shop.customersWithOneInCart(option, 1, 10_000).get(0);
    ManagedProcess inventory = RealStack.stack().process(Service.INVENTORY);
    long orderId;
    inventory.freeze();
    try {
      orderId = shop.placeOrder(customer, null, Map.of(option, 1), Map.of()).body().get("orderId").asLong();
      JsonNode failed = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
          .until(() -> shop.order(orderId), o -> "TIMED_OUT".equals(o.path("failureCode").asText()));
      assertThat(failed.get("status").asText()).isEqualTo("FAILED");
      assertThat(failed.get("failureReason").asText()).contains("'reserve stock'", "after 3 attempts");
      assertThat(resentBySystem(orderId, "reserve stock")).as("sent once and re-sent twice, never answered (the precondition)").isEqualTo(2);
      assertThat(timeline(orderId)).doesNotContain("REPLY reserve stock SUCCESS");
      // the undo (release stock) is not answered either: re-sent, and the order not ended meanwhile
      await().atMost(Duration.ofSeconds(30)).until(() -> resentBySystem(orderId, "release stock"), resent -> resent >= 1);
      assertThat(shop.order(orderId).get("sagaState").asText()).as("compensating until the undo is answered").isEqualTo("COMPENSATING");
      assertThat(timeline(orderId)).doesNotContain("COMMAND restore cart SENT");
    } finally {
      inventory.thaw();
    }

    // back: inventory handles the three copies of the command (one reservation), then the undo copies sent after them;
    // the answer to the undo lets the saga restore the cart and end
    JsonNode compensated = shop.awaitEnd(orderId);
    assertThat(compensated.get("sagaState").asText()).isEqualTo("COMPENSATED");
    assertThat(compensated.get("failureCode").asText()).isEqualTo("TIMED_OUT");
    assertThat(shop.cart(customer)).as("the cart is back").containsEntry(option, 1);
    await().atMost(Duration.ofSeconds(60)).until(() -> shop.stock(option), stock -> stock == 10);
    await().atMost(Duration.ofSeconds(30)).until(() -> timeline(orderId), entries -> entries.contains("STALE_REPLY reserve stock IGNORED"));
    assertThat(shop.order(orderId).get("status").asText()).as("a late answer changes nothing").isEqualTo("FAILED");
    assertThat(auditRows(orderId)).containsSubsequence("system RESEND_COMMAND reserve stock DONE", "system RESEND_COMMAND reserve stock DONE",
        "system START_COMPENSATION reserve stock DONE", "system RESEND_COMMAND release stock DONE");
  }

  /** The saga's step log: kind, step and outcome of each entry, oldest first. */
  private static List<String> timeline(long orderId) throws Exception {
    return RealStack.rows("SELECT CONCAT_WS(' ', kind, step, outcome) FROM order_service.saga_step_log WHERE order_id = ? ORDER BY id", orderId);
  }

  /** How often the system re-sent the step's command (the copy's log entry carries who sent it). */
  private static long resentBySystem(long orderId, String step) throws Exception {
    return RealStack.rows("SELECT step FROM order_service.saga_step_log WHERE order_id = ? AND kind = 'COMMAND' AND reason = 're-sent by system'", orderId)
        .stream().filter(step::equals).count();
  }

  private static List<String> auditRows(long orderId) throws Exception {
    return RealStack.rows("SELECT CONCAT_WS(' ', operator, action, step, outcome) FROM order_service.support_action WHERE order_id = ? ORDER BY id", orderId);
  }
}

package com.hhcommerce.order.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.hhcommerce.order.ComponentTest;
import com.hhcommerce.order.InMemoryParticipants;
import com.hhcommerce.order.TestClock;
import com.hhcommerce.order.api.OrderChannels;
import com.hhcommerce.order.bus.BusProbes;
import com.hhcommerce.platform.testing.EmbeddedMariaDb;
import com.hhcommerce.platform.testing.TestTokens;
import io.eventuate.tram.messaging.producer.MessageProducer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.web.client.RestTemplateBuilder;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Step deadlines counted from the bus probe, driven by hand: no schedule runs (the test sends the probes and runs the
 * deadline check), order-service's clock moves only when the test moves it, and the bus can hold the probe channel as
 * a CDC or Kafka outage would. The wallet never answers on its own, so sagas wait at "deduct points"; it and its undo
 * "refund points" have a 10 s deadline, one re-send, at most 20 s between sends.
 */
@ComponentTest
@Import(TestClock.Config.class)
@TestPropertySource(properties = {
    "hh.support.stuck-check-interval=PT1H",
    "hh.saga.deadline.check-interval=PT1H",
    "hh.bus.probe.interval=PT1H",
    "hh.bus.probe.idle-interval=PT1H",
    "hh.saga.deadline.default=PT1H",
    "hh.saga.deadline.deduct-points=PT10S",
    "hh.saga.deadline.refund-points=PT10S",
    "hh.saga.deadline.max-resends=1",
    "hh.saga.deadline.max-back-off=PT20S"})
class BusProbeDeadlinesComponentTest {

  private static final AtomicLong CUSTOMERS = new AtomicLong(7100);

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    EmbeddedMariaDb.register(registry, "order_bus_probe");
  }

  @Autowired
  TestRestTemplate rest;
  @Autowired
  JdbcClient jdbc;
  @Autowired
  TestClock clock;
  @Autowired
  BusProbes probes;
  @Autowired
  StepDeadlines deadlines;
  @Autowired
  InMemoryParticipants.Bus bus;
  @Autowired
  MessageProducer messageProducer;

  @AfterEach
  void busBack() {
    bus.release(OrderChannels.PING_REPLIES);
  }

  @Test
  void aDeadlineDoesNotRunWhileNoProbeWrittenAfterTheCommandHasComeBackAndRunsFromItsReturn() {
    String earlier = returnedProbe();
    long orderId = placeOrder(CUSTOMERS.incrementAndGet());
    awaitWaitingOn(orderId, "deduct points");

    bus.hold(OrderChannels.PING_REPLIES);
    String probe = probes.send();
    clock.advance(Duration.ofMinutes(1));
    deadlines.enforce();
    assertThat(returnedAt(probe)).as("the probe is held (the bus is down)").isNull();
    assertThat(returnedAt(earlier)).as("a probe came back, but it was written before the command").isNotNull();
    assertThat(sends(orderId, "deduct points")).as("six deadlines passed, but the clock has not started").isEqualTo(1);
    assertThat(audit(orderId)).isEmpty();
    // the check has acted on the other tests' sagas that were overdue; their copies' clocks wait for the bus too
    Timestamp checksFrom = databaseNow();
    deadlines.enforce();
    assertThat(lockTakenSince("saga-step-deadlines", checksFrom)).as("nothing to act on: no lock taken").isFalse();
    // what an operator sees meanwhile: the bus's drain, measured by the probe on its way
    await("the undelivered probe's age grows").atMost(Duration.ofSeconds(10)).until(() -> probes.undeliveredSeconds() > 0);

    assertThat(bus.release(OrderChannels.PING_REPLIES)).isEqualTo(1);
    await().atMost(Duration.ofSeconds(10)).until(() -> returnedAt(probe) != null);
    assertThat(probes.undeliveredSeconds()).as("every probe sent since the last one back has come back").isZero();
    assertThat(returnedAt(probe)).as("the clock starts at the probe's return").isEqualTo(clock.instant());
    clock.advance(Duration.ofSeconds(10).minusMillis(1));
    deadlines.enforce();
    assertThat(sends(orderId, "deduct points")).as("a millisecond before the deadline").isEqualTo(1);
    assertThat(lockTakenSince("saga-step-deadlines", checksFrom)).isFalse();

    clock.advance(Duration.ofMillis(1));
    deadlines.enforce();
    assertThat(sends(orderId, "deduct points")).as("at the deadline: re-sent").isEqualTo(2);
    assertThat(lockTakenSince("saga-step-deadlines", checksFrom)).as("re-sent under the lock").isTrue();
    assertThat(audit(orderId)).containsExactly("system RESEND_COMMAND deduct points DONE");

    bus.hold(OrderChannels.PING_REPLIES);
    probes.send();
    clock.advance(Duration.ofMinutes(1));
    deadlines.enforce();
    assertThat(sends(orderId, "deduct points")).as("the copy's clock waits for a probe written after the copy").isEqualTo(2);
    assertThat(audit(orderId)).as("not timed out while the bus is down").hasSize(1);
    assertThat(order(orderId).get("sagaState").asText()).isEqualTo("STOCK_RESERVED");
  }

  /**
   * The scheduled probe: sent while a command waits for its clock, a probe on its way included (it may be lost), and
   * not once every waiting command's clock runs and a probe was sent within the idle interval (an hour here).
   */
  @Test
  void aProbeIsDueWhileACommandWaitsForItsClockAndNotOnceEveryClockRuns() {
    long orderId = placeOrder(CUSTOMERS.incrementAndGet());
    awaitWaitingOn(orderId, "deduct points");
    bus.hold(OrderChannels.PING_REPLIES);
    Timestamp sendFrom = databaseNow();
    String held = probes.sendIfDue();
    assertThat(held).as("a command waits for its clock: a probe is sent").isNotNull();
    assertThat(lockTakenSince("bus-probe", sendFrom)).as("sent under the lock").isTrue();
    assertThat(probes.due()).as("its probe has not come back").isTrue();

    assertThat(bus.release(OrderChannels.PING_REPLIES)).isEqualTo(1);
    await().atMost(Duration.ofSeconds(10)).until(() -> returnedAt(held) != null);
    int probesSent = probesSent();
    Timestamp checkFrom = databaseNow();

    assertThat(probes.sendIfDue()).as("every waiting command's clock runs, and a probe was sent a moment ago").isNull();
    assertThat(probesSent()).isEqualTo(probesSent);
    assertThat(lockTakenSince("bus-probe", checkFrom)).as("no probe due: no lock taken").isFalse();
    assertThat(sends(orderId, "deduct points")).isEqualTo(1);
  }

  @Test
  void theUndoOfATimedOutStepIsReSentUntilAnsweredAndTheOrderStaysInFlightMeanwhile() {
    long customer = CUSTOMERS.incrementAndGet();
    long orderId = placeOrder(customer);
    String sagaId = awaitWaitingOn(orderId, "deduct points");
    passDeadline(Duration.ofSeconds(10));
    passDeadline(Duration.ofSeconds(20));

    assertThat(audit(orderId)).as("re-sent once, then timed out (the precondition)")
        .containsExactly("system RESEND_COMMAND deduct points DONE", "system START_COMPENSATION deduct points DONE");
    JsonNode order = order(orderId);
    assertThat(order.get("status").asText()).isEqualTo("FAILED");
    assertThat(order.get("failureCode").asText()).isEqualTo("TIMED_OUT");
    assertThat(order.get("sagaState").asText()).as("not ended before the undo is answered").isEqualTo("COMPENSATING");
    assertThat(sends(orderId, "refund points")).isEqualTo(1);

    passDeadline(Duration.ofSeconds(10));
    passDeadline(Duration.ofSeconds(20));
    passDeadline(Duration.ofSeconds(20));
    assertThat(sends(orderId, "refund points")).as("re-sent past max-resends: an undo is never given up").isEqualTo(4);
    assertThat(audit(orderId)).endsWith("system RESEND_COMMAND refund points DONE", "system RESEND_COMMAND refund points DONE",
        "system RESEND_COMMAND refund points DONE");

    JsonNode saga = support().getForObject("/support/sagas/" + sagaId, JsonNode.class).get("saga");
    assertThat(saga.get("ended").asBoolean()).isFalse();
    assertThat(saga.get("state").asText()).isEqualTo("COMPENSATING");
    assertThat(saga.get("compensating").asBoolean()).isTrue();
    assertThat(saga.get("currentStep").asText()).isEqualTo("refund points");
    assertThat(saga.get("waitingOn").asText()).isEqualTo("customer-wallet-service-commands");
    assertThat(placeOrderResponse(customer).getStatusCode().value()).as("the customer's slot is still taken").isEqualTo(409);
    assertThat(timeline(orderId)).as("the steps before wait for the undo").doesNotContain("COMMAND release stock SENT");

    String firstUndo = jdbc.sql("SELECT message_id FROM saga_step_log WHERE order_id = ? AND kind = 'COMMAND' AND step = 'refund points' ORDER BY id LIMIT 1")
        .param(orderId).query(String.class).single();
    InMemoryParticipants.replyPointsRefunded(messageProducer, firstUndo, customer);
    await().atMost(Duration.ofSeconds(10)).until(() -> timeline(orderId).contains("STALE_REPLY refund points IGNORED"));
    assertThat(order(orderId).get("sagaState").asText()).as("the answer to a replaced copy changes nothing").isEqualTo("COMPENSATING");

    InMemoryParticipants.replyPointsRefunded(messageProducer, lastRequestId(sagaId), customer);
    await().atMost(Duration.ofSeconds(20)).until(() -> "COMPENSATED".equals(order(orderId).get("sagaState").asText()));
    assertThat(timeline(orderId)).containsSubsequence("REPLY refund points SUCCESS", "COMMAND release stock SENT",
        "REPLY release stock SUCCESS", "COMMAND restore cart SENT", "REPLY restore cart SUCCESS", "LOCAL reject order SUCCESS");
    assertThat(jdbc.sql("SELECT in_flight_customer_id FROM orders WHERE id = ?").param(orderId).query(Long.class).optional())
        .as("the customer may order again").isEmpty();
  }

  /** A probe comes back, then order-service's clock moves by {@code wait} and the deadlines are checked. */
  private void passDeadline(Duration wait) {
    returnedProbe();
    clock.advance(wait);
    deadlines.enforce();
  }

  private String returnedProbe() {
    String probe = probes.send();
    await().atMost(Duration.ofSeconds(10)).until(() -> returnedAt(probe) != null);
    return probe;
  }

  private Timestamp databaseNow() {
    return jdbc.sql("SELECT UTC_TIMESTAMP(3)").query(Timestamp.class).single();
  }

  /** ShedLock's row for the job, in database time (UTC): taken at or after the given moment. */
  private boolean lockTakenSince(String job, Timestamp since) {
    return jdbc.sql("SELECT COUNT(*) FROM shedlock WHERE name = ? AND locked_at >= ?").params(job, since).query(Integer.class).single() > 0;
  }

  private int probesSent() {
    return jdbc.sql("SELECT COUNT(*) FROM bus_probe").query(Integer.class).single();
  }

  private Instant returnedAt(String probe) {
    return jdbc.sql("SELECT returned_at FROM bus_probe WHERE message_id = ?").param(probe).query(Timestamp.class).optional()
        .map(Timestamp::toInstant).orElse(null);
  }

  private long placeOrder(long customer) {
    return placeOrderResponse(customer).getBody().get("orderId").asLong();
  }

  private ResponseEntity<JsonNode> placeOrderResponse(long customer) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return rest.postForEntity("/orders", new HttpEntity<>("{\"customerId\":%d,\"items\":[{\"productOptionId\":7,\"quantity\":1}]}"
        .formatted(customer), headers), JsonNode.class);
  }

  private String awaitWaitingOn(long orderId, String step) {
    await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("""
            SELECT w.step FROM orders o JOIN saga_instance s ON s.saga_id = o.saga_id
            JOIN saga_step_log w ON w.message_id = s.last_request_id AND w.kind = 'COMMAND' WHERE o.id = ?""")
        .param(orderId).query(String.class).optional().filter(step::equals).isPresent());
    return jdbc.sql("SELECT saga_id FROM orders WHERE id = ?").param(orderId).query(String.class).single();
  }

  private JsonNode order(long orderId) {
    return rest.getForObject("/orders/" + orderId, JsonNode.class);
  }

  private int sends(long orderId, String step) {
    return jdbc.sql("SELECT COUNT(*) FROM saga_step_log WHERE order_id = ? AND kind = 'COMMAND' AND step = ?")
        .params(orderId, step).query(Integer.class).single();
  }

  private List<String> audit(long orderId) {
    return jdbc.sql("SELECT CONCAT_WS(' ', operator, action, step, outcome) FROM support_action WHERE order_id = ? ORDER BY id")
        .param(orderId).query(String.class).list();
  }

  private List<String> timeline(long orderId) {
    return jdbc.sql("SELECT CONCAT_WS(' ', kind, step, outcome) FROM saga_step_log WHERE order_id = ? ORDER BY id")
        .param(orderId).query(String.class).list();
  }

  private String lastRequestId(String sagaId) {
    return jdbc.sql("SELECT last_request_id FROM saga_instance WHERE saga_id = ?").param(sagaId).query(String.class).single();
  }

  private TestRestTemplate support() {
    String token = TestTokens.support(17);
    return new TestRestTemplate(new RestTemplateBuilder().rootUri(rest.getRootUri())
        .additionalInterceptors((request, body, execution) -> {
          request.getHeaders().setBearerAuth(token);
          return execution.execute(request, body);
        }));
  }
}

package com.hhcommerce.order.support;

import org.springframework.test.context.TestPropertySource;
import com.hhcommerce.order.ComponentTest;
import com.hhcommerce.order.InMemoryParticipants;
import io.eventuate.tram.messaging.producer.MessageProducer;
import com.fasterxml.jackson.databind.JsonNode;
import com.hhcommerce.platform.testing.EmbeddedMariaDb;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Step deadlines on a real MariaDB with in-memory messaging and their real schedules, where the wallet never answers
 * on its own: "deduct points" has a 1 s deadline here (every other step an hour), one re-send, at most 2 s between
 * sends; a bus probe every 0.2 s starts the clocks.
 */
@ComponentTest
@TestPropertySource(properties = {
    "hh.support.stuck-check-interval=PT1H",
    "hh.saga.deadline.default=PT1H",
    "hh.saga.deadline.deduct-points=PT1S",
    "hh.saga.deadline.max-resends=1",
    "hh.saga.deadline.max-back-off=PT2S",
    "hh.saga.deadline.check-interval=PT0.2S",
    "hh.bus.probe.interval=PT0.2S"})
class StepDeadlinesComponentTest {

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    EmbeddedMariaDb.register(registry, "order_deadlines");
  }

  @Autowired
  TestRestTemplate rest;
  @Autowired
  JdbcClient jdbc;
  @Autowired
  MeterRegistry meters;
  @Autowired
  MessageProducer messageProducer;

  @Test
  void aStepUnansweredPastItsDeadlineIsReSentThenTheSagaIsCompensatedAndTheOrderTimedOut() {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    long orderId = rest.postForEntity("/orders", new HttpEntity<>("{\"customerId\":9001,\"items\":[{\"productOptionId\":7,\"quantity\":1}]}",
        headers), JsonNode.class).getBody().get("orderId").asLong();

    JsonNode stopped = await().atMost(Duration.ofSeconds(30)).until(() -> rest.getForObject("/orders/" + orderId, JsonNode.class),
        o -> "TIMED_OUT".equals(o.path("failureCode").asText()));
    assertThat(stopped.get("sagaState").asText()).as("compensating until the undo is answered").isEqualTo("COMPENSATING");
    String undo = jdbc.sql("""
            SELECT s.last_request_id FROM saga_instance s JOIN orders o ON o.saga_id = s.saga_id
            JOIN saga_step_log w ON w.message_id = s.last_request_id AND w.kind = 'COMMAND' AND w.step = 'refund points'
            WHERE o.id = ?""").param(orderId).query(String.class).single();
    InMemoryParticipants.replyPointsRefunded(messageProducer, undo, 9001);

    JsonNode order = await().atMost(Duration.ofSeconds(30)).until(() -> rest.getForObject("/orders/" + orderId, JsonNode.class),
        o -> "COMPENSATED".equals(o.path("sagaState").asText()));
    assertThat(order.get("status").asText()).isEqualTo("FAILED");
    assertThat(order.get("failureCode").asText()).isEqualTo("TIMED_OUT");
    assertThat(order.get("failureReason").asText()).isEqualTo("No answer to 'deduct points' from customer-wallet-service-commands after 2 attempts: timed out");

    List<String> timeline = jdbc.sql("SELECT CONCAT_WS(' ', kind, step, outcome) FROM saga_step_log WHERE order_id = ? ORDER BY id")
        .param(orderId).query(String.class).list();
    assertThat(timeline).containsSubsequence("COMMAND deduct points SENT", "OPERATOR deduct points DONE", "COMMAND deduct points SENT",
        "OPERATOR deduct points DONE", "COMMAND refund points SENT", "REPLY refund points SUCCESS", "COMMAND release stock SENT", "REPLY release stock SUCCESS",
        "COMMAND restore cart SENT", "REPLY restore cart SUCCESS", "LOCAL reject order SUCCESS");
    assertThat(jdbc.sql("SELECT CONCAT_WS(' ', operator, action, step, outcome) FROM support_action WHERE order_id = ? ORDER BY id")
        .param(orderId).query(String.class).list())
        .containsExactly("system RESEND_COMMAND deduct points DONE", "system START_COMPENSATION deduct points DONE");
    assertThat(meters.counter(StepDeadlines.ACTIONS, "step", "deduct points", "action", "RESEND_COMMAND").count()).isEqualTo(1);
    assertThat(meters.counter(StepDeadlines.ACTIONS, "step", "deduct points", "action", "START_COMPENSATION").count()).isEqualTo(1);
    assertThat(meters.counter(StepDeadlines.ACTIONS, "step", "reserve stock", "action", "RESEND_COMMAND").count())
        .as("registered at 0, untouched").isZero();
  }
}

package com.hhcommerce.order.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.hhcommerce.order.InMemoryParticipants;
import com.hhcommerce.platform.testing.EmbeddedMariaDb;
import io.eventuate.common.json.mapper.JSonMapper;
import io.eventuate.tram.messaging.producer.MessageProducer;
import io.eventuate.tram.sagas.testing.SagaParticipantStubManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The support API on a real MariaDB with in-memory messaging: no wallet answers, so every order that gets
 * that far waits at "deduct points" and, with hh.support.stuck-after=1s, is soon stuck.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.autoconfigure.exclude=com.hhcommerce.platform.messaging.EventuateMessagingAutoConfiguration",
    "hh.support.password=s3cret", "hh.support.stuck-after=PT1S", "hh.support.stuck-check-interval=PT1H",
    // the sagas wait at "deduct points" for the operator here, not for a deadline (StepDeadlinesComponentTest)
    "hh.saga.deadline.default=PT1H"})
@Import(InMemoryParticipants.class)
@AutoConfigureObservability
class SupportConsoleComponentTest {

  private static final AtomicLong CUSTOMERS = new AtomicLong(5000);

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    EmbeddedMariaDb.register(registry, "order_support");
  }

  @Autowired
  TestRestTemplate rest;
  @Autowired
  SagaParticipantStubManager participants;
  @Autowired
  MessageProducer messageProducer;
  @Autowired
  JdbcClient jdbc;
  @Autowired
  UserDetailsService supportAccounts;

  @BeforeEach
  void stubParticipants() {
    InMemoryParticipants.answerAllButTheWallet(participants);
  }

  @Test
  void showsEveryStepOfAFailedSagaWithTheReason() {
    long orderId = placeOrder(InMemoryParticipants.OUT_OF_STOCK_OPTION);
    JsonNode view = await().atMost(Duration.ofSeconds(20))
        .until(() -> support().getForObject("/support/orders/" + orderId + "/saga", JsonNode.class),
            v -> "COMPENSATED".equals(v.at("/saga/state").asText()));

    assertThat(view.at("/saga/currentStep").asText()).isEqualTo("reject order");
    assertThat(view.at("/saga/ended").asBoolean()).isTrue();
    assertThat(view.at("/saga/failed").asBoolean()).as("a compensated saga failed").isTrue();
    assertThat(view.at("/saga/compensationFailed").asBoolean()).isFalse();
    assertThat(view.at("/saga/durationMillis").asLong()).as("an ended saga shows how long it took").isPositive();
    assertThat(view.at("/saga/ageSeconds").isMissingNode()).as("age is for sagas in flight").isTrue();
    assertThat(view.at("/order/failureCode").asText()).isEqualTo("OUT_OF_STOCK");
    assertThat(view.at("/sagaData/orderId").asLong()).isEqualTo(orderId);
    assertThat(steps(view)).containsExactly(
        "LOCAL create order SUCCESS",
        "COMMAND clear cart SENT",
        "REPLY clear cart SUCCESS",
        "COMMAND reserve stock SENT",
        "REPLY reserve stock FAILURE",
        "COMMAND restore cart SENT",
        "REPLY restore cart SUCCESS",
        "LOCAL reject order SUCCESS");
    JsonNode failedReply = view.at("/timeline/4");
    assertThat(failedReply.get("messageType").asText()).isEqualTo("InsufficientStock");
    assertThat(failedReply.get("participant").asText()).isEqualTo("inventory-service-commands");
    assertThat(failedReply.get("reason").asText()).contains("Not enough stock for product option 666");
  }

  @Test
  void listsStuckSagasWithTheStepTheyWaitOnAndFiltersThem() {
    long customer = CUSTOMERS.incrementAndGet();
    long orderId = placeOrder(customer, 1);
    String sagaId = awaitWaitingToDeductPoints(orderId);

    await().atMost(Duration.ofSeconds(10)).until(() -> {
      support().postForObject("/support/stuck-sagas/detection", null, Integer.class);
      return list("?stuck=true&customerId=" + customer).size() == 1;
    });
    JsonNode stuck = list("?stuck=true&customerId=" + customer).get(0);
    assertThat(stuck.get("sagaId").asText()).isEqualTo(sagaId);
    assertThat(stuck.get("currentStep").asText()).isEqualTo("deduct points");
    assertThat(stuck.get("waitingOn").asText()).isEqualTo("customer-wallet-service-commands");
    assertThat(stuck.get("state").asText()).isEqualTo("STOCK_RESERVED");
    assertThat(stuck.get("stuck").asBoolean()).isTrue();

    assertThat(list("?step=deduct points&customerId=" + customer)).hasSize(1);
    assertThat(list("?step=reserve stock&customerId=" + customer)).isEmpty();
    assertThat(list("?state=STOCK_RESERVED&customerId=" + customer)).hasSize(1);
    assertThat(list("?state=COMPLETED&customerId=" + customer)).isEmpty();
    ResponseEntity<JsonNode> badState = support().getForEntity("/support/sagas?state=DONE", JsonNode.class);
    assertThat(badState.getStatusCode().value()).isEqualTo(400);
    assertThat(badState.getBody().get("parameter").asText()).isEqualTo("state");
    assertThat(badState.getBody().get("allowed").toString()).contains("COMPENSATED", "POINT_DEDUCTED");
    assertThat(list("?olderThan=1h&customerId=" + customer)).isEmpty();
    assertThat(list("?olderThan=0s&customerId=" + customer)).hasSize(1);
    assertThat(rest.getForObject("/actuator/prometheus", String.class)).containsPattern("hh_sagas_stuck\\{[^}]*} [1-9]");
  }

  @Test
  void resendsTheWaitingCommandAndIgnoresTheAnswerToTheOldOne() {
    long orderId = placeOrder(1);
    String sagaId = awaitWaitingToDeductPoints(orderId);
    String firstCommand = lastRequestId(sagaId);

    ResponseEntity<JsonNode> resent = act(sagaId, "RESEND_COMMAND", "customer-wallet-service was redeployed", "deduct points");

    assertThat(resent.getStatusCode().value()).isEqualTo(200);
    assertThat(resent.getBody().get("step").asText()).isEqualTo("deduct points");
    String secondCommand = lastRequestId(sagaId);
    assertThat(secondCommand).isNotEqualTo(firstCommand);

    InMemoryParticipants.replyPointsDeducted(messageProducer, sagaId, firstCommand, 0, 10_000);
    await().atMost(Duration.ofSeconds(10)).until(() -> steps(view(sagaId)).contains("STALE_REPLY deduct points IGNORED"));
    assertThat(view(sagaId).at("/saga/state").asText()).isEqualTo("STOCK_RESERVED");

    InMemoryParticipants.replyPointsDeducted(messageProducer, sagaId, secondCommand, 0, 10_000);
    JsonNode done = await().atMost(Duration.ofSeconds(10)).until(() -> view(sagaId), v -> "COMPLETED".equals(v.at("/saga/state").asText()));
    assertThat(steps(done)).containsSubsequence("COMMAND deduct points SENT", "OPERATOR deduct points DONE", "COMMAND deduct points SENT",
        "STALE_REPLY deduct points IGNORED", "REPLY deduct points SUCCESS", "LOCAL confirm order SUCCESS");
    assertThat(done.at("/actions/0/operator").asText()).isEqualTo("support");
    assertThat(done.at("/actions/0/outcome").asText()).isEqualTo("DONE");
    assertThat(done.at("/actions/0/reason").asText()).isEqualTo("customer-wallet-service was redeployed");
  }

  @Test
  void stopsAStuckSagaUndoingTheWaitingStepAndCompensatingTheOnesBefore() {
    long orderId = placeOrder(1);
    String sagaId = awaitWaitingToDeductPoints(orderId);
    assertThat(act(sagaId, "START_COMPENSATION", "too early", null).getStatusCode().value()).isEqualTo(409);
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      support().postForObject("/support/stuck-sagas/detection", null, Integer.class);
      return view(sagaId).at("/saga/stuck").asBoolean();
    });

    ResponseEntity<JsonNode> stopped = act(sagaId, "START_COMPENSATION", "customer called: cancel it", "deduct points");

    assertThat(stopped.getStatusCode().value()).isEqualTo(200);
    JsonNode done = await().atMost(Duration.ofSeconds(10)).until(() -> view(sagaId), v -> "COMPENSATED".equals(v.at("/saga/state").asText()));
    assertThat(done.at("/order/status").asText()).isEqualTo("FAILED");
    assertThat(done.at("/order/failureCode").asText()).isEqualTo("STOPPED_BY_SUPPORT");
    assertThat(done.at("/order/failureReason").asText()).contains("customer called: cancel it");
    assertThat(steps(done)).containsSubsequence("OPERATOR deduct points DONE", "COMMAND refund points SENT",
        "COMMAND release stock SENT", "REPLY release stock SUCCESS", "COMMAND restore cart SENT",
        "REPLY restore cart SUCCESS", "LOCAL reject order SUCCESS");
    JsonNode undo = StreamSupport.stream(done.get("timeline").spliterator(), false)
        .filter(e -> "refund points".equals(e.get("step").asText())).findFirst().orElseThrow();
    JsonNode firstDeduction = StreamSupport.stream(done.get("timeline").spliterator(), false)
        .filter(e -> "deduct points".equals(e.get("step").asText())).findFirst().orElseThrow();
    assertThat(partitionOf(undo.get("messageId").asText())).isEqualTo(partitionOf(firstDeduction.get("messageId").asText()));
    assertThat(done.get("actions")).extracting(a -> a.get("outcome").asText()).containsExactly("REFUSED", "DONE");
  }

  @Test
  void refusesActionsThatNoLongerApplyAndAuditsTheRefusal() {
    long orderId = placeOrder(InMemoryParticipants.OUT_OF_STOCK_OPTION);
    String sagaId = await().atMost(Duration.ofSeconds(20))
        .until(() -> support().getForObject("/support/orders/" + orderId + "/saga", JsonNode.class),
            v -> "COMPENSATED".equals(v.at("/saga/state").asText())).at("/saga/sagaId").asText();

    ResponseEntity<JsonNode> ended = act(sagaId, "RESEND_COMMAND", "try again", null);
    assertThat(ended.getStatusCode().value()).isEqualTo(409);
    assertThat(ended.getBody().get("type").asText()).endsWith("saga-ended");
    assertThat(ended.getBody().get("detail").asText()).contains("already ended in state COMPENSATED");

    long waiting = placeOrder(1);
    String waitingSaga = awaitWaitingToDeductPoints(waiting);
    ResponseEntity<JsonNode> movedOn = act(waitingSaga, "RESEND_COMMAND", "retry", "reserve stock");
    assertThat(movedOn.getStatusCode().value()).isEqualTo(409);
    assertThat(movedOn.getBody().get("currentStep").asText()).isEqualTo("deduct points");

    ResponseEntity<JsonNode> noReason = act(waitingSaga, "RESEND_COMMAND", " ", null);
    assertThat(noReason.getStatusCode().value()).isEqualTo(400);
    assertThat(noReason.getBody().toString()).contains("reason");
    assertThat(act("no-such-saga", "RESEND_COMMAND", "x", null).getStatusCode().value()).isEqualTo(404);

    assertThat(view(sagaId).get("actions")).extracting(a -> a.get("outcome").asText()).containsExactly("REFUSED");
    assertThat(view(waitingSaga).get("actions")).extracting(a -> a.get("outcome").asText()).containsExactly("REFUSED");
    // with in-memory messaging a reply can be logged before the command it answers, so find the entry by name
    JsonNode deduction = StreamSupport.stream(view(waitingSaga).get("timeline").spliterator(), false)
        .filter(e -> "COMMAND".equals(e.get("kind").asText()) && "deduct points".equals(e.get("step").asText()))
        .findFirst().orElseThrow();
    assertThat(lastRequestId(waitingSaga)).as("nothing was re-sent").isEqualTo(deduction.get("messageId").asText());
  }

  @Test
  void needsTheSupportAccountWhileCustomersStayAnonymous() {
    ResponseEntity<JsonNode> anonymous = rest.getForEntity("/support/sagas", JsonNode.class);
    assertThat(anonymous.getStatusCode().value()).isEqualTo(401);
    assertThat(anonymous.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
    assertThat(anonymous.getHeaders().getFirst("WWW-Authenticate")).startsWith("Basic");
    assertThat(rest.withBasicAuth("support", "wrong").getForEntity("/support/sagas", JsonNode.class).getStatusCode().value()).isEqualTo(401);
    assertThat(rest.getForEntity("/console/sign-in-hint", String.class).getStatusCode().value())
        .as("no sign-in hint where none is configured").isEqualTo(204);
    assertThat(rest.getForEntity("/orders?customerId=1", JsonNode.class).getStatusCode().value()).isEqualTo(200);
    assertThat(rest.getForEntity("/console/", String.class).getBody()).contains("Saga support console");
    assertThat(support().getForEntity("/support/sagas?state=NOPE", JsonNode.class).getStatusCode().value()).isEqualTo(400);
    assertThat(support().getForEntity("/support/sagas?olderThan=yesterday", JsonNode.class).getBody().toString()).contains("olderThan");
  }

  @Test
  void keepsTheConfiguredPasswordAsGivenAfterSignIns() {
    assertThat(support().getForEntity("/support/sagas", JsonNode.class).getStatusCode().value()).isEqualTo(200);
    assertThat(support().getForEntity("/support/sagas", JsonNode.class).getStatusCode().value()).isEqualTo(200);

    assertThat(supportAccounts.loadUserByUsername("support").getPassword())
        .as("not re-hashed with bcrypt, which would cost every later request a bcrypt check").isEqualTo("{noop}s3cret");
  }

  @Test
  void runsEveryQueryDocumentedForSupport() throws IOException {
    long orderId = placeOrder(1);
    String sagaId = awaitWaitingToDeductPoints(orderId);
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      support().postForObject("/support/stuck-sagas/detection", null, Integer.class);
      return view(sagaId).at("/saga/stuck").asBoolean();
    });

    Map<String, List<Map<String, Object>>> results = new LinkedHashMap<>();
    String doc = Files.readString(Path.of("../../docs/support.md"));
    Matcher block = Pattern.compile("```sql\\n(-- ([^\\n]+)\\n.*?)```", Pattern.DOTALL).matcher(doc);
    while (block.find()) {
      String sql = block.group(1).replace(":order_id", String.valueOf(orderId));
      results.put(block.group(2), jdbc.sql(sql).query().listOfRows());
    }

    assertThat(results).hasSize(7);
    assertThat(results.get("sagas in flight, oldest first, with the step each waits on and since when"))
        .anySatisfy(row -> assertThat(row).containsEntry("order_id", orderId).containsEntry("waiting_on_step", "deduct points"));
    assertThat(results.get("one order's timeline: every command, reply, local step and operator action"))
        .extracting(row -> row.get("kind") + " " + row.get("step"))
        .containsExactly("LOCAL create order", "COMMAND clear cart", "REPLY clear cart", "COMMAND reserve stock",
            "REPLY reserve stock", "COMMAND deduct points");
    assertThat(results.get("sagas marked stuck that have still not ended"))
        .anySatisfy(row -> assertThat(row).containsEntry("saga_id", sagaId).containsEntry("waiting_step", "deduct points"));
    assertThat(results.get("Eventuate's own record of an order's saga (state_name encodes the step index; saga_data_json the data)"))
        .singleElement().satisfies(row -> assertThat(row.get("saga_data_json").toString()).contains("\"orderId\":" + orderId));
  }

  // helpers

  private TestRestTemplate support() {
    return rest.withBasicAuth("support", "s3cret");
  }

  private long placeOrder(long productOptionId) {
    return placeOrder(CUSTOMERS.incrementAndGet(), productOptionId);
  }

  private long placeOrder(long customer, long productOptionId) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    String body = "{\"customerId\":%d,\"items\":[{\"productOptionId\":%d,\"quantity\":1}]}".formatted(customer, productOptionId);
    return rest.postForEntity("/orders", new HttpEntity<>(body, headers), JsonNode.class).getBody().get("orderId").asLong();
  }

  private String awaitWaitingToDeductPoints(long orderId) {
    return await().atMost(Duration.ofSeconds(20))
        .until(() -> support().getForObject("/support/orders/" + orderId + "/saga", JsonNode.class),
            v -> "deduct points".equals(v.at("/saga/currentStep").asText()) && !v.at("/saga/waitingOn").isMissingNode()
                && !v.at("/saga/waitingOn").isNull())
        .at("/saga/sagaId").asText();
  }

  private JsonNode view(String sagaId) {
    return support().getForObject("/support/sagas/" + sagaId, JsonNode.class);
  }

  private List<JsonNode> list(String query) {
    JsonNode page = support().getForObject("/support/sagas" + query, JsonNode.class);
    return StreamSupport.stream(page.get("items").spliterator(), false).toList();
  }

  private ResponseEntity<JsonNode> act(String sagaId, String action, String reason, String expectedStep) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    String body = JSonMapper.toJson(expectedStep == null ? Map.of("action", action, "reason", reason)
        : Map.of("action", action, "reason", reason, "expectedStep", expectedStep));
    return support().exchange("/support/sagas/" + sagaId + "/actions", HttpMethod.POST, new HttpEntity<>(body, headers), JsonNode.class);
  }

  private static List<String> steps(JsonNode view) {
    return StreamSupport.stream(view.get("timeline").spliterator(), false)
        .map(e -> e.get("kind").asText() + " " + e.get("step").asText() + " " + e.get("outcome").asText()).toList();
  }

  private String lastRequestId(String sagaId) {
    return jdbc.sql("SELECT last_request_id FROM saga_instance WHERE saga_id = ?").param(sagaId).query(String.class).single();
  }

  private String partitionOf(String messageId) {
    String headers = jdbc.sql("SELECT headers FROM saga_step_log WHERE message_id = ? AND kind = 'COMMAND'").param(messageId)
        .query(String.class).single();
    return JSonMapper.fromJson(headers, Map.class).get("PARTITION_ID").toString();
  }
}

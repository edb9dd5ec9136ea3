package com.hhcommerce.order.support;

import org.springframework.test.context.TestPropertySource;
import com.hhcommerce.order.ComponentTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.hhcommerce.order.InMemoryParticipants;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hhcommerce.platform.domain.DomainRefusal;
import com.hhcommerce.platform.testing.EmbeddedMariaDb;
import com.hhcommerce.platform.testing.TestTokens;
import io.eventuate.common.json.mapper.JSonMapper;
import io.eventuate.tram.messaging.producer.MessageProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.boot.web.client.RestTemplateBuilder;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.client.RestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The support API on a real MariaDB with in-memory messaging: no wallet answers, so every order that gets
 * that far waits at "deduct points" and, with hh.support.stuck-after=1s, is soon stuck. Support calls carry a support
 * account's token; the console's sign-in relay talks to a stand-in identity, a real HTTP server in this JVM.
 */
@ComponentTest
@TestPropertySource(properties = {
    "hh.support.stuck-after=PT1S",
    "hh.support.stuck-check-interval=PT1H",
    // the sagas wait at "deduct points" for the operator here, not for a deadline (StepDeadlinesComponentTest)
    "hh.saga.deadline.default=PT1H",
    // an identity that does not answer is given up on after this
    "hh.console.sign-in.read-timeout=PT1S"})
class SupportConsoleComponentTest {

  private static final AtomicLong CUSTOMERS = new AtomicLong(5000);
  /** The support engineer's account id in the identity: the subject of their token. */
  private static final long SUPPORT_ACCOUNT = 17;
  private static final IdentityStandIn IDENTITY = new IdentityStandIn();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    EmbeddedMariaDb.register(registry, "order_support");
    registry.add("hh.console.sign-in.identity-url", IDENTITY::url);
  }

  @AfterAll
  static void stopIdentity() {
    IDENTITY.stop();
  }

  @Autowired
  TestRestTemplate rest;
  @Autowired
  MessageProducer messageProducer;
  @Autowired
  JdbcClient jdbc;

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
    assertThat(done.at("/actions/0/operator").asText()).as("the person, by their account").isEqualTo("support account 17");
    assertThat(done.at("/actions/0/outcome").asText()).isEqualTo("DONE");
    assertThat(done.at("/actions/0/reason").asText()).isEqualTo("customer-wallet-service was redeployed");
    assertThat(jdbc.sql("SELECT operator FROM support_action WHERE saga_id = ?").param(sagaId).query(String.class).list())
        .containsExactly("support account 17");
    assertThat(StreamSupport.stream(done.get("timeline").spliterator(), false).filter(e -> "OPERATOR".equals(e.get("kind").asText()))
        .map(e -> e.get("reason").asText())).containsExactly("support account 17: customer-wallet-service was redeployed");
  }

  /** Eventuate would hand it to the saga's current step; the step log has no command it answers, so the guard drops it. */
  @Test
  void dropsAReplyThatNamesTheSagaButAnswersNoCommandItSent() {
    long orderId = placeOrder(1);
    String sagaId = awaitWaitingToDeductPoints(orderId);

    InMemoryParticipants.replyPointsDeductedInReplyToNothing(messageProducer, sagaId, 0, 1);
    // the answer to the waiting command, on the same channel after it: handled once the one before has been
    InMemoryParticipants.replyPointsDeducted(messageProducer, sagaId, lastRequestId(sagaId), 0, 10_000);

    JsonNode done = await().atMost(Duration.ofSeconds(10)).until(() -> view(sagaId), v -> "COMPLETED".equals(v.at("/saga/state").asText()));
    assertThat(steps(done)).containsSubsequence("COMMAND deduct points SENT", "REPLY deduct points SUCCESS", "LOCAL confirm order SUCCESS")
        .as("the real answer was the one the saga took").doesNotContain("STALE_REPLY deduct points IGNORED");
    assertThat(jdbc.sql("SELECT paid_with_points FROM orders WHERE id = ?").param(orderId).query(Long.class).single())
        .isEqualTo(10_000);
  }

  /** A command sent before the step log recorded commands is not in it: its answer still moves the saga on. */
  @Test
  void takesTheAnswerToTheWaitingCommandEvenIfTheStepLogDoesNotHaveIt() {
    long orderId = placeOrder(1);
    String sagaId = awaitWaitingToDeductPoints(orderId);
    String waiting = lastRequestId(sagaId);
    assertThat(jdbc.sql("DELETE FROM saga_step_log WHERE message_id = ? AND kind = 'COMMAND'").param(waiting).update()).isEqualTo(1);

    InMemoryParticipants.replyPointsDeducted(messageProducer, sagaId, waiting, 0, 10_000);

    await().atMost(Duration.ofSeconds(10)).until(() -> view(sagaId), v -> "COMPLETED".equals(v.at("/saga/state").asText()));
    assertThat(jdbc.sql("SELECT paid_with_points FROM orders WHERE id = ?").param(orderId).query(Long.class).single()).isEqualTo(10_000);
  }

  /** The undo a stop sends carries no saga id; an answer that names the saga anyway is still the undo's, not the step's. */
  @Test
  void takesTheAnswerToAnUndoAsTheUndosEvenIfItNamesTheSaga() {
    long orderId = placeOrder(1);
    String sagaId = awaitWaitingToDeductPoints(orderId);
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      support().postForObject("/support/stuck-sagas/detection", null, Integer.class);
      return view(sagaId).at("/saga/stuck").asBoolean();
    });
    assertThat(act(sagaId, "START_COMPENSATION", "customer called: cancel it", "deduct points").getStatusCode().value()).isEqualTo(200);

    InMemoryParticipants.replyPointsRefundedNamingSaga(messageProducer, sagaId, lastRequestId(sagaId), orderId, 0);

    JsonNode done = await().atMost(Duration.ofSeconds(10)).until(() -> view(sagaId), v -> v.at("/saga/ended").asBoolean());
    assertThat(done.at("/saga/state").asText()).isEqualTo("COMPENSATED");
    assertThat(done.at("/order/status").asText()).isEqualTo("FAILED");
    assertThat(steps(done)).containsSubsequence("COMMAND refund points SENT", "REPLY refund points SUCCESS", "COMMAND release stock SENT",
        "REPLY release stock SUCCESS", "COMMAND restore cart SENT", "REPLY restore cart SUCCESS", "LOCAL reject order SUCCESS");
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
    JsonNode undoing = view(sagaId);
    assertThat(undoing.at("/saga/state").asText()).as("not ended while the undo is unanswered").isEqualTo("COMPENSATING");
    assertThat(undoing.at("/saga/ended").asBoolean()).isFalse();
    assertThat(undoing.at("/saga/currentStep").asText()).isEqualTo("refund points");
    assertThat(steps(undoing)).as("the steps before wait for the undo").doesNotContain("COMMAND release stock SENT");
    InMemoryParticipants.replyPointsRefunded(messageProducer, lastRequestId(sagaId), 0);
    JsonNode done = await().atMost(Duration.ofSeconds(10)).until(() -> view(sagaId), v -> "COMPENSATED".equals(v.at("/saga/state").asText()));
    assertThat(done.at("/order/status").asText()).isEqualTo("FAILED");
    assertThat(done.at("/order/failureCode").asText()).isEqualTo("STOPPED_BY_SUPPORT");
    assertThat(done.at("/order/failureReason").asText()).contains("customer called: cancel it");
    assertThat(steps(done)).containsSubsequence("OPERATOR deduct points DONE", "COMMAND refund points SENT",
        "REPLY refund points SUCCESS", "COMMAND release stock SENT", "REPLY release stock SUCCESS", "COMMAND restore cart SENT",
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
  void needsASupportAccountsTokenAndRefusesEveryOtherRole() throws Exception {
    HttpResponse<String> anonymous = anonymous("GET", "/support/sagas", null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("Content-Type").orElseThrow()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    assertThat(anonymous.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Bearer");
    for (String other : List.of(TestTokens.customer(1), TestTokens.operator())) {
      ResponseEntity<JsonNode> refused = as(other).getForEntity("/support/sagas", JsonNode.class);
      assertThat(refused.getStatusCode().value()).isEqualTo(403);
      assertThat(refused.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
      assertThat(refused.getBody().get("type").asText()).endsWith("forbidden");
      assertThat(as(other).postForEntity("/support/stuck-sagas/detection", null, JsonNode.class).getStatusCode().value()).isEqualTo(403);
    }
    assertThat(support().getForEntity("/support/sagas", JsonNode.class).getStatusCode().value()).isEqualTo(200);
    assertThat(as(TestTokens.customer(1)).getForEntity("/orders?customerId=1", JsonNode.class).getStatusCode().value())
        .as("a customer's own orders, as before").isEqualTo(200);
    assertThat(anonymous("GET", "/console/sign-in-hint", null).statusCode()).as("no sign-in hint where none is configured").isEqualTo(204);
    assertThat(anonymous("GET", "/console/trace-link", null).statusCode()).as("no trace link where none is configured").isEqualTo(204);
    assertThat(anonymous("GET", "/console/", null).body()).contains("Saga support console");
    assertThat(support().getForEntity("/support/sagas?state=NOPE", JsonNode.class).getStatusCode().value()).isEqualTo(400);
    assertThat(support().getForEntity("/support/sagas?olderThan=yesterday", JsonNode.class).getBody().toString()).contains("olderThan");
  }

  @Test
  void signsInThroughTheIdentityAndPassesItsTokenOn() throws Exception {
    IDENTITY.answer(200, "application/json", null, "{\"access_token\":\"eyJ.token\",\"token_type\":\"Bearer\",\"expires_in\":900}");

    HttpResponse<String> signedIn = anonymous("POST", "/console/tokens", "{\"email\":\"ji-woo@hh-commerce.local\",\"password\":\"pass word\"}");

    assertThat(signedIn.statusCode()).isEqualTo(200);
    assertThat(signedIn.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
    assertThat(signedIn.body()).isEqualTo("{\"access_token\":\"eyJ.token\",\"token_type\":\"Bearer\",\"expires_in\":900}");
    IdentityStandIn.Request asked = IDENTITY.lastRequest();
    assertThat(asked.method() + " " + asked.path()).isEqualTo("POST /auth/tokens");
    assertThat(asked.contentType()).startsWith("application/json");
    assertThat(new ObjectMapper().readTree(asked.body()))
        .isEqualTo(new ObjectMapper().readTree("{\"email\":\"ji-woo@hh-commerce.local\",\"password\":\"pass word\"}"));
    assertThat(asked.forwardedFor()).as("the console user's address, for the identity's limits").isEqualTo("127.0.0.1");
  }

  @Test
  void passesTheIdentitysRefusalsOnWithTheirProblemAndRetryAfter() throws Exception {
    String wrong = "{\"type\":\"urn:problem:hh-commerce:invalid-credentials\",\"title\":\"Unauthorized\",\"status\":401,"
        + "\"detail\":\"Wrong email or password\",\"instance\":\"/auth/tokens\"}";
    IDENTITY.answer(401, "application/problem+json", null, wrong);
    HttpResponse<String> refused = anonymous("POST", "/console/tokens", "{\"email\":\"a@b.c\",\"password\":\"wrong\"}");
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
    assertThat(refused.body()).isEqualTo(wrong);

    String tooMany = "{\"type\":\"urn:problem:hh-commerce:too-many-sign-ins\",\"title\":\"Too Many Requests\",\"status\":429}";
    IDENTITY.answer(429, "application/problem+json", "60", tooMany);
    HttpResponse<String> limited = anonymous("POST", "/console/tokens", "{\"email\":\"a@b.c\",\"password\":\"wrong\"}");
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("Retry-After")).hasValue("60");
    assertThat(limited.body()).isEqualTo(tooMany);
  }

  @Test
  void answersServiceUnavailableWhenTheIdentityFailsOrDoesNotAnswer() throws Exception {
    IDENTITY.answer(500, "application/problem+json", null, "{\"status\":500}");
    assertUnavailable(anonymous("POST", "/console/tokens", "{\"email\":\"a@b.c\",\"password\":\"x\"}"), "answered 500");

    IDENTITY.hang();
    try {
      assertUnavailable(anonymous("POST", "/console/tokens", "{\"email\":\"a@b.c\",\"password\":\"x\"}"), "did not answer");
    } finally {
      IDENTITY.release();
    }
  }

  @Test
  void answersServiceUnavailableWhenNothingListensAtTheIdentitysAddress() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    ConsoleSignIn relay = new ConsoleSignIn(RestClient.builder(),
        new SupportSettings.SignIn(URI.create("http://127.0.0.1:" + closed), Duration.ofSeconds(1), Duration.ofSeconds(1)));

    assertThatThrownBy(() -> relay.signIn(new ConsoleSignIn.SignInRequest("a@b.c", "x"), new MockHttpServletRequest()))
        .isInstanceOfSatisfying(DomainRefusal.class, refusal -> {
          assertThat(refusal.kind()).isEqualTo(DomainRefusal.Kind.UNAVAILABLE);
          assertThat(refusal.code()).isEqualTo("identity-unavailable");
          assertThat(refusal.retryAfter()).isPresent();
        });
  }

  @Test
  void refusesABadSignInRequestWithoutAskingTheIdentity() throws Exception {
    IDENTITY.answer(200, "application/json", null, "{}");
    int asked = IDENTITY.requests();
    HttpResponse<String> unknownField = anonymous("POST", "/console/tokens", "{\"email\":\"a@b.c\",\"password\":\"x\",\"customerId\":1}");
    assertThat(unknownField.statusCode()).isEqualTo(400);
    assertThat(unknownField.body()).contains("customerId");
    HttpResponse<String> noPassword = anonymous("POST", "/console/tokens", "{\"email\":\"a@b.c\",\"password\":\" \"}");
    assertThat(noPassword.statusCode()).isEqualTo(400);
    assertThat(noPassword.body()).contains("password");
    assertThat(IDENTITY.requests()).isEqualTo(asked);
  }

  /** The description says the support API takes a bearer token (no HTTP Basic any more) and the sign-in none. */
  @Test
  void describesTheSupportApiAndTheSignIn() {
    JsonNode docs = rest.getForObject("/v3/api-docs", JsonNode.class);
    assertThat(docs.at("/components/securitySchemes").toString()).doesNotContainIgnoringCase("basic");
    for (String operation : List.of("/paths/~1support~1sagas/get", "/paths/~1support~1sagas~1{sagaId}~1actions/post",
        "/paths/~1support~1bus~1pings/post")) {
      JsonNode described = docs.at(operation);
      assertThat(described.at("/security/0").fieldNames()).toIterable().as(operation).containsExactly("bearer");
      assertThat(described.path("responses").fieldNames()).toIterable().as(operation).contains("401", "403");
      assertThat(described.path("parameters").toString()).as("the token is no parameter").doesNotContain("token");
    }
    JsonNode signIn = docs.at("/paths/~1console~1tokens/post");
    assertThat(signIn.path("security").isArray() && signIn.path("security").isEmpty()).as("open: %s", signIn).isTrue();
    assertThat(signIn.path("responses").fieldNames()).toIterable().contains("200", "400", "401", "429", "503");
    assertThat(signIn.at("/responses/200/content/application~1json/schema/$ref").asText()).endsWith("/TokenResponse");
    assertThat(docs.at("/components/schemas/TokenResponse/properties").fieldNames()).toIterable()
        .containsExactlyInAnyOrder("access_token", "token_type", "expires_in");
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

    assertThat(results).hasSize(9).containsKeys("parked messages not re-driven (or parked again), oldest first",
        "re-drives, newest first, with who did them");
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
    return as(TestTokens.support(SUPPORT_ACCOUNT));
  }

  /** A client that sends this bearer token. */
  private TestRestTemplate as(String token) {
    return new TestRestTemplate(new RestTemplateBuilder().rootUri(rest.getRootUri())
        .additionalInterceptors((request, body, execution) -> {
          request.getHeaders().setBearerAuth(token);
          return execution.execute(request, body);
        }));
  }

  /** As the console page's sign-in, or a stranger: no Authorization header at all. */
  private HttpResponse<String> anonymous(String method, String path, String json) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(rest.getRootUri() + path)).timeout(Duration.ofSeconds(30))
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void assertUnavailable(HttpResponse<String> response, String detail) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
    assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    assertThat(response.body()).contains("identity-unavailable").contains(detail);
    assertThat(response.headers().firstValue("Retry-After")).isPresent();
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

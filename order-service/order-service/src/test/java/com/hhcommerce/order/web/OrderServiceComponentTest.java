package com.hhcommerce.order.web;

import com.hhcommerce.order.ComponentTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hhcommerce.order.InMemoryParticipants;
import com.hhcommerce.order.domain.OrderFailure;
import com.hhcommerce.order.domain.Orders;
import com.hhcommerce.platform.testing.EmbeddedMariaDb;
import io.eventuate.tram.messaging.producer.MessageProducer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * order-service alone, on a real MariaDB, with in-memory messaging and stubbed participants: the cart and
 * inventory answer, the wallet never does, so orders stay in flight at the points step. That is what the REST
 * contract, the one-order-in-flight rule and the Idempotency-Key need.
 */
@ComponentTest
class OrderServiceComponentTest {

  private static final AtomicLong CUSTOMERS = new AtomicLong(1000);

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    EmbeddedMariaDb.register(registry, "order_component");
  }

  @Autowired
  TestRestTemplate rest;

  @Autowired
  MessageProducer messageProducer;
  @Autowired
  JdbcClient jdbc;
  @Autowired
  Orders orders;

  private final ObjectMapper json = new ObjectMapper();

  private String sagaIdOf(long orderId) {
    return jdbc.sql("SELECT saga_id FROM orders WHERE id = ?").param(orderId).query(String.class).single();
  }

  private ResponseEntity<JsonNode> post(String body, String idempotencyKey) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    if (idempotencyKey != null) {
      headers.add("Idempotency-Key", idempotencyKey);
    }
    return rest.postForEntity("/orders", new HttpEntity<>(body, headers), JsonNode.class);
  }

  private static String order(long customer, long option, int quantity) {
    return "{\"customerId\":%d,\"items\":[{\"productOptionId\":%d,\"quantity\":%d}]}".formatted(customer, option, quantity);
  }

  private JsonNode awaitState(long orderId, String state) {
    return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
        .until(() -> rest.getForObject("/orders/" + orderId, JsonNode.class), o -> state.equals(o.path("sagaState").asText()));
  }

  @Test
  void acceptsAnOrderAt202AndPricesItWithInventorysPrices() {
    long customer = CUSTOMERS.incrementAndGet();
    ResponseEntity<JsonNode> accepted = post(order(customer, 1, 3), null);

    assertThat(accepted.getStatusCode().value()).isEqualTo(202);
    long orderId = accepted.getBody().get("orderId").asLong();
    assertThat(accepted.getHeaders().getLocation()).hasToString("/orders/" + orderId);
    assertThat(accepted.getBody().get("status").asText()).isEqualTo("PROCESSING");

    JsonNode order = awaitState(orderId, "STOCK_RESERVED");
    assertThat(order.get("status").asText()).isEqualTo("PROCESSING");
    assertThat(order.at("/lines/0/unitPrice").asLong()).isEqualTo(10_000);
    assertThat(order.at("/amounts/subtotal").asLong()).isEqualTo(30_000);

    // the wallet's answer to the deduction the saga now waits on
    Map<String, Object> saga = jdbc.sql("SELECT saga_id, last_request_id FROM saga_instance WHERE saga_id = ?")
        .param(sagaIdOf(orderId)).query().singleRow();
    InMemoryParticipants.replyPointsDeducted(messageProducer, (String) saga.get("saga_id"), (String) saga.get("last_request_id"),
        customer, 30_000);
    JsonNode confirmed = awaitState(orderId, "COMPLETED");
    assertThat(confirmed.get("status").asText()).isEqualTo("CONFIRMED");
    assertThat(confirmed.at("/amounts/paidWithPoints").asLong()).isEqualTo(30_000);
    assertThat(rest.getForObject("/orders?customerId=" + customer, JsonNode.class).get("items")).hasSize(1);
  }

  @Test
  void refusesASecondOrderWhileTheFirstIsInFlight() {
    long customer = CUSTOMERS.incrementAndGet();
    long first = post(order(customer, 1, 1), null).getBody().get("orderId").asLong();

    ResponseEntity<JsonNode> second = post(order(customer, 2, 1), null);

    assertThat(second.getStatusCode().value()).isEqualTo(409);
    assertThat(second.getHeaders().getContentType()).hasToString("application/problem+json");
    assertThat(second.getBody().get("inFlightOrderId").asLong()).isEqualTo(first);
    assertThat(second.getHeaders().getFirst("Retry-After")).as("when to try again").isEqualTo("2");
    assertThat(rest.getForObject("/orders?customerId=" + customer, JsonNode.class).get("items")).hasSize(1);
  }

  /** A failed order keeps the customer's slot until it is rolled back: the 409 and the order both say so. */
  @Test
  void saysAFailedOrderIsBeingRolledBackAndWhenToOrderAgain() {
    long customer = CUSTOMERS.incrementAndGet();
    long failing = post(order(customer, 1, 1), null).getBody().get("orderId").asLong();
    awaitState(failing, "STOCK_RESERVED");
    orders.compensating(failing, new OrderFailure("INSUFFICIENT_POINTS", "Not enough points"));

    ResponseEntity<JsonNode> next = post(order(customer, 2, 1), null);
    assertThat(next.getStatusCode().value()).isEqualTo(409);
    assertThat(next.getHeaders().getFirst("Retry-After")).isEqualTo("2");
    assertThat(next.getBody().get("detail").asText()).contains("previous order " + failing + " failed", "is being rolled back");
    assertThat(next.getBody().get("inFlightOrderStatus").asText()).isEqualTo("FAILED");
    JsonNode failed = rest.getForObject("/orders/" + failing, JsonNode.class);
    assertThat(failed.get("status").asText()).isEqualTo("FAILED");
    assertThat(failed.get("message").asText()).contains("being rolled back");
    assertThat(failed.at("/amounts/subtotal").asLong()).isEqualTo(10_000);
    assertThat(failed.at("/amounts/paidWithPoints").isMissingNode()).as("a failed order shows no payment").isTrue();
  }

  @Test
  void replaysTheSameOrderForTheSameIdempotencyKeyAndRefusesAnotherBody() {
    long customer = CUSTOMERS.incrementAndGet();
    ResponseEntity<JsonNode> first = post(order(customer, 1, 2), "checkout-42");
    ResponseEntity<JsonNode> again = post(order(customer, 1, 2), "checkout-42");
    ResponseEntity<JsonNode> changed = post(order(customer, 1, 5), "checkout-42");

    assertThat(again.getStatusCode().value()).isEqualTo(202);
    assertThat(again.getBody().get("orderId")).isEqualTo(first.getBody().get("orderId"));
    assertThat(again.getHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
    assertThat(changed.getStatusCode().value()).isEqualTo(422);
    assertThat(changed.getBody().get("type").asText()).endsWith("idempotency-key-reused");
  }

  @Test
  void showsTheFailureReasonAndLetsTheCustomerOrderAgain() {
    long customer = CUSTOMERS.incrementAndGet();
    long failed = post(order(customer, InMemoryParticipants.OUT_OF_STOCK_OPTION, 1), null).getBody().get("orderId").asLong();

    JsonNode order = awaitState(failed, "COMPENSATED");
    assertThat(order.get("status").asText()).isEqualTo("FAILED");
    assertThat(order.get("failureCode").asText()).isEqualTo("OUT_OF_STOCK");
    assertThat(order.get("message").asText()).contains("Not enough stock for product option 666");

    assertThat(post(order(customer, 1, 1), null).getStatusCode().value()).isEqualTo(202);
    String metrics = rest.getForObject("/actuator/prometheus", String.class);
    assertThat(metrics).containsPattern("hh_sagas_ended_total\\{[^}]*outcome=\"FAILED\"[^}]*reason=\"OUT_OF_STOCK\"")
        .contains("hh_sagas_started_total").contains("hh_sagas_duration_seconds_bucket").contains("hh_sagas_in_flight");
  }

  /**
   * The description says who may call what, from the security rules themselves: placing an order is a customer's (403
   * for another role), reading one anyone's signed in (404 for another's), the support API support's; and the media
   * types really sent.
   */
  @Test
  void describesWhoMayCallEachOperationAndWhatItSends() {
    JsonNode docs = rest.getForObject("/v3/api-docs", JsonNode.class);
    assertThat(docs.at("/components/securitySchemes/bearer/scheme").asText()).isEqualTo("bearer");
    assertThat(docs.at("/components/securitySchemes/bearer/bearerFormat").asText()).isEqualTo("JWT");
    JsonNode place = docs.at("/paths/~1orders/post");
    assertThat(place.at("/security/0").fieldNames()).toIterable().containsExactly("bearer");
    assertThat(place.path("responses").fieldNames()).toIterable().contains("202", "401", "403");
    JsonNode read = docs.at("/paths/~1orders~1{id}/get");
    assertThat(read.at("/security/0").fieldNames()).toIterable().containsExactly("bearer");
    assertThat(read.path("responses").fieldNames()).toIterable().contains("200", "401", "404").doesNotContain("403");
    assertThat(read.at("/responses/401/content/application~1problem+json/schema/$ref").asText()).isEqualTo("#/components/schemas/Problem");
    assertThat(read.at("/responses/200/content").fieldNames()).toIterable().containsExactly("application/json");
    assertThat(docs.at("/paths/~1orders~1{id}~1events/get/responses/200/content").fieldNames()).toIterable()
        .containsExactly("text/event-stream");
    JsonNode sagas = docs.at("/paths/~1support~1sagas/get");
    String scheme = sagas.at("/security/0").fieldNames().next();
    assertThat(docs.at("/components/securitySchemes").has(scheme)).as("the support API's scheme %s is declared", scheme).isTrue();
    assertThat(sagas.path("responses").fieldNames()).toIterable().contains("401", "403");
    assertThat(docs.at("/components/schemas/Problem/properties/instance/format").asText()).isEqualTo("uri-reference");
    assertThat(docs.toString()).doesNotContain("*/*");
    // a success status other than 200 keeps its body: 202 for an order (a ResponseEntity), 202 for a ping (@ResponseStatus)
    assertThat(place.at("/responses/202/content").fieldNames()).toIterable().containsExactly("application/json");
    assertThat(docs.at("/paths/~1support~1bus~1pings/post/responses/202/content").fieldNames()).toIterable()
        .containsExactly("application/json");
  }

  @Test
  void answersBadRequestsWithProblemDetailsNamingTheField() throws Exception {
    assertProblem(post("{\"customerId\":1,\"items\":[]}", null), 400, "items");
    assertProblem(post("{\"customerId\":1,\"items\":[{\"productOptionId\":1,\"quantity\":0}]}", null), 400, "items[0].quantity");
    assertProblem(post("{\"customerId\":-1,\"items\":[{\"productOptionId\":1,\"quantity\":1}]}", null), 400, "customerId");
    assertProblem(post("{\"customerId\":1,\"items\":[{\"productOptionId\":1,\"quantity\":1},{\"productOptionId\":1,\"quantity\":2}]}", null), 400, "productOptionId");
    assertProblem(post("{\"customerId\":1,\"items\":[{\"productOptionId\":1,\"quantity\":99999999999}]}", null), 400, "quantity");
    assertProblem(post("{\"customerId\":1,\"items\":[{\"productOptionId\":1,\"quantity\":1}],\"price\":1}", null), 400, "price");
    assertProblem(post("{\"customerId\":1,", null), 400, "malformed-body");
    assertProblem(rest.getForEntity("/orders/987654321", JsonNode.class), 404, "987654321");
    assertThat(rest.getForObject("/orders?customerId=1", JsonNode.class).get("items")).isEmpty();
  }

  @Test
  void pagesThroughACustomersOrdersAndRefusesAnotherPagingStyle() throws Exception {
    long customer = CUSTOMERS.incrementAndGet();
    for (int i = 0; i < 3; i++) {
      long orderId = post(order(customer, InMemoryParticipants.OUT_OF_STOCK_OPTION, 1), null).getBody().get("orderId").asLong();
      awaitState(orderId, "COMPENSATED");
    }
    JsonNode first = rest.getForObject("/orders?customerId=" + customer + "&size=2", JsonNode.class);
    assertThat(first.get("items")).hasSize(2);
    assertThat(first.get("hasMore").asBoolean()).isTrue();
    assertThat(first.get("next").asText()).startsWith("/orders?").contains("customerId=" + customer, "page=1", "size=2");
    JsonNode second = rest.getForObject(first.get("next").asText(), JsonNode.class);
    assertThat(second.get("items")).hasSize(1);
    assertThat(second.get("hasMore").asBoolean()).isFalse();
    assertThat(second.has("next")).isFalse();
    assertThat(second.at("/items/0/orderId").asLong()).as("newest first").isLessThan(first.at("/items/1/orderId").asLong());

    ResponseEntity<JsonNode> limit = rest.getForEntity("/orders?customerId=" + customer + "&limit=5", JsonNode.class);
    assertProblem(limit, 400, "unknown-parameter");
    assertThat(limit.getBody().get("parameter").asText()).isEqualTo("limit");
    assertThat(limit.getBody().get("allowed").toString()).contains("customerId", "page", "size");
    ResponseEntity<JsonNode> tooBig = rest.getForEntity("/orders?customerId=" + customer + "&size=500", JsonNode.class);
    assertProblem(tooBig, 400, "invalid-parameter");
    assertThat(tooBig.getBody().get("parameter").asText()).isEqualTo("size");
  }

  @Test
  void readsJsonStrictlyAndNamesTheFieldOfEachMistake() throws Exception {
    long customer = CUSTOMERS.incrementAndGet();
    String line = "{\"productOptionId\":1,\"quantity\":%s}";
    String body = "{\"customerId\":%s,\"items\":[%s]}";
    assertField(post(body.formatted(customer, line.formatted("1.5")), null), "invalid-field", "items[0].quantity");
    assertField(post(body.formatted(customer, line.formatted("\"3\"")), null), "invalid-field", "items[0].quantity");
    assertField(post(body.formatted("\"" + customer + "\"", line.formatted("1")), null), "invalid-field", "customerId");
    assertField(post(body.formatted(customer, line.formatted("true")), null), "invalid-field", "items[0].quantity");
    assertField(post("{\"customerId\":%d,\"customerId\":%d,\"items\":[%s]}".formatted(customer, customer + 1, line.formatted("1")), null),
        "duplicate-field", "customerId");
    assertField(post(body.formatted(customer, "{\"productOptionId\":1,\"quantity\":1,\"quantity\":2}"), null),
        "duplicate-field", "items[0].quantity");
    assertField(post(body.formatted(customer, line.formatted("1") + "," + line.formatted("2")), null), "invalid-request",
        "items[1].productOptionId");
    ResponseEntity<JsonNode> truncated = post(body.formatted(customer, line.formatted("1")).substring(0, 40), null);
    assertProblem(truncated, 400, "malformed-body");
    assertThat(truncated.getBody().get("detail").asText()).contains("ends too early");
    assertThat(rest.getForObject("/orders?customerId=" + customer, JsonNode.class).get("items")).as("no bad request placed an order").isEmpty();
  }

  @Test
  void answersTheFrameworksOwnErrorsAsProblemsNamingWhatTheClientSent() throws Exception {
    assertProblem(rest.getForEntity("/no-such-path", JsonNode.class), 404, "no-such-endpoint");
    ResponseEntity<JsonNode> wrongMethod = rest.exchange("/orders/1", HttpMethod.DELETE, null, JsonNode.class);
    assertProblem(wrongMethod, 405, "method-not-allowed");
    assertThat(wrongMethod.getBody().get("allowed").toString()).contains("GET");
    HttpHeaders text = new HttpHeaders();
    text.setContentType(MediaType.TEXT_PLAIN);
    ResponseEntity<JsonNode> wrongType = rest.postForEntity("/orders", new HttpEntity<>("hello", text), JsonNode.class);
    assertProblem(wrongType, 415, "unsupported-media-type");
    assertThat(wrongType.getBody().get("header").asText()).isEqualTo("Content-Type");
    ResponseEntity<JsonNode> wrongPathType = rest.getForEntity("/orders/abc", JsonNode.class);
    assertProblem(wrongPathType, 400, "invalid-parameter");
    assertThat(wrongPathType.getBody().get("parameter").asText()).isEqualTo("id");
    assertThat(rest.getForEntity("/orders?customerId=x", JsonNode.class).getBody().get("parameter").asText()).isEqualTo("customerId");
    ResponseEntity<JsonNode> badHeader = post(order(CUSTOMERS.incrementAndGet(), 1, 1), "two words");
    assertField(badHeader, "invalid-request", "Idempotency-Key");
  }

  /** A 400 problem of the given type that names the field or parameter as the client spelled it. */
  private void assertField(ResponseEntity<JsonNode> response, String type, String field) throws Exception {
    assertProblem(response, 400, type);
    JsonNode body = response.getBody();
    String named = body.has("field") ? body.get("field").asText() : body.path("errors").path(0).path("field").asText();
    assertThat(named).as("%s", body).isEqualTo(field);
  }

  private void assertProblem(ResponseEntity<JsonNode> response, int status, String mentioned) throws Exception {
    assertThat(response.getStatusCode().value()).isEqualTo(status);
    assertThat(response.getHeaders().getContentType()).hasToString("application/problem+json");
    assertThat(json.writeValueAsString(response.getBody())).contains(mentioned);
  }
}

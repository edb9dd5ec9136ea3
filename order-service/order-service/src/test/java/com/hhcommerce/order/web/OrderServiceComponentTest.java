package com.hhcommerce.order.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hhcommerce.order.InMemoryParticipants;
import com.hhcommerce.platform.testing.EmbeddedMariaDb;
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
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * order-service alone, on a real MariaDB, with in-memory messaging and stubbed participants: inventory
 * and wallet answer, cart never does, so orders stay in flight at the cart step. That is what the REST
 * contract, the one-order-in-flight rule and the Idempotency-Key need.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "spring.autoconfigure.exclude=com.hhcommerce.platform.messaging.EventuateMessagingAutoConfiguration")
@Import(InMemoryParticipants.class)
@AutoConfigureObservability
class OrderServiceComponentTest {

  private static final AtomicLong CUSTOMERS = new AtomicLong(1000);

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    EmbeddedMariaDb.register(registry, "order_component");
  }

  @Autowired
  TestRestTemplate rest;
  @Autowired
  SagaParticipantStubManager participants;

  private final ObjectMapper json = new ObjectMapper();

  @BeforeEach
  void stubParticipants() {
    InMemoryParticipants.answerAllButTheCart(participants);
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

    JsonNode order = awaitState(orderId, "POINT_DEDUCTED");
    assertThat(order.get("status").asText()).isEqualTo("PROCESSING");
    assertThat(order.at("/lines/0/unitPrice").asLong()).isEqualTo(10_000);
    assertThat(order.at("/amounts/subtotal").asLong()).isEqualTo(30_000);
    assertThat(order.at("/amounts/paidWithPoints").asLong()).isEqualTo(30_000);
    assertThat(rest.getForObject("/orders?customerId=" + customer, JsonNode.class)).hasSize(1);
  }

  @Test
  void refusesASecondOrderWhileTheFirstIsInFlight() {
    long customer = CUSTOMERS.incrementAndGet();
    long first = post(order(customer, 1, 1), null).getBody().get("orderId").asLong();

    ResponseEntity<JsonNode> second = post(order(customer, 2, 1), null);

    assertThat(second.getStatusCode().value()).isEqualTo(409);
    assertThat(second.getHeaders().getContentType()).hasToString("application/problem+json");
    assertThat(second.getBody().get("inFlightOrderId").asLong()).isEqualTo(first);
    assertThat(rest.getForObject("/orders?customerId=" + customer, JsonNode.class)).hasSize(1);
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
    assertThat(rest.getForObject("/orders?customerId=1", JsonNode.class)).isEmpty();
  }

  private void assertProblem(ResponseEntity<JsonNode> response, int status, String mentioned) throws Exception {
    assertThat(response.getStatusCode().value()).isEqualTo(status);
    assertThat(response.getHeaders().getContentType()).hasToString("application/problem+json");
    assertThat(json.writeValueAsString(response.getBody())).contains(mentioned);
  }
}

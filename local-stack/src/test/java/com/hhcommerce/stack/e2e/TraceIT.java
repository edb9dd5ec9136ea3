package com.hhcommerce.stack.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hhcommerce.stack.Service;
import com.hhcommerce.stack.StackHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One order is one trace across every process it passes through: the client's W3C traceparent on POST /orders is
 * continued by order-service, carried in the headers of every command, reply and event through the outbox, the CDC and
 * Kafka, and every span reaches the stack's Zipkin. cart-service runs here with JSON logs (HH_LOG_FORMAT=ecs), whose
 * lines handled for the order carry its trace, order and saga ids.
 */
@ExtendWith({RealStack.class, InvariantAudit.class})
class TraceIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Shop shop = new Shop();
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void jsonLogsAtCart() {
    RealStack.stack().restartWith(Service.CART, Map.of("HH_LOG_FORMAT", "ecs", "LOGGING_LEVEL_COM_HHCOMMERCE_PLATFORM_TRACING", "DEBUG"));
  }

  @AfterAll
  static void plainLogsAgain() {
    RealStack.stack().restartWith(Service.CART, Map.of());
  }

  @Test
  void oneOrderIsOneTraceThroughEveryServiceInCausalOrder() throws Exception {
    long option = shop.product("traced", 1_500, 10).get(0).id();
    long customer = shop.customersWithOneInCart(option, 1, 10_000).get(0);
    String traceId = HexFormat.of().formatHex(randomBytes(16));
    String clientSpan = HexFormat.of().formatHex(randomBytes(8));
    StackHttp.Response accepted = shop.placeOrder(customer, null, Map.of(option, 1), Map.of("traceparent", "00-" + traceId + "-" + clientSpan + "-01"));
    assertThat(accepted.status()).isEqualTo(202);
    long orderId = accepted.body().get("orderId").asLong();
    assertThat(shop.awaitEnd(orderId).get("status").asText()).isEqualTo("CONFIRMED");

    // the relays handle the order's event last: the trace is complete once their spans have arrived
    List<JsonNode> spans = await("the order's trace in Zipkin, relay-service's spans included").atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1)).until(() -> trace(traceId), all -> all.stream()
            .anyMatch(span -> service(span).equals("relay-service") && span.path("kind").asText().equals("CONSUMER")));
    Set<String> services = spans.stream().map(TraceIT::service).collect(Collectors.toSet());
    assertThat(services).as("services in the trace").contains("order-service", "inventory-service", "customer-wallet-service",
        "cart-service", "ranking-service", "relay-service");

    Map<String, JsonNode> byId = spans.stream().collect(Collectors.toMap(span -> span.path("id").asText(), Function.identity(), (a, b) -> a));
    JsonNode request = spans.stream().filter(span -> span.path("parentId").asText().equals(clientSpan)).findFirst()
        .orElseThrow(() -> new AssertionError("no span continues the client's: " + spans));
    assertThat(service(request)).isEqualTo("order-service");
    assertThat(request.path("kind").asText()).isEqualTo("SERVER");
    for (JsonNode span : spans) {
      if (span == request) {
        continue;
      }
      JsonNode parent = byId.get(span.path("parentId").asText());
      assertThat(parent).as("the parent of %s is in the trace", describe(span)).isNotNull();
      assertThat(span.path("timestamp").asLong()).as("%s starts after its parent %s", describe(span), describe(parent))
          .isGreaterThanOrEqualTo(parent.path("timestamp").asLong());
      if (span.path("kind").asText().equals("CONSUMER")) {
        // a message handled is the child of its sending, in another process
        assertThat(parent.path("kind").asText()).as("the parent of %s", describe(span)).isEqualTo("PRODUCER");
        assertThat(span.path("name").asText().replaceFirst("^handle ", ""))
            .as("%s handles what %s sent", describe(span), describe(parent)).isNotBlank();
      }
    }
    // every participant's handling of its command descends from the request, through order-service's sending
    for (String participant : List.of("inventory-service", "customer-wallet-service", "cart-service")) {
      JsonNode handled = spans.stream().filter(span -> service(span).equals(participant) && span.path("kind").asText().equals("CONSUMER")
          && span.path("tags").path("hh.order.id").asText().equals(String.valueOf(orderId))).findFirst()
          .orElseThrow(() -> new AssertionError(participant + " handled no command of order " + orderId + " in " + spans.stream().map(TraceIT::describe).toList()));
      assertThat(service(byId.get(handled.path("parentId").asText()))).as("who sent %s's command", participant).isEqualTo("order-service");
      assertThat(ancestors(handled, byId)).as("%s's handling descends from POST /orders", participant).contains(request.path("id").asText());
    }

    // support finds the trace by the order (the console links this search)
    assertThat(search("hh.order.id=" + orderId)).as("Zipkin's search by the order's tag").containsExactly(traceId);

    // cart-service's log lines while it handled the order's command: JSON, with the trace, the order and the saga
    List<JsonNode> cartLines = new ArrayList<>();
    for (String line : Files.readAllLines(RealStack.stack().process(Service.CART).logFile())) {
      if (line.startsWith("{") && line.contains(traceId)) {
        cartLines.add(JSON.readTree(line));
      }
    }
    assertThat(cartLines).as("cart-service's JSON lines of trace %s", traceId).isNotEmpty().allSatisfy(line -> {
      assertThat(line.path("traceId").asText()).isEqualTo(traceId);
      assertThat(line.path("orderId").asText()).isEqualTo(String.valueOf(orderId));
      assertThat(line.path("sagaId").asText()).isNotBlank();
    });
  }

  private List<JsonNode> trace(String traceId) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + RealStack.stack().settings().zipkinPort() + "/api/v2/trace/" + traceId)).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    List<JsonNode> spans = new ArrayList<>();
    if (response.statusCode() == 200) {
      JSON.readTree(response.body()).forEach(spans::add);
    }
    return spans;
  }

  /** The trace ids of the traces Zipkin finds with a span tagged so, over the last week. */
  private List<String> search(String annotationQuery) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RealStack.stack().settings().zipkinPort()
        + "/api/v2/traces?limit=10&lookback=604800000&annotationQuery=" + java.net.URLEncoder.encode(annotationQuery, java.nio.charset.StandardCharsets.UTF_8)))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    List<String> traces = new ArrayList<>();
    JSON.readTree(response.body()).forEach(trace -> traces.add(trace.path(0).path("traceId").asText()));
    return traces;
  }

  private static byte[] randomBytes(int count) {
    byte[] bytes = new byte[count];
    new SecureRandom().nextBytes(bytes);
    return bytes;
  }

  private static List<String> ancestors(JsonNode span, Map<String, JsonNode> byId) {
    List<String> ancestors = new ArrayList<>();
    JsonNode parent = byId.get(span.path("parentId").asText());
    while (parent != null && ancestors.size() < 100) {
      ancestors.add(parent.path("id").asText());
      parent = byId.get(parent.path("parentId").asText());
    }
    return ancestors;
  }

  private static String service(JsonNode span) {
    return span.path("localEndpoint").path("serviceName").asText();
  }

  private static String describe(JsonNode span) {
    return service(span) + " " + span.path("kind").asText() + " '" + span.path("name").asText() + "'";
  }
}

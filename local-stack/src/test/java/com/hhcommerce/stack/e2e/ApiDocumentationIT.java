package com.hhcommerce.stack.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.hhcommerce.stack.Service;
import com.hhcommerce.stack.StackHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each service's OpenAPI description says what the service really does: its name and version, success
 * statuses that are not all 200, a problem schema for every error, the constraints the code enforces and
 * the support account behind /support/**, who may call each operation (a bearer token, HTTP Basic, or nothing). Every
 * response the end-to-end tests receive is checked against these descriptions (ContractCheck): here, that the check
 * refuses what a description does not allow, and a whole order's calls as a client makes them.
 */
@ExtendWith({RealStack.class, InvariantAudit.class})
class ApiDocumentationIT {

  @ParameterizedTest
  @EnumSource(Service.class)
  void describesEveryOperationWithItsStatusesAndProblems(Service service) {
    JsonNode docs = OpenApiDocs.of(service).json();
    assertThat(docs.at("/info/title").asText()).isEqualTo(service.serviceName());
    assertThat(docs.at("/info/version").asText()).isNotBlank();
    assertThat(docs.path("openapi").asText()).as("3.0, which contract validators read").startsWith("3.0");
    assertThat(docs.at("/components/securitySchemes/bearer/type").asText()).isEqualTo("http");
    assertThat(docs.at("/components/securitySchemes/bearer/scheme").asText()).isEqualTo("bearer");
    assertThat(docs.at("/components/securitySchemes/bearer/bearerFormat").asText()).isEqualTo("JWT");
    assertThat(docs.at("/components/schemas/Problem/properties/instance/format").asText()).as("a path, relative").isEqualTo("uri-reference");
    assertThat(docs.toString()).as("every body's media type named").doesNotContain("*/*");
    List<String> wrong = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> paths = docs.path("paths").fields(); paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
        Map.Entry<String, JsonNode> op = ops.next();
        JsonNode responses = op.getValue().path("responses");
        String name = op.getKey().toUpperCase() + " " + path.getKey();
        if (!responses.has("400") || !responses.path("400").path("content").has("application/problem+json")) {
          wrong.add(name + " documents no 400 problem");
        }
        if (path.getKey().startsWith("/support") && (!responses.has("401") || !op.getValue().path("security").path(0).has("bearer"))) {
          wrong.add(name + " does not say it needs the support account");
        }
        if (!op.getValue().has("security")) {
          wrong.add(name + " does not say who may call it");
        } else if (!op.getValue().path("security").isEmpty()
            && !responses.path("401").path("content").has("application/problem+json")) {
          wrong.add(name + " needs credentials but documents no 401 problem");
        }
      }
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  void documentsTheSuccessStatusesAndConstraintsOfPlacingAnOrder() {
    OpenApiDocs orders = OpenApiDocs.of(Service.ORDER);
    JsonNode place = orders.operation("POST", "/orders").orElseThrow();
    assertThat(place.path("responses").has("202")).isTrue();
    assertThat(place.path("responses").has("200")).isFalse();
    assertThat(place.path("responses").fieldNames()).toIterable().contains("409", "422", "415");
    JsonNode request = orders.json().at("/components/schemas/PlaceOrderRequest");
    assertThat(request.at("/properties/items/minItems").asInt()).as("%s", request).isEqualTo(1);
    assertThat(request.at("/properties/items/maxItems").asInt()).as("%s", request).isEqualTo(50);
    JsonNode item = orders.json().at("/components/schemas/Item");
    assertThat(item.at("/properties/quantity/minimum").asInt()).as("%s", item).isEqualTo(1);
    assertThat(item.at("/properties/quantity/maximum").asInt()).as("%s", item).isEqualTo(999);
    assertThat(orders.json().at("/components/securitySchemes").toString()).as("support signs in with a token, no HTTP Basic")
        .doesNotContainIgnoringCase("basic");
    JsonNode customer = OpenApiDocs.of(Service.CUSTOMER_WALLET).json().at("/components/schemas/NewCustomerRequest");
    assertThat(customer.at("/properties/name/maxLength").asInt()).as("@Characters(max = 200): %s", customer).isEqualTo(200);
    assertThat(OpenApiDocs.of(Service.INVENTORY).operation("POST", "/products").orElseThrow().path("responses").has("201")).isTrue();
    assertThat(OpenApiDocs.of(Service.ORDER).operation("GET", "/orders/7").orElseThrow().path("responses").has("404")).isTrue();
  }

  /** The operations a contract validator found answering 401 or 403 undocumented, and the open ones. */
  @Test
  void saysWhoMayCallEachOperation() {
    requires(Service.INVENTORY, "POST", "/products", "401", "403");
    requires(Service.INVENTORY, "POST", "/product-options/1/stock-adjustments", "401", "403");
    requires(Service.COUPON, "POST", "/coupons", "401", "403");
    requires(Service.CUSTOMER_WALLET, "POST", "/customers/1/point-charges", "401", "403");
    requires(Service.CUSTOMER_WALLET, "DELETE", "/customers/1/account", "401", "403");
    requires(Service.CUSTOMER_WALLET, "GET", "/customers/1", "401", "404");
    requires(Service.CUSTOMER_WALLET, "GET", "/customers/1/point-ledger", "401", "404");
    requires(Service.ORDER, "POST", "/orders", "401", "403");
    for (Object[] open : new Object[][] {{Service.INVENTORY, "GET", "/products"}, {Service.INVENTORY, "GET", "/product-options/1"},
        {Service.COUPON, "GET", "/coupons/1"}, {Service.RANKING, "GET", "/rankings/products"}, {Service.CUSTOMER_WALLET, "POST", "/customers"},
        {Service.CUSTOMER_WALLET, "POST", "/auth/tokens"}, {Service.CUSTOMER_WALLET, "GET", "/.well-known/jwks.json"}}) {
      JsonNode operation = OpenApiDocs.of((Service) open[0]).operation((String) open[1], (String) open[2]).orElseThrow();
      assertThat(operation.has("security") && operation.path("security").isEmpty()).as("%s %s open: %s", open[1], open[2], operation).isTrue();
    }
    JsonNode keySet = OpenApiDocs.of(Service.CUSTOMER_WALLET).operation("GET", "/.well-known/jwks.json").orElseThrow();
    assertThat(keySet.at("/responses/200/content/application~1json/schema/properties/keys/type").asText()).isEqualTo("array");
    JsonNode events = OpenApiDocs.of(Service.ORDER).operation("GET", "/orders/1/events").orElseThrow();
    assertThat(events.at("/responses/200/content").fieldNames()).toIterable().containsExactly("text/event-stream");
  }

  private static void requires(Service service, String method, String path, String... statuses) {
    JsonNode operation = OpenApiDocs.of(service).operation(method, path).orElseThrow();
    assertThat(operation.at("/security/0").has("bearer")).as("%s %s needs a token: %s", method, path, operation).isTrue();
    assertThat(operation.path("responses").fieldNames()).toIterable().as("%s %s", method, path).contains(statuses);
  }

  /** The check itself: made-up answers a description does not allow are refused, and StackHttp's answers are checked. */
  @Test
  void theContractCheckRefusesWhatADescriptionDoesNotAllow() {
    URI order = URI.create(RealStack.url(Service.ORDER) + "/orders/7");
    Map<String, List<String>> problem = Map.of("Content-Type", List.of("application/problem+json"));
    assertThat(ContractCheck.violations(Service.ORDER, order, "GET", 418, problem,
        "{\"type\":\"urn:problem:hh-commerce:teapot\",\"status\":418}")).as("an undocumented status")
        .anySatisfy(v -> assertThat(v).contains("validation.response.status.unknown"));
    assertThat(ContractCheck.violations(Service.ORDER, order, "GET", 404, problem,
        "{\"type\":\"urn:problem:hh-commerce:unknown\",\"status\":\"404\"}")).as("a problem whose status is text").isNotEmpty();
    URI option = URI.create(RealStack.url(Service.INVENTORY) + "/product-options/1");
    assertThat(ContractCheck.violations(Service.INVENTORY, option, "GET", 200, Map.of("Content-Type", List.of("text/plain")), "1"))
        .as("an undeclared media type").anySatisfy(v -> assertThat(v).contains("contentType"));
    assertThat(ContractCheck.violations(Service.INVENTORY, option, "GET", 200, Map.of("Content-Type", List.of("application/json")),
        "{\"id\":\"one\",\"colour\":\"red\"}")).as("a body the schema does not allow").isNotEmpty();

    long before = ContractCheck.checked();
    StackHttp.Response products = new StackHttp().get(RealStack.url(Service.INVENTORY) + "/products");
    assertThat(products.status()).isEqualTo(200);
    assertThat(ContractCheck.checked()).as("StackHttp's answers are checked").isGreaterThan(before);
  }

  /**
   * An order from an empty shop to its end, every call as a client makes it (the operator, the customer, support):
   * each answer is checked against its service's description on the way (ContractCheck).
   */
  @Test
  void everyAnswerOfAnOrderFromStartToEndIsOneTheDescriptionsAllow() {
    Shop shop = new Shop();
    StackHttp operator = shop.http();
    long option = shop.product("documented " + UUID.randomUUID(), 1_000, 10).get(0).id();
    assertThat(operator.post(Shop.url(Service.INVENTORY, "/product-options/" + option + "/stock-adjustments"),
        Map.of("delta", 5, "reason", "count")).status()).isEqualTo(200);
    long customer = shop.customerWithPoints(10_000);
    long coupon = shop.fixedCoupon(100, 0, Instant.now().minus(1, ChronoUnit.DAYS), Instant.now().plus(1, ChronoUnit.DAYS));
    long userCoupon = shop.issue(coupon, customer);
    shop.addToCart(customer, option, 2);
    JsonNode order = shop.placeAndAwaitEnd(customer, userCoupon, Map.of(option, 2));
    assertThat(order.path("status").asText()).isEqualTo("CONFIRMED");

    StackHttp own = shop.customer(customer);
    for (String read : List.of(Shop.url(Service.ORDER, "/orders/" + order.path("orderId").asLong()),
        Shop.url(Service.ORDER, "/orders?customerId=" + customer), Shop.url(Service.CART, "/carts/" + customer),
        Shop.url(Service.CUSTOMER_WALLET, "/customers/" + customer), Shop.url(Service.CUSTOMER_WALLET, "/customers/" + customer + "/point-ledger"),
        Shop.url(Service.COUPON, "/customers/" + customer + "/coupons"), Shop.url(Service.COUPON, "/user-coupons/" + userCoupon),
        Shop.url(Service.COUPON, "/coupons/" + coupon), Shop.url(Service.INVENTORY, "/product-options/" + option),
        Shop.url(Service.RANKING, "/rankings/products"), Shop.url(Service.CUSTOMER_WALLET, "/.well-known/jwks.json"))) {
      assertThat(own.get(read).status()).as(read).isEqualTo(200);
    }
    assertThat(new StackHttp().get(Shop.url(Service.ORDER, "/orders/" + order.path("orderId").asLong())).status())
        .as("nobody").isEqualTo(401);
    assertThat(own.post(Shop.url(Service.INVENTORY, "/products"), Map.of("name", "x", "options", List.of())).status())
        .as("a customer making a product").isEqualTo(403);
    StackHttp support = StackHttp.support();
    assertThat(support.get(Shop.url(Service.ORDER, "/support/sagas")).status()).isEqualTo(200);
    assertThat(support.get(Shop.url(Service.ORDER, "/support/orders/" + order.path("orderId").asLong() + "/saga")).status()).isEqualTo(200);
    assertThat(new StackHttp().get(Shop.url(Service.ORDER, "/support/sagas")).status()).as("support without the account").isEqualTo(401);
    assertThat(own.delete(Shop.url(Service.CUSTOMER_WALLET, "/customers/" + customer + "/account")).status()).isEqualTo(204);
  }
}

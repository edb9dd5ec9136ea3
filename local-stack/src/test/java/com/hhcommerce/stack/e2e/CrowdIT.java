package com.hhcommerce.stack.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.hhcommerce.stack.Service;
import com.hhcommerce.stack.StackHttp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A crowd at every write endpoint: for each write operation (POST, PUT, PATCH, DELETE) that any service describes in its
 * OpenAPI, 50 clients send a valid request at the same moment, each with its own customer, cart or account, or all at one
 * shared option, coupon or wallet where a crowd meets in real life. No answer may be a server error (a deadlock between
 * writers is the service's to settle), each crowd's own writes must have happened (counted after), and the invariant
 * audit runs after. An operation without a crowd here fails the test, so a new endpoint is crowded too.
 */
@ExtendWith({RealStack.class, InvariantAudit.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrowdIT {

  private static final int CLIENTS = 50;

  /** One request of a crowd, prepared before the crowd starts. */
  private record Call(StackHttp client, String method, String url, Object body) {
  }

  /** A customer of the crowd, signed in. */
  private record Customer(long id, String email, StackHttp client) {
  }

  private Shop shop;
  private StackHttp operator;
  private final StackHttp anonymous = new StackHttp();
  private final List<Customer> crowd = new ArrayList<>();
  private final List<Long> orders = new ArrayList<>();
  private final List<String> signUpEmails = IntStream.range(0, CLIENTS).mapToObj(i -> "crowd-" + UUID.randomUUID() + "@example.com").toList();
  private Shop.Option sharedOption;
  private long sharedCoupon;
  private long sharedWallet;

  @BeforeAll
  void sharedThings() {
    shop = new Shop(); // here, not as a field: the stack starts before each class's @BeforeAll, not before its constructor
    operator = RealStack.operator();
    sharedOption = shop.product("crowd " + UUID.randomUUID(), 100, 10_000).get(0);
    sharedWallet = shop.customerWithPoints(0);
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    sharedCoupon = shop.fixedCoupon(10, 0, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(1)));
  }

  @Test
  void everyWriteEndpointOfEveryServiceAnswersACrowdWithoutAServerError() throws Exception {
    Map<String, Supplier<List<Call>>> crowds = crowds();
    Set<String> described = new TreeSet<>();
    for (Service service : Service.values()) {
      JsonNode paths = OpenApiDocs.of(service).json().path("paths");
      for (Iterator<Map.Entry<String, JsonNode>> each = paths.fields(); each.hasNext(); ) {
        Map.Entry<String, JsonNode> path = each.next();
        path.getValue().fieldNames().forEachRemaining(method -> {
          if (Set.of("post", "put", "patch", "delete").contains(method)) {
            described.add(method.toUpperCase() + " " + path.getKey());
          }
        });
      }
    }
    assertThat(described).as("write operations without a crowd in this test").isSubsetOf(crowds.keySet());
    assertThat(crowds.keySet()).as("crowds of operations no service describes").isSubsetOf(described);

    List<String> serverErrors = new ArrayList<>();
    Map<String, Map<Integer, Long>> answers = new LinkedHashMap<>();
    for (Map.Entry<String, Supplier<List<Call>>> operation : crowds.entrySet()) {
      List<Call> calls = operation.getValue().get();
      assertThat(calls).as("%s: a crowd of %d", operation.getKey(), CLIENTS).hasSize(CLIENTS);
      List<StackHttp.Response> responses = atOnce(calls);
      answers.put(operation.getKey(), responses.stream().collect(Collectors.groupingBy(StackHttp.Response::status, TreeMap::new, Collectors.counting())));
      responses.stream().filter(response -> response.status() >= 500)
          .forEach(response -> serverErrors.add(operation.getKey() + ": " + response.status() + " " + response.body()));
      afterCrowd(operation.getKey(), responses);
    }
    System.out.println("CROWD answers per operation (status: count) " + answers);
    assertThat(serverErrors).as("server errors").isEmpty();
  }

  /** The crowds, in an order in which each prepares what the next needs (customers, carts, orders, accounts). */
  private Map<String, Supplier<List<Call>>> crowds() {
    Map<String, Supplier<List<Call>>> crowds = new LinkedHashMap<>();
    crowds.put("POST /customers", () -> signUpEmails.stream().map(email -> call(anonymous, "POST", Service.CUSTOMER_WALLET, "/customers",
        Map.of("name", "crowd customer", "email", email, "password", Shop.PASSWORD))).toList());
    crowds.put("POST /auth/tokens", () -> crowd.stream().map(c -> call(anonymous, "POST", Service.CUSTOMER_WALLET, "/auth/tokens",
        Map.of("email", c.email(), "password", Shop.PASSWORD))).toList());
    crowds.put("POST /customers/{id}/point-charges", () -> times(i -> call(operator, "POST", Service.CUSTOMER_WALLET,
        "/customers/" + sharedWallet + "/point-charges", Map.of("amount", 1_000, "requestId", UUID.randomUUID().toString()))));
    crowds.put("POST /products", () -> times(i -> call(operator, "POST", Service.INVENTORY, "/products",
        Map.of("name", "crowd product " + i, "options", List.of(Map.of("name", "one", "price", 100, "stock", 10))))));
    crowds.put("POST /product-options/{id}/stock-adjustments", () -> times(i -> call(operator, "POST", Service.INVENTORY,
        "/product-options/" + sharedOption.id() + "/stock-adjustments", Map.of("delta", 1, "reason", "crowd " + i))));
    crowds.put("POST /coupons", () -> times(i -> call(operator, "POST", Service.COUPON, "/coupons", Map.of("name", "crowd " + i,
        "discountType", "FIXED", "discountValue", 10, "minOrderAmount", 0, "validFrom", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
        "validUntil", Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS).toString(), "quantity", 10))));
    crowds.put("POST /coupons/{id}/issues", () -> {
      awaitReplicated("coupon_service.known_customer", "customer_id", crowd.stream().map(Customer::id).toList());
      return crowd.stream().map(c -> call(c.client(), "POST", Service.COUPON, "/coupons/" + sharedCoupon + "/issues",
          Map.of("customerId", c.id()))).toList();
    });
    crowds.put("POST /carts/{customerId}/items", () -> {
      awaitReplicated("cart_service.known_product_option", "product_option_id", List.of(sharedOption.id()));
      return crowd.stream().map(c -> call(c.client(), "POST", Service.CART, "/carts/" + c.id() + "/items",
          Map.of("productOptionId", sharedOption.id(), "quantity", 1))).toList();
    });
    crowds.put("PUT /carts/{customerId}/items/{productOptionId}", () -> crowd.stream().map(c -> call(c.client(), "PUT", Service.CART,
        "/carts/" + c.id() + "/items/" + sharedOption.id(), Map.of("quantity", 2))).toList());
    crowds.put("POST /orders", () -> {
      crowd.forEach(c -> assertThat(operator.post(Shop.url(Service.CUSTOMER_WALLET, "/customers/" + c.id() + "/point-charges"),
          Map.of("amount", 1_000, "requestId", UUID.randomUUID().toString())).status()).isEqualTo(200));
      return crowd.stream().map(c -> call(c.client(), "POST", Service.ORDER, "/orders",
          Map.of("customerId", c.id(), "items", List.of(Map.of("productOptionId", sharedOption.id(), "quantity", 1))))).toList();
    });
    crowds.put("DELETE /carts/{customerId}/items/{productOptionId}", () -> crowd.stream().map(c -> call(c.client(), "DELETE", Service.CART,
        "/carts/" + c.id() + "/items/" + sharedOption.id(), null)).toList());
    crowds.put("POST /console/tokens", () -> times(i -> call(anonymous, "POST", Service.ORDER, "/console/tokens",
        Map.of("email", com.hhcommerce.stack.LocalStack.SUPPORT_EMAIL, "password", com.hhcommerce.stack.LocalStack.SUPPORT_PASSWORD))));
    StackHttp support = StackHttp.support();
    crowds.put("POST /support/sagas/{sagaId}/actions", () -> orders.stream().map(order -> call(support, "POST", Service.ORDER,
        "/support/sagas/" + sagaOf(order) + "/actions",
        Map.of("action", "RESEND_COMMAND", "reason", "crowd"))).toList());
    crowds.put("POST /support/stuck-sagas/detection", () -> times(i -> call(support, "POST", Service.ORDER, "/support/stuck-sagas/detection", null)));
    crowds.put("POST /support/bus/pings", () -> times(i -> call(support, "POST", Service.ORDER, "/support/bus/pings?participant=cart-service", null)));
    crowds.put("DELETE /customers/{id}/account", () -> crowd.stream().map(c -> call(c.client(), "DELETE", Service.CUSTOMER_WALLET,
        "/customers/" + c.id() + "/account", null)).toList());
    crowds.put("DELETE /accounts/{id}", () -> times(i -> call(operator, "DELETE", Service.CUSTOMER_WALLET,
        "/accounts/" + accountOf(shop.customerWithPoints(0)), null)));
    // one parked message (a command inventory-service has no handler for), re-driven by 50 at once: one does it, 49 get 409
    crowds.put("POST /parked-messages/{id}/redrive", () -> {
      long parked = parkedCommand();
      return times(i -> call(support, "POST", Service.INVENTORY, "/parked-messages/" + parked + "/redrive", null));
    });
    crowds.put("POST /support/parked-messages/{service}/{id}/redrive", () -> {
      long parked = parkedCommand();
      return times(i -> call(support, "POST", Service.ORDER, "/support/parked-messages/inventory-service/" + parked + "/redrive", null));
    });
    return crowds;
  }

  /**
   * A new parked command of a type inventory-service does not know, parked for a subscriber that is not there: re-driven,
   * it is parked by inventory-service's own subscriber on a row of its own, so this one stays re-driven through the crowd.
   */
  private static long parkedCommand() {
    String id = "crowd-" + UUID.randomUUID();
    String headers = StackHttp.toJson(Map.of("ID", id, "DESTINATION", "inventory-service-commands", "PARTITION_ID", id,
        "command_type", "com.example.NoSuchCommand", "command__destination", "inventory-service-commands"));
    try (Connection connection = RealStack.stack().adminConnection(); PreparedStatement insert = connection.prepareStatement("""
        INSERT INTO inventory_service.parked_message (subscriber_id, message_id, destination, headers, payload, reason)
        VALUES ('crowd-subscriber', ?, 'inventory-service-commands', ?, '{}', 'parked by CrowdIT')""",
        Statement.RETURN_GENERATED_KEYS)) {
      insert.setString(1, id);
      insert.setString(2, headers);
      insert.executeUpdate();
      try (ResultSet keys = insert.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
      }
  }

  /** What each crowd must have done, checked once its answers are in; some crowds make what the next ones use. */
  private void afterCrowd(String operation, List<StackHttp.Response> responses) {
    switch (operation) {
      case "POST /customers" -> {
        assertThat(responses).allSatisfy(r -> assertThat(r.status()).as("sign-up %s", r.body()).isEqualTo(201));
        for (int i = 0; i < responses.size(); i++) { // the answers are in the order of the calls
          crowd.add(new Customer(responses.get(i).body().get("id").asLong(), signUpEmails.get(i),
              StackHttp.signedIn(RealStack.url(Service.CUSTOMER_WALLET), signUpEmails.get(i), Shop.PASSWORD)));
        }
      }
      case "POST /auth/tokens" -> {
        assertThat(responses).as("every customer signs in").allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
        crowd.forEach(c -> c.client().authorization()); // each client's own token, before the crowds that need it
      }
      case "POST /customers/{id}/point-charges" -> {
        assertThat(responses).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
        assertThat(shop.points(sharedWallet)).as("the shared wallet got every charge").isEqualTo(CLIENTS * 1_000L);
      }
      case "POST /product-options/{id}/stock-adjustments" -> {
        assertThat(responses).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
        assertThat(shop.stock(sharedOption.id())).as("every adjustment counted").isEqualTo(10_000 + CLIENTS);
      }
      case "POST /coupons/{id}/issues", "POST /products", "POST /coupons" ->
          assertThat(responses).allSatisfy(r -> assertThat(r.status()).as("%s", r.body()).isEqualTo(201));
      case "POST /carts/{customerId}/items", "PUT /carts/{customerId}/items/{productOptionId}" -> {
        assertThat(responses).allSatisfy(r -> assertThat(r.status()).as("%s", r.body()).isEqualTo(200));
        int expected = operation.startsWith("PUT") ? 2 : 1;
        crowd.forEach(c -> assertThat(shop.cart(c.id())).as("cart of %d", c.id()).isEqualTo(Map.of(sharedOption.id(), expected)));
      }
      case "POST /orders" -> {
        assertThat(responses).allSatisfy(r -> assertThat(r.status()).as("%s", r.body()).isEqualTo(202));
        responses.forEach(r -> orders.add(r.body().get("orderId").asLong()));
        orders.forEach(order -> assertThat(shop.awaitEnd(order).get("status").asText()).as("order %d", order).isEqualTo("CONFIRMED"));
        crowd.forEach(c -> assertThat(shop.cart(c.id())).as("cart of %d after its order", c.id()).isEqualTo(Map.of(sharedOption.id(), 1)));
      }
      case "DELETE /carts/{customerId}/items/{productOptionId}" -> {
        assertThat(responses).allSatisfy(r -> assertThat(r.status()).as("%s", r.body()).isBetween(200, 204));
        crowd.forEach(c -> assertThat(shop.cart(c.id())).as("cart of %d", c.id()).isEmpty());
      }
      case "DELETE /customers/{id}/account", "DELETE /accounts/{id}" ->
          assertThat(responses).allSatisfy(r -> assertThat(r.status()).as("%s", r.body()).isBetween(200, 204));
      case "POST /parked-messages/{id}/redrive", "POST /support/parked-messages/{service}/{id}/redrive" -> assertThat(responses.stream().map(StackHttp.Response::status).toList())
          .as("one re-drive, the rest refused").containsOnly(200, 409).containsOnlyOnce(200);
      default -> assertThat(responses).as("%s answered", operation).isNotEmpty();
    }
  }

  /** Sends the calls from one thread each, released together. */
  private static List<StackHttp.Response> atOnce(List<Call> calls) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(calls.size());
    try {
      CountDownLatch ready = new CountDownLatch(calls.size());
      CountDownLatch go = new CountDownLatch(1);
      List<Future<StackHttp.Response>> answers = new ArrayList<>();
      for (Call call : calls) {
        answers.add(threads.submit(() -> {
          ready.countDown();
          go.await();
          return switch (call.method()) {
            case "POST" -> call.client().post(call.url(), call.body() == null ? Map.of() : call.body());
            case "PUT" -> call.client().put(call.url(), call.body());
            case "DELETE" -> call.client().delete(call.url());
            default -> throw new IllegalArgumentException(call.method());
          };
        }));
      }
      ready.await();
      go.countDown();
      List<StackHttp.Response> responses = new ArrayList<>();
      for (Future<StackHttp.Response> answer : answers) {
        responses.add(answer.get());
      }
      return responses;
    } finally {
      threads.shutdownNow();
    }
  }

  private static Call call(StackHttp client, String method, Service service, String path, Object body) {
    return new Call(client, method, Shop.url(service, path), body);
  }

  private static List<Call> times(IntFunction<Call> call) {
    return IntStream.range(0, CLIENTS).mapToObj(call).toList();
  }

  private static String sagaOf(long order) {
    try {
      return RealStack.rows("SELECT saga_id FROM order_service.orders WHERE id = ?", order).get(0);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The account id of a customer: the subject of its access token. */
  private long accountOf(long customer) {
    try {
      String token = shop.customer(customer).authorization().substring("Bearer ".length());
      return new com.fasterxml.jackson.databind.ObjectMapper()
          .readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1])).get("sub").asLong();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Waits until a service's replica has heard of every id (a crowd refused for an unknown id would prove nothing). */
  private static void awaitReplicated(String table, String column, List<Long> ids) {
    String sql = "SELECT COUNT(*) FROM %s WHERE %s IN (%s)".formatted(table, column, ids.stream().map(String::valueOf).collect(Collectors.joining(",")));
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
      try (Connection connection = RealStack.stack().adminConnection(); Statement statement = connection.createStatement();
           ResultSet rs = statement.executeQuery(sql)) {
        rs.next();
        return rs.getLong(1) == ids.size();
      }
    });
  }
}

package com.hhcommerce.stack.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.hhcommerce.order.api.SagaState;
import com.hhcommerce.stack.Service;
import com.hhcommerce.stack.StackHttp;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Test data and reads through the services' own REST APIs, as a client of the shop would use them. */
final class Shop {

  /** The password of every customer a test makes here. */
  static final String PASSWORD = "shop-password-1";

  /** The stack's operator: makes products, coupons and customers, charges points, and reads anything (staff may). */
  private final StackHttp http = RealStack.operator();
  private final Map<Long, StackHttp> customers = new ConcurrentHashMap<>();
  private final Set<String> replicated = ConcurrentHashMap.newKeySet();

  record Option(long id, long price) {
  }

  List<Option> product(String name, long price, int... stocks) {
    List<Map<String, Object>> options = new ArrayList<>();
    for (int i = 0; i < stocks.length; i++) {
      options.add(Map.of("name", "option " + (i + 1), "price", price, "stock", stocks[i]));
    }
    JsonNode product = created(http.post(url(Service.INVENTORY, "/products"), Map.of("name", name, "options", options)));
    List<Option> result = new ArrayList<>();
    product.get("options").forEach(o -> result.add(new Option(o.get("id").asLong(), o.get("price").asLong())));
    return result;
  }

  /**
   * Waits until a service's replica has heard of the id from its event, so that a test's step (a cart item, a
   * coupon issue) is not refused in the moment after creation; ReplicaIT tests that moment. Once seen, an id
   * is not asked for again.
   */
  private void awaitReplicated(String table, String column, long id) {
    String key = table + "/" + id;
    if (replicated.contains(key)) {
      return;
    }
    String sql = "SELECT COUNT(*) FROM %s WHERE %s = %d".formatted(table, column, id);
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
      try (Connection connection = RealStack.stack().adminConnection(); Statement statement = connection.createStatement();
           ResultSet rs = statement.executeQuery(sql)) {
        rs.next();
        return rs.getLong(1) == 1;
      }
    });
    replicated.add(key);
  }

  long customerWithPoints(long points) {
    return customerWithPoints(points, Map.of());
  }

  /**
   * A customer who never signs in (made by the operator without a password: no password hash to compute, so a
   * thousand of them are made quickly); only the operator acts for them.
   */
  long customerWithoutPassword() {
    return created(http.post(url(Service.CUSTOMER_WALLET, "/customers"), Map.of("name", "customer " + UUID.randomUUID())))
        .get("id").asLong();
  }

  /** A customer with an email address (their notifications go there); relay-service has learnt of it on return. */
  long customerWithEmail(long points, String email) {
    long id = customerWithPoints(points, Map.of("email", email));
    awaitReplicated("relay_service.customer_contact", "customer_id", id);
    return id;
  }

  private long customerWithPoints(long points, Map<String, String> more) {
    Map<String, Object> customer = new LinkedHashMap<>(more);
    customer.put("name", "customer " + UUID.randomUUID());
    customer.putIfAbsent("email", "customer-" + UUID.randomUUID() + "@example.com");
    customer.put("password", PASSWORD);
    long id = created(http.post(url(Service.CUSTOMER_WALLET, "/customers"), customer)).get("id").asLong();
    customers.put(id, StackHttp.signedIn(RealStack.url(Service.CUSTOMER_WALLET), (String) customer.get("email"), PASSWORD));
    if (points > 0) {
      assertThat(http.post(url(Service.CUSTOMER_WALLET, "/customers/" + id + "/point-charges"),
          Map.of("amount", points, "requestId", UUID.randomUUID().toString())).status()).isEqualTo(200);
    }
    return id;
  }

  long fixedCoupon(long discount, long minOrderAmount, Instant validFrom, Instant validUntil) {
    return created(http.post(url(Service.COUPON, "/coupons"), Map.of("name", discount + " off", "discountType", "FIXED",
        "discountValue", discount, "minOrderAmount", minOrderAmount, "validFrom", validFrom.truncatedTo(ChronoUnit.SECONDS).toString(),
        "validUntil", validUntil.truncatedTo(ChronoUnit.SECONDS).toString(), "quantity", 1000))).get("id").asLong();
  }

  long issue(long couponId, long customerId) {
    awaitReplicated("coupon_service.known_customer", "customer_id", customerId);
    return created(http.post(url(Service.COUPON, "/coupons/" + couponId + "/issues"), Map.of("customerId", customerId))).get("id").asLong();
  }

  /** New customers with points, each with one of the option in the cart. */
  List<Long> customersWithOneInCart(long optionId, int count, long points) {
    List<Long> customers = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long customer = customerWithPoints(points);
      addToCart(customer, optionId, 1);
      customers.add(customer);
    }
    return customers;
  }

  /** New customers (10,000 points, one of the option in the cart) each place an order of it; returns the order ids. */
  List<Long> ordersOfOne(long optionId, int count) {
    return placeOneEach(optionId, customersWithOneInCart(optionId, count, 10_000));
  }

  /**
   * Each customer (made ready beforehand, e.g. before a fault that stops the bus, which the replicas of new
   * customers depend on) places an order of one of the option; returns the order ids.
   */
  List<Long> placeOneEach(long optionId, List<Long> customers) {
    return customers.stream()
        .map(customer -> placeOrder(customer, null, Map.of(optionId, 1), Map.of()).body().get("orderId").asLong())
        .toList();
  }

  void addToCart(long customerId, long optionId, int quantity) {
    awaitReplicated("cart_service.known_product_option", "product_option_id", optionId);
    assertThat(customer(customerId).post(url(Service.CART, "/carts/" + customerId + "/items"),
        Map.of("productOptionId", optionId, "quantity", quantity)).status()).isEqualTo(200);
  }

  StackHttp.Response placeOrder(long customerId, Long userCouponId, Map<Long, Integer> lines, Map<String, String> headers) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("customerId", customerId);
    body.put("items", lines.entrySet().stream().map(e -> Map.of("productOptionId", e.getKey(), "quantity", e.getValue())).toList());
    if (userCouponId != null) {
      body.put("userCouponId", userCouponId);
    }
    return customer(customerId).post(url(Service.ORDER, "/orders"), body, headers);
  }

  /** Places the order, expects 202, and polls GET /orders/{id} until the saga reached an end state. */
  JsonNode placeAndAwaitEnd(long customerId, Long userCouponId, Map<Long, Integer> lines) {
    StackHttp.Response accepted = placeOrder(customerId, userCouponId, lines, Map.of());
    assertThat(accepted.status()).as("POST /orders %s", accepted.body()).isEqualTo(202);
    assertThat(accepted.body().get("status").asText()).isEqualTo("PROCESSING");
    return awaitEnd(accepted.body().get("orderId").asLong());
  }

  JsonNode awaitEnd(long orderId) {
    return awaitEnd(orderId, Duration.ofSeconds(60));
  }

  JsonNode awaitEnd(long orderId, Duration atMost) {
    return await().atMost(atMost).pollInterval(Duration.ofMillis(100))
        .until(() -> order(orderId), o -> SagaState.isFinal(o.path("sagaState").asText()));
  }

  /** How many of the orders have not ended, read from order-service's database (e.g. just before a fault). */
  long notEnded(List<Long> orderIds) {
    String ids = orderIds.stream().map(String::valueOf).collect(Collectors.joining(","));
    try (Connection connection = RealStack.stack().adminConnection(); Statement statement = connection.createStatement();
         ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM order_service.orders WHERE id IN (" + ids + ")"
             + " AND saga_state NOT IN " + SagaState.finalStatesSqlList())) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  JsonNode order(long orderId) {
    return http.get(url(Service.ORDER, "/orders/" + orderId)).body();
  }

  int stock(long optionId) {
    return http.get(url(Service.INVENTORY, "/product-options/" + optionId)).body().get("stock").asInt();
  }

  long points(long customerId) {
    return http.get(url(Service.CUSTOMER_WALLET, "/customers/" + customerId)).body().get("pointBalance").asLong();
  }

  JsonNode ledger(long customerId) {
    JsonNode page = http.get(url(Service.CUSTOMER_WALLET, "/customers/" + customerId + "/point-ledger?size=100")).body();
    assertThat(page.get("hasMore").asBoolean()).as("the whole ledger fits one page").isFalse();
    return page.get("items");
  }

  JsonNode userCoupon(long userCouponId) {
    return http.get(url(Service.COUPON, "/user-coupons/" + userCouponId)).body();
  }

  Map<Long, Integer> cart(long customerId) {
    Map<Long, Integer> items = new LinkedHashMap<>();
    http.get(url(Service.CART, "/carts/" + customerId)).body().get("items")
        .forEach(i -> items.put(i.get("productOptionId").asLong(), i.get("quantity").asInt()));
    return items;
  }

  /** A client signed in as the operator. */
  StackHttp http() {
    return http;
  }

  /** A client signed in as this customer, made here. */
  StackHttp customer(long customerId) {
    StackHttp customer = customers.get(customerId);
    if (customer == null) {
      throw new IllegalArgumentException("customer " + customerId + " was not made by this Shop: no password known");
    }
    return customer;
  }

  static String url(Service service, String path) {
    return RealStack.url(service) + path;
  }

  private static JsonNode created(StackHttp.Response response) {
    assertThat(response.status()).as("%s", response.body()).isEqualTo(201);
    return response.body();
  }
}

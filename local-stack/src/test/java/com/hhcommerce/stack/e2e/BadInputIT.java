package com.hhcommerce.stack.e2e;

import com.hhcommerce.stack.Service;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed and hostile requests against every service's REST API: each gets a 4xx RFC 9457 problem
 * detail that names what is wrong, never a 5xx, and no table changes.
 */
@ExtendWith({RealStack.class, InvariantAudit.class})
class BadInputIT {

  private record Case(String name, String method, Service service, String path, String body, String contentType,
                      int status, String mentions) {
  }

  private static final String JSON = "application/json";
  /** Each answer, besides the status asked for here, must be one the service's description allows. */
  private final HttpClient http = ContractCheck.checking(HttpClient.newHttpClient());
  private final Shop shop = new Shop();

  @Test
  void everyBadRequestGetsAProblemDetailAndChangesNothing() throws Exception {
    long option = shop.product("shirt", 1_000, 5).get(0).id();
    customer = shop.customerWithPoints(1_000);
    Instant now = Instant.now();
    long coupon = shop.fixedCoupon(100, 0, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(1)));
    shop.issue(coupon, customer);
    String hostileName = "'; DROP TABLE product; -- 셔츠 \uD83D\uDC55";
    long hostile = shop.product(hostileName, 1_000, 1).get(0).id();
    assertThat(shop.http().get(Shop.url(Service.INVENTORY, "/product-options/" + hostile)).body().get("productName").asText())
        .as("a hostile but valid string is stored as it is").isEqualTo(hostileName);

    long farCoupon = shop.fixedCoupon(100, 0, Instant.parse("2020-01-01T00:00:00Z"), Instant.parse("2099-01-01T00:00:00Z"));
    assertThat(shop.http().get(Shop.url(Service.COUPON, "/coupons/" + farCoupon)).body().get("validUntil").asText())
        .as("an instant past 2038 is stored as sent").isEqualTo("2099-01-01T00:00:00Z");
    String emoji = "\uD83D\uDC55".repeat(150);
    assertThat(shop.product(emoji, 1_000, 1)).as("200 characters fit, however many UTF-16 units they take").hasSize(1);

    String tooManyItems = "{\"customerId\":1,\"items\":[" + "{\"productOptionId\":1,\"quantity\":1},".repeat(25_000) + "{\"productOptionId\":2,\"quantity\":1}]}";
    List<Case> cases = List.of(
        new Case("product without name", "POST", Service.INVENTORY, "/products", "{\"options\":[{\"name\":\"a\",\"price\":1,\"stock\":1}]}", JSON, 400, "name"),
        new Case("product without options", "POST", Service.INVENTORY, "/products", "{\"name\":\"x\",\"options\":[]}", JSON, 400, "options"),
        new Case("negative price", "POST", Service.INVENTORY, "/products", "{\"name\":\"x\",\"options\":[{\"name\":\"a\",\"price\":-1,\"stock\":1}]}", JSON, 400, "price"),
        new Case("stock overflowing int", "POST", Service.INVENTORY, "/products", "{\"name\":\"x\",\"options\":[{\"name\":\"a\",\"price\":1,\"stock\":99999999999}]}", JSON, 400, "stock"),
        new Case("null option", "POST", Service.INVENTORY, "/products", "{\"name\":\"x\",\"options\":[null]}", JSON, 400, "options"),
        new Case("name too long", "POST", Service.INVENTORY, "/products", "{\"name\":\"" + "x".repeat(201) + "\",\"options\":[{\"name\":\"a\",\"price\":1,\"stock\":1}]}", JSON, 400, "name"),
        new Case("adjust unknown option", "POST", Service.INVENTORY, "/product-options/987654321/stock-adjustments", "{\"delta\":1,\"reason\":\"count\"}", JSON, 404, "987654321"),
        new Case("adjust below zero", "POST", Service.INVENTORY, "/product-options/" + option + "/stock-adjustments", "{\"delta\":-6,\"reason\":\"count\"}", JSON, 409, "stock"),
        new Case("non-numeric id", "GET", Service.INVENTORY, "/products/abc", null, null, 400, "id"),
        new Case("wrong content type", "POST", Service.INVENTORY, "/products", "name=x", "text/plain", 415, "Content-Type"),
        new Case("blank customer name", "POST", Service.CUSTOMER_WALLET, "/customers", "{\"name\":\" \"}", JSON, 400, "name"),
        new Case("zero charge", "POST", Service.CUSTOMER_WALLET, "/customers/" + customer + "/point-charges", "{\"amount\":0,\"requestId\":\"r\"}", JSON, 400, "amount"),
        new Case("huge charge", "POST", Service.CUSTOMER_WALLET, "/customers/" + customer + "/point-charges", "{\"amount\":100000000000000000000,\"requestId\":\"r\"}", JSON, 400, "amount"),
        new Case("charge without request id", "POST", Service.CUSTOMER_WALLET, "/customers/" + customer + "/point-charges", "{\"amount\":5}", JSON, 400, "requestId"),
        new Case("charge unknown customer", "POST", Service.CUSTOMER_WALLET, "/customers/987654321/point-charges", "{\"amount\":5,\"requestId\":\"r\"}", JSON, 404, "987654321"),
        new Case("unknown customer", "GET", Service.CUSTOMER_WALLET, "/customers/987654321", null, null, 404, "987654321"),
        new Case("unknown discount type", "POST", Service.COUPON, "/coupons", coupon("BOGUS", 10, now, now.plusSeconds(60)), JSON, 400, "discountType"),
        new Case("percentage over 100", "POST", Service.COUPON, "/coupons", coupon("PERCENTAGE", 150, now, now.plusSeconds(60)), JSON, 422, "percentage"),
        new Case("validity ends before it starts", "POST", Service.COUPON, "/coupons", coupon("FIXED", 10, now, now.minusSeconds(60)), JSON, 422, "validUntil"),
        new Case("issue unknown coupon", "POST", Service.COUPON, "/coupons/987654321/issues", "{\"customerId\":1}", JSON, 404, "987654321"),
        new Case("issue without customer", "POST", Service.COUPON, "/coupons/" + coupon + "/issues", "{}", JSON, 400, "customerId"),
        new Case("issue twice to one customer", "POST", Service.COUPON, "/coupons/" + coupon + "/issues", "{\"customerId\":" + customer + "}", JSON, 409, "already holds"),
        new Case("cart quantity zero", "POST", Service.CART, "/carts/" + customer + "/items", "{\"productOptionId\":1,\"quantity\":0}", JSON, 400, "quantity"),
        new Case("cart quantity too large", "POST", Service.CART, "/carts/" + customer + "/items", "{\"productOptionId\":1,\"quantity\":1000}", JSON, 400, "quantity"),
        new Case("cart without option", "POST", Service.CART, "/carts/" + customer + "/items", "{\"quantity\":1}", JSON, 400, "productOptionId"),
        new Case("cart item of an option that does not exist", "POST", Service.CART, "/carts/" + customer + "/items", "{\"productOptionId\":987654321,\"quantity\":1}", JSON, 422, "productOptionId"),
        new Case("coupon issued to a customer that does not exist", "POST", Service.COUPON, "/coupons/" + coupon + "/issues", "{\"customerId\":987654321}", JSON, 422, "customerId"),
        new Case("ranking of an unknown period", "GET", Service.RANKING, "/rankings/products?period=2D", null, null, 400, "period"),
        new Case("ranking limit zero", "GET", Service.RANKING, "/rankings/products?limit=0", null, null, 400, "limit"),
        new Case("ranking limit too large", "GET", Service.RANKING, "/rankings/products?limit=1001", null, null, 400, "limit"),
        new Case("ranking limit not a number", "GET", Service.RANKING, "/rankings/products?limit=ten", null, null, 400, "limit"),
        new Case("change item not in cart", "PUT", Service.CART, "/carts/" + customer + "/items/987654321", "{\"quantity\":1}", JSON, 404, "987654321"),
        new Case("remove item not in cart", "DELETE", Service.CART, "/carts/" + customer + "/items/987654321", null, null, 404, "987654321"),
        new Case("malformed JSON", "POST", Service.ORDER, "/orders", "{\"customerId\":1,", JSON, 400, "JSON"),
        new Case("duplicate order lines", "POST", Service.ORDER, "/orders", "{\"customerId\":1,\"items\":[{\"productOptionId\":1,\"quantity\":1},{\"productOptionId\":1,\"quantity\":1}]}", JSON, 400, "productOptionId"),
        new Case("SQL in a number", "POST", Service.ORDER, "/orders", "{\"customerId\":\"1; DROP TABLE orders\",\"items\":[{\"productOptionId\":1,\"quantity\":1}]}", JSON, 400, "customerId"),
        new Case("client-side price", "POST", Service.ORDER, "/orders", "{\"customerId\":1,\"items\":[{\"productOptionId\":1,\"quantity\":1,\"price\":1}]}", JSON, 400, "price"),
        new Case("negative quantity", "POST", Service.ORDER, "/orders", "{\"customerId\":1,\"items\":[{\"productOptionId\":1,\"quantity\":-3}]}", JSON, 400, "quantity"),
        new Case("too many items (a body just under the size limit)", "POST", Service.ORDER, "/orders", tooManyItems, JSON, 400, "items"),
        new Case("a body over the size limit", "POST", Service.ORDER, "/orders", tooManyItems.replace("[", "[" + "{\"productOptionId\":1,\"quantity\":1},".repeat(5_000)), JSON, 413, "body-too-large"),
        new Case("a YAML body", "POST", Service.INVENTORY, "/product-options/" + option + "/stock-adjustments", "delta: \"3\"\nreason: count\n", "application/yaml", 415, "Content-Type"),
        new Case("a NUL in a name", "POST", Service.INVENTORY, "/products", "{\"name\":\"a\\u0000b\",\"options\":[{\"name\":\"a\",\"price\":1,\"stock\":1}]}", JSON, 400, "U+0000"),
        new Case("a lone surrogate in a name", "POST", Service.CUSTOMER_WALLET, "/customers", "{\"name\":\"a\\ud800b\"}", JSON, 400, "U+D800"),
        new Case("a customer id spelled with a sign", "GET", Service.CART, "/carts/+" + customer, null, null, 400, "customerId"),
        new Case("an order id in hex", "GET", Service.ORDER, "/orders/0x10", null, null, 400, "id"),
        new Case("a limit with a leading zero", "GET", Service.RANKING, "/rankings/products?limit=010", null, null, 400, "limit"),
        new Case("wrong content type for an order", "POST", Service.ORDER, "/orders", "<order/>", "application/xml", 415, "Content-Type"),
        new Case("unknown order", "GET", Service.ORDER, "/orders/987654321", null, null, 404, "987654321"),
        new Case("list without customer", "GET", Service.ORDER, "/orders", null, null, 400, "customerId"),
        new Case("coupon valid beyond year 9999", "POST", Service.COUPON, "/coupons", coupon("FIXED", 10, now, Instant.parse("+10000-01-01T00:00:00Z")), JSON, 400, "validUntil"),
        new Case("coupon valid from 1900", "POST", Service.COUPON, "/coupons", coupon("FIXED", 10, Instant.parse("1900-01-01T00:00:00Z"), now), JSON, 400, "validFrom"),
        new Case("coupon date that is not a date", "POST", Service.COUPON, "/coupons", coupon("FIXED", 10, now, now).replace(now.toString() + "\",\"q", "soon\",\"q"), JSON, 400, "validUntil"),
        new Case("fractional cart quantity", "POST", Service.CART, "/carts/" + customer + "/items", "{\"productOptionId\":1,\"quantity\":1.5}", JSON, 400, "quantity"),
        new Case("cart quantity as a string", "POST", Service.CART, "/carts/" + customer + "/items", "{\"productOptionId\":1,\"quantity\":\"3\"}", JSON, 400, "quantity"),
        new Case("fractional charge", "POST", Service.CUSTOMER_WALLET, "/customers/" + customer + "/point-charges", "{\"amount\":1.5,\"requestId\":\"r\"}", JSON, 400, "amount"),
        new Case("fractional stock adjustment", "POST", Service.INVENTORY, "/product-options/" + option + "/stock-adjustments", "{\"delta\":1.5,\"reason\":\"count\"}", JSON, 400, "delta"),
        new Case("a number for a name", "POST", Service.CUSTOMER_WALLET, "/customers", "{\"name\":123}", JSON, 400, "name"),
        new Case("a duplicated key", "POST", Service.CUSTOMER_WALLET, "/customers", "{\"name\":\"a\",\"name\":\"b\"}", JSON, 400, "duplicate-field"),
        new Case("truncated JSON", "POST", Service.INVENTORY, "/products", "{\"name\":\"x\",\"options\":[{\"name\"", JSON, 400, "ends too early"),
        new Case("name of 201 characters", "POST", Service.INVENTORY, "/products", "{\"name\":\"" + "\uD83D\uDC55".repeat(201) + "\",\"options\":[{\"name\":\"a\",\"price\":1,\"stock\":1}]}", JSON, 400, "name"),
        new Case("unknown path", "GET", Service.CART, "/no-such-thing", null, null, 404, "no-such-endpoint"),
        new Case("wrong method", "DELETE", Service.COUPON, "/coupons/" + coupon, null, null, 405, "GET"));

    Map<String, Long> before = rowCounts();
    List<String> wrong = new ArrayList<>();
    List<String> undocumented = new ArrayList<>();
    for (Case c : cases) {
      HttpResponse<String> response = send(c);
      OpenApiDocs.of(c.service()).operation(c.method(), c.path())
          .filter(operation -> !operation.path("responses").has(String.valueOf(response.statusCode())))
          .ifPresent(operation -> undocumented.add("%s %s %s answered %d".formatted(c.service(), c.method(), c.path(), response.statusCode())));
      String contentType = response.headers().firstValue("Content-Type").orElse("");
      if (response.statusCode() != c.status() || !contentType.startsWith("application/problem+json") || !response.body().contains(c.mentions())) {
        wrong.add("%s: %d %s %s".formatted(c.name(), response.statusCode(), contentType, response.body()));
      }
    }
    assertThat(wrong).as("cases answered otherwise than expected").isEmpty();
    assertThat(undocumented).as("statuses the OpenAPI description does not list").isEmpty();
    assertThat(cases).hasSizeGreaterThanOrEqualTo(30);
    assertThat(rowCounts()).as("no partial writes").isEqualTo(before);
  }

  /**
   * An anonymous caller's body over the limit (1 MB) is refused before it is read, whether its length is declared or it
   * comes in chunks; a body just under the limit is read and judged.
   */
  @Test
  void aBodyOverTheLimitIsRefusedBeforeItIsRead() throws Exception {
    Map<String, Long> before = rowCounts();
    String signUp = "{\"name\":\"%s\",\"email\":\"big@example.com\",\"password\":\"a long password\"}";
    String over = signUp.formatted("x".repeat(1024 * 1024));
    String url = Shop.url(Service.CUSTOMER_WALLET, "/customers");
    HttpResponse<String> declared = http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", JSON)
        .POST(HttpRequest.BodyPublishers.ofString(over)).build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> chunked = http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", JSON)
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(over.getBytes(java.nio.charset.StandardCharsets.UTF_8))))
        .build(), HttpResponse.BodyHandlers.ofString());
    for (HttpResponse<String> response : List.of(declared, chunked)) {
      assertThat(response.statusCode()).isEqualTo(413);
      assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
      assertThat(response.body()).contains("body-too-large", "\"maxBytes\":1048576");
    }
    HttpResponse<String> under = http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", JSON)
        .POST(HttpRequest.BodyPublishers.ofString(signUp.formatted("x".repeat(1000 * 1000)))).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(under.statusCode()).as("a body under the limit is read, and its name judged too long").isEqualTo(400);
    assertThat(under.body()).contains("name");
    assertThat(rowCounts()).as("nothing stored").isEqualTo(before);
  }

  private long customer;

  private HttpResponse<String> send(Case c) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(Shop.url(c.service(), c.path()))).timeout(Duration.ofSeconds(30));
    // signed in as whom the endpoint is for, so that the input itself is what gets refused: a customer places orders
    boolean placesAnOrder = c.service() == Service.ORDER && c.method().equals("POST");
    request.header("Authorization", (placesAnOrder ? shop.customer(customer) : shop.http()).authorization());
    if (c.contentType() != null) {
      request.header("Content-Type", c.contentType());
    }
    request.method(c.method(), c.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(c.body()));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String coupon(String type, long value, Instant from, Instant until) {
    return "{\"name\":\"c\",\"discountType\":\"%s\",\"discountValue\":%d,\"validFrom\":\"%s\",\"validUntil\":\"%s\",\"quantity\":5}"
        .formatted(type, value, from, until);
  }

  /** Rows of every table a request could write, across the services. */
  static Map<String, Long> rowCounts() throws Exception {
    Map<String, Long> counts = new LinkedHashMap<>();
    try (Connection connection = RealStack.stack().adminConnection(); Statement statement = connection.createStatement()) {
      for (String table : List.of("inventory_service.product", "inventory_service.product_option", "inventory_service.stock_adjustment",
          "customer_wallet_service.customer", "customer_wallet_service.point_ledger", "coupon_service.coupon", "coupon_service.user_coupon",
          "cart_service.cart_item", "order_service.orders", "order_service.order_line")) {
        try (ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
          rs.next();
          counts.put(table, rs.getLong(1));
        }
      }
    }
    return counts;
  }
}

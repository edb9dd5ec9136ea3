package com.hhcommerce.stack.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.hhcommerce.stack.LocalStack;
import com.hhcommerce.stack.Service;
import com.hhcommerce.stack.StackHttp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may call what, for every endpoint every service describes in its OpenAPI and five callers: nobody, customer A,
 * customer B, the operator and support. Each endpoint is called with customer A's resources; the answer counts as
 * refused with 401 (who are you), 403 (your role may not) or 404 (not yours: it might as well not exist), and as
 * allowed otherwise (a 400 for a body the endpoint does not take is allowed: the input was judged, not the caller).
 * An endpoint without a rule here fails the test, so a new endpoint cannot go out unconsidered.
 */
@ExtendWith({RealStack.class, InvariantAudit.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessMatrixIT {

  enum Caller { NOBODY, A, B, OPERATOR, SUPPORT }

  /** Allowed, or refused with this status. */
  private static final int ALLOWED = 0;

  private record Rule(Function<Ids, String> path, String body, Map<Caller, Integer> expected, Runnable before) {
  }

  /** Customer A's things, which every call names. */
  private record Ids(long customerA, long product, long option, long coupon, long userCoupon, long order, String saga) {
  }

  private Shop shop;
  private final HttpClient http = ContractCheck.checking(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build());
  private final Map<String, Rule> rules = new LinkedHashMap<>();
  private Ids ids;
  private long customerB;
  private long closable;
  private long disposableAccount;
  private StackHttp support;

  @BeforeAll
  void customersAndTheirThings() throws Exception {
    shop = new Shop();
    Shop.Option option = shop.product("access matrix", 1_000, 100).get(0);
    long product = RealStack.operator().get(Shop.url(Service.INVENTORY, "/product-options/" + option.id())).body().get("productId").asLong();
    long a = shop.customerWithPoints(100_000);
    customerB = shop.customerWithPoints(100_000);
    Instant now = Instant.now();
    long coupon = shop.fixedCoupon(100, 0, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(1)));
    long userCoupon = shop.issue(coupon, a);
    shop.addToCart(a, option.id(), 1);
    JsonNode order = shop.placeAndAwaitEnd(a, null, Map.of(option.id(), 1));
    long orderId = order.get("orderId").asLong();
    String saga = RealStack.rows("SELECT saga_id FROM order_service.orders WHERE id = ?", orderId).get(0);
    ids = new Ids(a, product, option.id(), coupon, userCoupon, orderId, saga);
    support = StackHttp.supportSignedIn(RealStack.url(Service.CUSTOMER_WALLET));
    defineRules();
  }

  private void defineRules() {
    // open to anyone
    open("GET /products", i -> "/products");
    open("GET /products/{id}", i -> "/products/" + i.product());
    open("GET /product-options/{id}", i -> "/product-options/" + i.option());
    open("GET /coupons/{id}", i -> "/coupons/" + i.coupon());
    open("GET /rankings/products", i -> "/rankings/products");
    open("POST /customers", i -> "/customers");
    open("POST /auth/tokens", i -> "/auth/tokens");
    open("GET /.well-known/jwks.json", i -> "/.well-known/jwks.json");
    // the shop's own business
    operatorOnly("POST /products", i -> "/products");
    operatorOnly("POST /product-options/{id}/stock-adjustments", i -> "/product-options/" + i.option() + "/stock-adjustments");
    operatorOnly("POST /coupons", i -> "/coupons");
    operatorOnly("POST /customers/{id}/point-charges", i -> "/customers/" + i.customerA() + "/point-charges");
    // a customer's own, which staff may see too
    own("GET /customers/{id}", i -> "/customers/" + i.customerA());
    own("GET /customers/{id}/point-ledger", i -> "/customers/" + i.customerA() + "/point-ledger");
    own("GET /customers/{customerId}/coupons", i -> "/customers/" + i.customerA() + "/coupons");
    own("GET /user-coupons/{id}", i -> "/user-coupons/" + i.userCoupon());
    own("GET /carts/{customerId}", i -> "/carts/" + i.customerA());
    // support reads a cart; the customer and the operator change it
    ownChange("POST /carts/{customerId}/items", i -> "/carts/" + i.customerA() + "/items");
    ownChange("PUT /carts/{customerId}/items/{productOptionId}", i -> "/carts/" + i.customerA() + "/items/" + i.option());
    ownChange("DELETE /carts/{customerId}/items/{productOptionId}", i -> "/carts/" + i.customerA() + "/items/" + i.option());
    // each caller allowed to delete the item finds it there, so that a 404 can only mean "not yours"
    rules.computeIfPresent("DELETE /carts/{customerId}/items/{productOptionId}", (operation, rule) -> new Rule(rule.path(), rule.body(),
        rule.expected(), () -> shop.addToCart(ids.customerA(), ids.option(), 1)));
    // closing an account, tried on a new customer's at each call, so that no caller's own account closes here: A and B
    // are strangers to it (a customer closing their own account is BadTokenIT's)
    rules.put("DELETE /customers/{id}/account", new Rule(i -> "/customers/" + closable + "/account", "{}",
        Map.of(Caller.NOBODY, 401, Caller.A, 404, Caller.B, 404, Caller.OPERATOR, ALLOWED, Caller.SUPPORT, 403),
        () -> closable = shop.customerWithPoints(0)));
    // disabling an account by its id, an operator's alone: tried on a new customer's account at each call, found by the
    // subject of its token
    rules.put("DELETE /accounts/{id}", new Rule(i -> "/accounts/" + disposableAccount, "{}",
        Map.of(Caller.NOBODY, 401, Caller.A, 403, Caller.B, 403, Caller.OPERATOR, ALLOWED, Caller.SUPPORT, 403),
        () -> disposableAccount = accountOf(shop.customerWithPoints(0))));
    own("GET /orders/{id}", i -> "/orders/" + i.order());
    own("GET /orders/{id}/events", i -> "/orders/" + i.order() + "/events");
    own("GET /orders", i -> "/orders?customerId=" + i.customerA());
    // a customer claims a coupon for themself; an operator issues one to anyone
    rule("POST /coupons/{id}/issues", i -> "/coupons/" + i.coupon() + "/issues", "{\"customerId\":%A}",
        Map.of(Caller.NOBODY, 401, Caller.A, ALLOWED, Caller.B, 403, Caller.OPERATOR, ALLOWED, Caller.SUPPORT, 403));
    // a customer orders for themself only; staff place no orders
    rule("POST /orders", i -> "/orders", "{\"customerId\":%A,\"items\":[{\"productOptionId\":%O,\"quantity\":1}]}",
        Map.of(Caller.NOBODY, 401, Caller.A, ALLOWED, Caller.B, 403, Caller.OPERATOR, 403, Caller.SUPPORT, 403));
    // the console's sign-in, passed on to the identity: anyone (the body here is refused as unknown, 400)
    open("POST /console/tokens", i -> "/console/tokens");
    // the support API: a support account's token, no other role's
    supportApi("GET /support/sagas", i -> "/support/sagas");
    supportApi("GET /support/sagas/{sagaId}", i -> "/support/sagas/" + i.saga());
    supportApi("GET /support/orders/{orderId}/saga", i -> "/support/orders/" + i.order() + "/saga");
    supportApi("POST /support/sagas/{sagaId}/actions", i -> "/support/sagas/" + i.saga() + "/actions");
    supportApi("POST /support/stuck-sagas/detection", i -> "/support/stuck-sagas/detection");
    supportApi("POST /support/bus/pings", i -> "/support/bus/pings?participant=cart-service");
    supportApi("GET /support/bus/pings/{id}", i -> "/support/bus/pings/1");
    // every service's parked messages: support and the operator; an id no service has, so staff get 404 and nothing moves
    rule("GET /parked-messages", i -> "/parked-messages", "{}",
        Map.of(Caller.NOBODY, 401, Caller.A, 403, Caller.B, 403, Caller.OPERATOR, ALLOWED, Caller.SUPPORT, ALLOWED));
    rule("GET /parked-messages/{id}", i -> "/parked-messages/8999999999", "{}",
        Map.of(Caller.NOBODY, 401, Caller.A, 403, Caller.B, 403, Caller.OPERATOR, 404, Caller.SUPPORT, 404));
    rule("POST /parked-messages/{id}/redrive", i -> "/parked-messages/8999999999/redrive", "{}",
        Map.of(Caller.NOBODY, 401, Caller.A, 403, Caller.B, 403, Caller.OPERATOR, 404, Caller.SUPPORT, 404));
    supportApi("GET /support/parked-messages", i -> "/support/parked-messages");
    rule("POST /support/parked-messages/{service}/{id}/redrive", i -> "/support/parked-messages/coupon-service/8999999999/redrive", "{}",
        Map.of(Caller.NOBODY, 401, Caller.A, 403, Caller.B, 403, Caller.OPERATOR, 403, Caller.SUPPORT, 404));
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

  private void open(String operation, Function<Ids, String> path) {
    rule(operation, path, "{\"customerId\":%A}", Map.of(Caller.NOBODY, ALLOWED, Caller.A, ALLOWED, Caller.B, ALLOWED,
        Caller.OPERATOR, ALLOWED, Caller.SUPPORT, ALLOWED));
  }

  private void operatorOnly(String operation, Function<Ids, String> path) {
    rule(operation, path, "{\"customerId\":%A}", Map.of(Caller.NOBODY, 401, Caller.A, 403, Caller.B, 403,
        Caller.OPERATOR, ALLOWED, Caller.SUPPORT, 403));
  }

  private void own(String operation, Function<Ids, String> path) {
    rule(operation, path, "{\"customerId\":%A}", Map.of(Caller.NOBODY, 401, Caller.A, ALLOWED, Caller.B, 404,
        Caller.OPERATOR, ALLOWED, Caller.SUPPORT, ALLOWED));
  }

  private void ownChange(String operation, Function<Ids, String> path) {
    rule(operation, path, "{\"customerId\":%A}", Map.of(Caller.NOBODY, 401, Caller.A, ALLOWED, Caller.B, 404,
        Caller.OPERATOR, ALLOWED, Caller.SUPPORT, 403));
  }

  private void supportApi(String operation, Function<Ids, String> path) {
    rule(operation, path, "{\"customerId\":%A}", Map.of(Caller.NOBODY, 401, Caller.A, 403, Caller.B, 403,
        Caller.OPERATOR, 403, Caller.SUPPORT, ALLOWED));
  }

  private void rule(String operation, Function<Ids, String> path, String body, Map<Caller, Integer> expected) {
    rules.put(operation, new Rule(path, body, expected, () -> { }));
  }

  @Test
  void everyEndpointOfEveryServiceAnswersEachCallerAsItsRuleSays() throws Exception {
    List<String> wrong = new ArrayList<>();
    List<String> unruled = new ArrayList<>();
    Set<String> unused = new TreeSet<>(rules.keySet());
    int calls = 0;
    int ruled = 0; // operations with a rule, once per service that describes them (every service has /parked-messages)
    for (Service service : Service.values()) {
      JsonNode paths = OpenApiDocs.of(service).json().path("paths");
      for (Iterator<Map.Entry<String, JsonNode>> each = paths.fields(); each.hasNext(); ) {
        Map.Entry<String, JsonNode> path = each.next();
        for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext(); ) {
          String operation = methods.next().toUpperCase() + " " + path.getKey();
          Rule rule = rules.get(operation);
          unused.remove(operation);
          if (rule == null) {
            unruled.add(service + " " + operation);
            continue;
          }
          ruled++;
          for (Caller caller : Caller.values()) {
            rule.before().run();
            int status = call(service, operation.substring(0, operation.indexOf(' ')), rule, caller);
            calls++;
            int expected = rule.expected().get(caller);
            boolean refused = status == 401 || status == 403 || status == 404;
            if (expected == ALLOWED ? refused : status != expected) {
              wrong.add("%s %s as %s: %d, expected %s".formatted(service, operation, caller, status, expected == ALLOWED ? "allowed" : expected));
            }
          }
        }
      }
    }
    assertThat(unruled).as("endpoints without an access rule in this test").isEmpty();
    assertThat(wrong).as("answers that break the rules").isEmpty();
    assertThat(unused).as("rules of endpoints no service describes").isEmpty();
    assertThat(calls).isEqualTo(ruled * Caller.values().length);
  }

  /**
   * Every other spelling of an id Spring alone would read as a number (a sign, leading zeros, hex, whitespace,
   * percent-encoding, non-ASCII digits) or one past a long's range: each spelling of each integer path parameter of
   * every endpoint, as every caller. A caller without a token gets 401 as with the plain id; every other caller gets the
   * refusal it gets with the plain id, a 400 naming the parameter or a 404, never the resource; and customer A's cart
   * is as it was.
   */
  @Test
  void everyOtherSpellingOfEveryPathIdIsRefusedToEveryCaller() throws Exception {
    String cartBefore = shop.http().get(Shop.url(Service.CART, "/carts/" + ids.customerA())).body().path("items").toString();
    List<String> wrong = new ArrayList<>();
    int calls = 0;
    for (Service service : Service.values()) {
      JsonNode paths = OpenApiDocs.of(service).json().path("paths");
      for (Iterator<Map.Entry<String, JsonNode>> each = paths.fields(); each.hasNext(); ) {
        Map.Entry<String, JsonNode> path = each.next();
        for (Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields(); methods.hasNext(); ) {
          Map.Entry<String, JsonNode> method = methods.next();
          String operation = method.getKey().toUpperCase() + " " + path.getKey();
          Rule rule = rules.get(operation);
          String[] template = path.getKey().split("/");
          String[] concrete = rule.path().apply(ids).split("\\?")[0].split("/");
          for (JsonNode parameter : method.getValue().path("parameters")) {
            if (!parameter.path("in").asText().equals("path") || !parameter.path("schema").path("type").asText().equals("integer")) {
              continue;
            }
            String name = parameter.path("name").asText();
            int segment = Arrays.asList(template).indexOf("{" + name + "}");
            long value = Long.parseLong(concrete[segment]);
            for (String spelling : otherSpellings(value)) {
              String[] spelled = concrete.clone();
              spelled[segment] = spelling;
              String query = rule.path().apply(ids).contains("?") ? rule.path().apply(ids).substring(rule.path().apply(ids).indexOf('?')) : "";
              Rule respelled = new Rule(i -> String.join("/", spelled) + query, rule.body(), rule.expected(), rule.before());
              for (Caller caller : Caller.values()) {
                HttpResponse<String> response = callForBody(service, method.getKey().toUpperCase(), respelled, caller);
                calls++;
                int expected = rule.expected().get(caller);
                // who is calling is asked first (401); a refusal after that may come from the id's spelling instead
                boolean right = expected == 401 ? response.statusCode() == 401
                    : response.statusCode() == expected || response.statusCode() == 404
                    || response.statusCode() == 400 && response.body().contains("\"parameter\":\"" + name + "\"");
                if (!right) {
                  wrong.add("%s %s with %s = '%s' as %s: %d %s".formatted(service, operation, name, spelling, caller,
                      response.statusCode(), response.body()));
                }
              }
            }
          }
        }
      }
    }
    assertThat(wrong).as("answers to other spellings of an id").isEmpty();
    assertThat(calls).as("calls made (integer path parameters found)").isGreaterThan(500);
    assertThat(shop.http().get(Shop.url(Service.CART, "/carts/" + ids.customerA())).body().path("items").toString())
        .as("customer A's cart").isEqualTo(cartBefore);
  }

  /** Spellings of the value as they go into a URL path: raw where a client could send it raw, else percent-encoded. */
  private static List<String> otherSpellings(long value) {
    String digits = Long.toString(value);
    StringBuilder fullWidth = new StringBuilder();
    StringBuilder arabicIndic = new StringBuilder();
    digits.chars().forEach(c -> {
      fullWidth.append((char) ('\uFF10' + c - '0'));
      arabicIndic.append((char) ('\u0660' + c - '0'));
    });
    return List.of("+" + digits, "%2B" + digits, "0" + digits, "00" + digits, "0x" + Long.toHexString(value),
        "%23" + Long.toHexString(value), "%20" + digits, digits + "%20", "%09" + digits, digits + ".0", digits + "L",
        URLEncoder.encode(fullWidth.toString(), StandardCharsets.UTF_8),
        URLEncoder.encode(arabicIndic.toString(), StandardCharsets.UTF_8),
        "9223372036854775808", "-0");
  }

  @Test
  void metricsAndHealthDetailsAreTheOperatorsAndHealthIsOpen() throws Exception {
    for (Service service : Service.values()) {
      String prometheus = RealStack.url(service) + "/actuator/prometheus";
      assertThat(send("GET", prometheus, null, null).statusCode()).as("%s metrics, nobody", service).isEqualTo(401);
      assertThat(send("GET", prometheus, null, shop.customer(ids.customerA()).authorization()).statusCode()).as("%s metrics, a customer", service).isEqualTo(403);
      assertThat(send("GET", prometheus, null, shop.http().authorization()).statusCode()).as("%s metrics, the operator", service).isEqualTo(200);
      // the scraper's credential: the metrics and nothing else, and only as configured
      String scraper = basic("prometheus", LocalStack.METRICS_SCRAPE_PASSWORD);
      HttpResponse<String> scraped = send("GET", prometheus, null, scraper);
      assertThat(scraped.statusCode()).as("%s metrics, the scraper", service).isEqualTo(200);
      assertThat(scraped.body()).as("%s metrics, the scraper", service).contains("application=\"" + service.serviceName() + "\"");
      assertThat(send("GET", prometheus, null, basic("prometheus", LocalStack.METRICS_SCRAPE_PASSWORD + "x")).statusCode())
          .as("%s metrics, a wrong scrape password", service).isEqualTo(401);
      assertThat(send("GET", prometheus, null, basic("operator", LocalStack.METRICS_SCRAPE_PASSWORD)).statusCode())
          .as("%s metrics, another user with the scrape password", service).isEqualTo(401);
      for (String other : List.of("/actuator/metrics", "/actuator/health/readiness/../../prometheus/x", "/actuator/env", "/parked-messages")) {
        assertThat(send("GET", RealStack.url(service) + other, null, scraper).statusCode()).as("%s %s, the scraper", service, other)
            .isIn(400, 401, 403);
      }
      String health = RealStack.url(service) + "/actuator/health";
      HttpResponse<String> anonymous = send("GET", health, null, null);
      assertThat(anonymous.statusCode()).as("%s health, nobody", service).isEqualTo(200);
      assertThat(anonymous.body()).as("%s health, nobody", service).contains("\"status\":\"UP\"").doesNotContain("components", "details");
      HttpResponse<String> customer = send("GET", health, null, shop.customer(ids.customerA()).authorization());
      assertThat(customer.body()).as("%s health, a customer", service).doesNotContain("components");
      String operatorHealth = send("GET", health, null, shop.http().authorization()).body();
      assertThat(operatorHealth).as("%s health, the operator", service).contains("\"components\"", "\"db\"");
      // every consumer found polling: Eventuate's polling threads still have the name ConsumerHealth looks for
      JsonNode consumers = new com.fasterxml.jackson.databind.ObjectMapper().readTree(operatorHealth).at("/components/messageConsumers");
      assertThat(consumers.path("status").asText()).as("%s message consumers in %s", service, operatorHealth).isEqualTo("UP");
      assertThat(consumers.path("details").size()).as("%s subscribers", service).isPositive();
      consumers.path("details").forEach(subscriber -> assertThat(subscriber.path("state").asText()).isEqualTo("consuming"));
      assertThat(send("GET", health + "/readiness", null, null).body()).as("%s readiness", service).contains("\"status\":\"UP\"");
    }
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private int call(Service service, String method, Rule rule, Caller caller) throws Exception {
    return callForBody(service, method, rule, caller).statusCode();
  }

  private HttpResponse<String> callForBody(Service service, String method, Rule rule, Caller caller) throws Exception {
    String authorization = switch (caller) {
      case NOBODY -> null;
      case A -> shop.customer(ids.customerA()).authorization();
      case B -> shop.customer(customerB).authorization();
      case OPERATOR -> shop.http().authorization();
      case SUPPORT -> support.authorization();
    };
    String body = method.equals("GET") || method.equals("DELETE") ? null
        : rule.body().replace("%A", String.valueOf(ids.customerA())).replace("%O", String.valueOf(ids.option()));
    return send(method, RealStack.url(service) + rule.path().apply(ids), body, authorization);
  }

  private HttpResponse<String> send(String method, String url, String body, String authorization) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}

package com.hhcommerce.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.hhcommerce.order.api.SagaState;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * What the run command does once the stack is healthy: the worked example (docs/worked-example.md). A product, a
 * customer with points, a coupon and a cart; one order that is confirmed and one that fails and is
 * compensated. It prints each call so that a newcomer can repeat it with curl.
 */
public final class DemoOrder {

  private static final String DEMO_EMAIL = "kim.minji@example.com";
  /** The demo customer's password (the worked example, docs/worked-example.md, signs in with it); local runs only. */
  public static final String DEMO_PASSWORD = "kim-local-password";
  private final LocalStack stack;
  /** Signed in as the stack's operator (products, coupons, points), later as the demo customer (cart, orders). */
  private StackHttp http;

  public DemoOrder(LocalStack stack) {
    this.stack = stack;
    this.http = StackHttp.operator(stack.url(Service.CUSTOMER_WALLET));
  }

  public void placeAndReport(PrintStream out) {
    String inventory = stack.url(Service.INVENTORY);
    String wallet = stack.url(Service.CUSTOMER_WALLET);
    String coupons = stack.url(Service.COUPON);
    String carts = stack.url(Service.CART);

    out.println("\nDemo: the operator makes a product, a customer with points and a coupon; the customer signs in, claims the coupon,"
        + " fills the cart and places two orders.");
    JsonNode product = call(out, "POST", inventory + "/products", Map.of("name", "Linen shirt", "options", List.of(
        Map.of("name", "M / white", "price", 39000, "stock", 10),
        Map.of("name", "L / white", "price", 39000, "stock", 1))));
    long medium = product.get("options").get(0).get("id").asLong();
    long large = product.get("options").get(1).get("id").asLong();
    long customer = call(out, "POST", wallet + "/customers", Map.of("name", "Kim Minji", "email", DEMO_EMAIL, "password", DEMO_PASSWORD))
        .get("id").asLong();
    call(out, "POST", wallet + "/customers/" + customer + "/point-charges", Map.of("amount", 100000, "requestId", "demo-charge-1"));
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    long coupon = call(out, "POST", coupons + "/coupons", Map.of("name", "3,000 off orders of 50,000+", "discountType", "FIXED",
        "discountValue", 3000, "minOrderAmount", 50000, "validFrom", now.minus(Duration.ofDays(1)).toString(),
        "validUntil", now.plus(Duration.ofDays(30)).toString(), "quantity", 100)).get("id").asLong();
    http = StackHttp.signedIn(wallet, DEMO_EMAIL, DEMO_PASSWORD);
    out.printf("POST %s/auth/tokens {\"email\":\"%s\",...} -> a bearer token for the customer's own calls%n", wallet, DEMO_EMAIL);
    // coupon-service and cart-service learn of new customers and products from events: a moment after creation
    long userCoupon = callOnceKnown(out, coupons + "/coupons/" + coupon + "/issues", Map.of("customerId", customer)).get("id").asLong();
    callOnceKnown(out, carts + "/carts/" + customer + "/items", Map.of("productOptionId", medium, "quantity", 2));

    JsonNode confirmed = placeAndAwait(out, Map.of("customerId", customer, "userCouponId", userCoupon,
        "items", List.of(Map.of("productOptionId", medium, "quantity", 2))));
    out.printf("=> order %d %s: subtotal %d, discount %d, paid with points %d%n", confirmed.get("orderId").asLong(),
        confirmed.get("status").asText(), confirmed.at("/amounts/subtotal").asLong(), confirmed.at("/amounts/discount").asLong(),
        confirmed.at("/amounts/paidWithPoints").asLong());

    call(out, "POST", carts + "/carts/" + customer + "/items", Map.of("productOptionId", large, "quantity", 2));
    JsonNode failed = placeAndAwait(out, Map.of("customerId", customer, "items", List.of(Map.of("productOptionId", large, "quantity", 2))));
    out.printf("=> order %d %s (%s): %s%n", failed.get("orderId").asLong(), failed.get("status").asText(),
        failed.get("failureCode").asText(), failed.get("failureReason").asText());
    out.printf("   afterwards: points %d, stock of L %d, cart %s%n",
        http.get(wallet + "/customers/" + customer).body().get("pointBalance").asLong(),
        http.get(inventory + "/product-options/" + large).body().get("stock").asInt(),
        http.get(carts + "/carts/" + customer).body().get("items"));

    String rankings = stack.url(Service.RANKING) + "/rankings/products?period=DAY&limit=3";
    JsonNode ranking = awaitRanking(rankings);
    out.printf("GET  %s -> %s%n", rankings, ranking.get("products"));

    if (stack.settings().externalMail().isEmpty()) {
      String mailbox = "http://127.0.0.1:%d/api/user/%s/messages/INBOX".formatted(stack.settings().mailApiPort(), DEMO_EMAIL);
      JsonNode mails = awaitMails(mailbox, 2);
      out.printf("GET  %s -> %d mails:%n", mailbox, mails.size());
      mails.forEach(mail -> out.printf("     \"%s\"%n", mail.path("subject").asText()));
    }
  }

  /** relay-service mails each order's outcome once the order's event has reached it. */
  private JsonNode awaitMails(String mailbox, int count) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    StackHttp.Response mails = http.get(mailbox);
    while ((mails.status() != 200 || mails.body().size() < count) && Instant.now().isBefore(deadline)) {
      ManagedProcess.pause(Duration.ofMillis(100));
      mails = http.get(mailbox);
    }
    return mails.body();
  }

  /** The ranking counts the confirmed order once order-service's event has reached it. */
  private JsonNode awaitRanking(String url) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    JsonNode ranking = http.get(url).body();
    while (ranking.path("products").isEmpty() && Instant.now().isBefore(deadline)) {
      ManagedProcess.pause(Duration.ofMillis(100));
      ranking = http.get(url).body();
    }
    return ranking;
  }

  /** POSTs, waiting while the service answers that an id is unknown to it yet (its replica's event is on the way). */
  private JsonNode callOnceKnown(PrintStream out, String url, Object body) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    StackHttp.Response response = http.post(url, body);
    while (response.status() == 422 && response.body().path("type").asText().contains(":unknown-") && Instant.now().isBefore(deadline)) {
      ManagedProcess.pause(Duration.ofMillis(100));
      response = http.post(url, body);
    }
    return report(out, "POST", url, body, response);
  }

  private JsonNode placeAndAwait(PrintStream out, Map<String, Object> order) {
    String orders = stack.url(Service.ORDER);
    JsonNode accepted = call(out, "POST", orders + "/orders", order);
    long orderId = accepted.get("orderId").asLong();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    JsonNode current = http.get(orders + "/orders/" + orderId).body();
    while (!SagaState.isFinal(current.path("sagaState").asText()) && Instant.now().isBefore(deadline)) {
      ManagedProcess.pause(Duration.ofMillis(50));
      current = http.get(orders + "/orders/" + orderId).body();
    }
    out.printf("GET  %s/orders/%d  (polled until final) -> %s%n", orders, orderId, current.get("message").asText());
    return current;
  }

  private JsonNode call(PrintStream out, String method, String url, Object body) {
    return report(out, method, url, body, http.post(url, body));
  }

  private static JsonNode report(PrintStream out, String method, String url, Object body, StackHttp.Response response) {
    out.printf("%-4s %s %s -> %d%n", method, url, StackHttp.toJson(body), response.status());
    if (response.status() >= 300) {
      throw new StackException("Demo call failed: " + url + " answered " + response.status() + " " + response.body());
    }
    return response.body();
  }
}

package com.hhcommerce.stack.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole saga on the real stack: MariaDB, Kafka, the CDC and the five services as processes.
 * A confirmed order changes stock, coupon, points and cart exactly once; an order that fails at any step
 * ends FAILED with its reason, and everything the steps before it changed is restored exactly.
 */
@ExtendWith({RealStack.class, InvariantAudit.class})
class CreateOrderSagaIT {

  private final Instant now = Instant.now();
  private final Shop shop = new Shop();

  @Test
  void confirmsAnOrderAndChangesEachDomainExactlyOnce() {
    var options = shop.product("shirt", 12_000, 10, 5);
    long a = options.get(0).id();
    long b = options.get(1).id();
    long customer = shop.customerWithPoints(100_000);
    long coupon = shop.issue(shop.fixedCoupon(5_000, 30_000, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(1))), customer);
    shop.addToCart(customer, a, 3);
    shop.addToCart(customer, b, 1);

    JsonNode order = shop.placeAndAwaitEnd(customer, coupon, Map.of(a, 2, b, 1));

    assertThat(order.get("status").asText()).isEqualTo("CONFIRMED");
    assertThat(order.get("sagaState").asText()).isEqualTo("COMPLETED");
    assertThat(order.at("/amounts/subtotal").asLong()).isEqualTo(36_000);
    assertThat(order.at("/amounts/discount").asLong()).isEqualTo(5_000);
    assertThat(order.at("/amounts/paidWithPoints").asLong()).isEqualTo(31_000);
    assertThat(order.get("lines")).allSatisfy(line -> assertThat(line.get("unitPrice").asLong()).isEqualTo(12_000));
    assertThat(shop.stock(a)).isEqualTo(8);
    assertThat(shop.stock(b)).isEqualTo(4);
    assertThat(shop.points(customer)).isEqualTo(69_000);
    assertThat(shop.ledger(customer)).hasSize(2);
    assertThat(shop.userCoupon(coupon).get("status").asText()).isEqualTo("USED");
    assertThat(shop.userCoupon(coupon).get("orderId").asLong()).isEqualTo(order.get("orderId").asLong());
    assertThat(shop.cart(customer)).isEqualTo(Map.of(a, 1));
    String event = KafkaTopics.value(KafkaTopics.find("order-events", order.get("correlationId").asText()));
    assertThat(event).contains("OrderConfirmed").containsPattern("paidWithPoints[^0-9]+31000");
  }

  @Test
  void confirmsAnOrderWithoutACoupon() {
    long option = shop.product("socks", 3_000, 5).get(0).id();
    long customer = shop.customerWithPoints(10_000);
    shop.addToCart(customer, option, 2);

    JsonNode order = shop.placeAndAwaitEnd(customer, null, Map.of(option, 2));

    assertThat(order.get("status").asText()).isEqualTo("CONFIRMED");
    assertThat(order.at("/amounts/paidWithPoints").asLong()).isEqualTo(6_000);
    assertThat(shop.points(customer)).isEqualTo(4_000);
    assertThat(shop.stock(option)).isEqualTo(3);
    assertThat(shop.cart(customer)).isEmpty();
  }

  @Test
  void failsWithoutStockAndChangesNothing() {
    var options = shop.product("hat", 5_000, 10, 1);
    long plenty = options.get(0).id();
    long scarce = options.get(1).id();
    long customer = shop.customerWithPoints(50_000);
    long coupon = shop.issue(shop.fixedCoupon(1_000, 0, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(1))), customer);
    shop.addToCart(customer, plenty, 1);
    shop.addToCart(customer, scarce, 2);

    JsonNode order = shop.placeAndAwaitEnd(customer, coupon, Map.of(plenty, 1, scarce, 2));

    assertFailed(order, "OUT_OF_STOCK", "product option " + scarce + ": 2 requested, 1 available");
    assertThat(shop.stock(plenty)).as("all lines or none are reserved").isEqualTo(10);
    assertThat(shop.stock(scarce)).isEqualTo(1);
    assertThat(shop.points(customer)).isEqualTo(50_000);
    assertThat(shop.userCoupon(coupon).get("status").asText()).isEqualTo("AVAILABLE");
    assertThat(shop.cart(customer)).isEqualTo(Map.of(plenty, 1, scarce, 2));
  }

  @Test
  void releasesStockWhenTheCouponHasExpired() {
    long option = shop.product("scarf", 20_000, 4).get(0).id();
    long customer = shop.customerWithPoints(50_000);
    Instant expiry = Instant.now().plusSeconds(3);
    long coupon = shop.issue(shop.fixedCoupon(1_000, 0, now.minus(Duration.ofDays(2)), expiry), customer);
    shop.addToCart(customer, option, 1);
    // the coupon's validity is real time in coupon-service: wait until it has passed
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(expiry.plusSeconds(1)));

    JsonNode order = shop.placeAndAwaitEnd(customer, coupon, Map.of(option, 1));

    assertFailed(order, "COUPON_EXPIRED", "Coupon " + coupon + " cannot be used");
    assertThat(shop.stock(option)).isEqualTo(4);
    assertThat(shop.userCoupon(coupon).get("status").asText()).isEqualTo("AVAILABLE");
    assertThat(shop.points(customer)).isEqualTo(50_000);
    assertThat(shop.cart(customer)).isEqualTo(Map.of(option, 1));
  }

  @Test
  void releasesStockAndRestoresTheCouponWhenPointsAreInsufficient() {
    long option = shop.product("coat", 90_000, 3).get(0).id();
    long customer = shop.customerWithPoints(50_000);
    long coupon = shop.issue(shop.fixedCoupon(10_000, 0, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(1))), customer);
    shop.addToCart(customer, option, 1);

    JsonNode order = shop.placeAndAwaitEnd(customer, coupon, Map.of(option, 1));

    assertFailed(order, "INSUFFICIENT_POINTS", "80000 needed, 50000 available (30000 missing)");
    assertThat(shop.stock(option)).isEqualTo(3);
    assertThat(shop.userCoupon(coupon).get("status").asText()).isEqualTo("AVAILABLE");
    assertThat(shop.points(customer)).isEqualTo(50_000);
    assertThat(shop.ledger(customer)).as("no deduction was recorded").hasSize(1);
    assertThat(shop.cart(customer)).isEqualTo(Map.of(option, 1));
  }

  @Test
  void failsAtOnceWhenTheItemsAreNotInTheCartTouchingNothingElse() {
    long option = shop.product("bag", 30_000, 6).get(0).id();
    long customer = shop.customerWithPoints(100_000);
    long coupon = shop.issue(shop.fixedCoupon(2_000, 0, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(1))), customer);
    shop.addToCart(customer, option, 1);

    JsonNode order = shop.placeAndAwaitEnd(customer, coupon, Map.of(option, 2));

    assertFailed(order, "CART_ITEMS_MISSING", "product options [" + option + "]");
    assertThat(shop.stock(option)).isEqualTo(6);
    assertThat(shop.userCoupon(coupon).get("status").asText()).isEqualTo("AVAILABLE");
    assertThat(shop.points(customer)).isEqualTo(100_000);
    assertThat(shop.ledger(customer)).as("the cart is checked first: no points were taken and given back")
        .extracting(e -> e.get("type").asText()).containsExactly("CHARGE");
    assertThat(shop.cart(customer)).isEqualTo(Map.of(option, 1));
  }

  @Test
  void refusesASecondOrderWhileOneIsInFlightAndReplaysAnIdempotencyKey() {
    long option = shop.product("pen", 1_000, 100).get(0).id();
    long customer = shop.customerWithPoints(100_000);
    shop.addToCart(customer, option, 5);

    var first = shop.placeOrder(customer, null, Map.of(option, 1), Map.of("Idempotency-Key", "key-1"));
    var replay = shop.placeOrder(customer, null, Map.of(option, 1), Map.of("Idempotency-Key", "key-1"));
    var otherBody = shop.placeOrder(customer, null, Map.of(option, 2), Map.of("Idempotency-Key", "key-1"));

    assertThat(first.status()).isEqualTo(202);
    assertThat(replay.status()).isEqualTo(202);
    assertThat(replay.body().get("orderId").asLong()).isEqualTo(first.body().get("orderId").asLong());
    assertThat(otherBody.status()).isEqualTo(422);
    shop.awaitEnd(first.body().get("orderId").asLong());
    assertThat(shop.stock(option)).as("one order, one reservation").isEqualTo(99);
  }

  private static void assertFailed(JsonNode order, String code, String reasonPart) {
    assertThat(order.get("status").asText()).isEqualTo("FAILED");
    assertThat(order.get("sagaState").asText()).isEqualTo("COMPENSATED");
    assertThat(order.get("failureCode").asText()).isEqualTo(code);
    assertThat(order.get("failureReason").asText()).contains(reasonPart);
    assertThat(order.get("message").asText()).contains(reasonPart);
  }
}

package com.hhcommerce.stack.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.hhcommerce.stack.LocalStack;
import com.hhcommerce.stack.Service;
import com.hhcommerce.stack.StackHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * cart-service and coupon-service check ids against replicas fed by inventory's and the wallet's events: an id
 * that does not exist is refused with a problem naming the field and changes nothing, and an id created a
 * moment ago is refused the same way until its event has arrived, then accepted.
 */
@ExtendWith({RealStack.class, InvariantAudit.class})
class ReplicaIT {

  private static final long NEVER_CREATED = 987_654_321L;
  private final Shop shop = new Shop();
  private final StackHttp http = shop.http();

  @Test
  void anIdThatDoesNotExistIsRefusedNamingTheFieldAndChangesNothing() {
    long customer = shop.customerWithPoints(0);
    assertRefused(addToCart(customer, NEVER_CREATED), "unknown-product-option", "productOptionId");
    assertThat(shop.cart(customer)).isEmpty();

    long coupon = shop.fixedCoupon(1_000, 0, Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(1)));
    assertRefused(issue(coupon, NEVER_CREATED), "unknown-customer", "customerId");
    assertThat(http.get(Shop.url(Service.COUPON, "/coupons/" + coupon)).body().get("issuedQuantity").asInt()).isZero();
  }

  @Test
  void anIdCreatedAMomentAgoIsRefusedUntilItsEventArrivesThenAccepted() {
    long existing = shop.customerWithPoints(0);
    long coupon = shop.fixedCoupon(1_000, 0, Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(1)));
    // with the CDC stopped, the new product's and customer's events stay in their outboxes: the moment after creation, held open
    RealStack.stack().process(LocalStack.CDC).stop(Duration.ofSeconds(20));
    long option;
    long customer;
    try {
      JsonNode product = http.post(Shop.url(Service.INVENTORY, "/products"), Map.of("name", "brand new",
          "options", List.of(Map.of("name", "one", "price", 1_000, "stock", 5)))).body();
      option = product.at("/options/0/id").asLong();
      customer = http.post(Shop.url(Service.CUSTOMER_WALLET, "/customers"), Map.of("name", "brand new")).body().get("id").asLong();
      assertThat(option).isPositive();
      assertThat(customer).isPositive();

      assertRefused(addToCart(existing, option), "unknown-product-option", "productOptionId");
      assertRefused(issue(coupon, customer), "unknown-customer", "customerId");
      assertThat(shop.cart(existing)).isEmpty();
      assertThat(http.get(Shop.url(Service.COUPON, "/coupons/" + coupon)).body().get("issuedQuantity").asInt()).isZero();
    } finally {
      RealStack.stack().restart(LocalStack.CDC);
    }
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> addToCart(existing, option).status() == 200);
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> issue(coupon, customer).status() == 201);
    assertThat(shop.cart(existing)).isEqualTo(Map.of(option, 1));
    assertThat(http.get(Shop.url(Service.COUPON, "/coupons/" + coupon)).body().get("issuedQuantity").asInt()).isEqualTo(1);
  }

  @Test
  void aPoisonProductEventIsParkedWithItsReasonAndTheNextProductIsStillLearnt() throws Exception {
    String marker = "poison template " + java.util.UUID.randomUUID();
    shop.product(marker, 1_000, 1);
    String subscriber = "cart-service-product-replica";
    String poison = PoisonEvents.publishAndAwaitConsumed(KafkaTopics.find("product-events", marker), subscriber);
    assertThat(PoisonEvents.parkedReason("cart_service", subscriber, poison)).isNotBlank();

    long option = shop.product("after the poison", 1_000, 1).get(0).id(); // waits until the cart has learnt it
    assertThat(addToCart(shop.customerWithPoints(0), option).status()).isEqualTo(200);
  }

  private StackHttp.Response addToCart(long customer, long option) {
    return http.post(Shop.url(Service.CART, "/carts/" + customer + "/items"), Map.of("productOptionId", option, "quantity", 1));
  }

  private StackHttp.Response issue(long coupon, long customer) {
    return http.post(Shop.url(Service.COUPON, "/coupons/" + coupon + "/issues"), Map.of("customerId", customer));
  }

  private static void assertRefused(StackHttp.Response response, String type, String field) {
    assertThat(response.status()).as("%s", response.body()).isEqualTo(422);
    assertThat(response.body().get("type").asText()).endsWith(":" + type);
    assertThat(response.body().get("field").asText()).isEqualTo(field);
  }
}

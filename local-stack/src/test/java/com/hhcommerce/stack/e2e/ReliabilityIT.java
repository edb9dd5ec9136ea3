package com.hhcommerce.stack.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.hhcommerce.stack.ManagedProcess;
import com.hhcommerce.stack.Service;
import com.hhcommerce.stack.StackHttp;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast subset of the reliability scenarios (docs/reliability.md): contention, parallel requests of one
 * customer, duplicate delivery and a participant killed mid-flight, each ending with the invariant audit.
 */
@ExtendWith({RealStack.class, InvariantAudit.class})
class ReliabilityIT {

  private final Shop shop = new Shop();

  @Test
  void twoHundredCustomersRacingForFiftyItemsGetExactlyFifty() throws Exception {
    long option = shop.product("limited sneakers", 1_000, 50).get(0).id();
    List<Long> customers = shop.customersWithOneInCart(option, 200, 10_000);

    Instant start = Instant.now();
    List<Long> orders = inParallel(32, customers.stream().map(c -> (Callable<Long>) () -> {
      StackHttp.Response accepted = shop.placeOrder(c, null, Map.of(option, 1), Map.of());
      assertThat(accepted.status()).isEqualTo(202);
      return accepted.body().get("orderId").asLong();
    }).toList());
    List<JsonNode> ended = orders.stream().map(shop::awaitEnd).toList();
    System.out.printf("contention: 200 orders for 50 items ended %d ms after the first POST%n",
        Duration.between(start, Instant.now()).toMillis());

    assertThat(ended.stream().filter(o -> o.get("status").asText().equals("CONFIRMED"))).hasSize(50);
    assertThat(ended.stream().filter(o -> o.path("failureCode").asText().equals("OUT_OF_STOCK"))).hasSize(150);
    assertThat(shop.stock(option)).isZero();
  }

  @Test
  void oneCustomerFiringTwentyOrdersAtOnceGetsOneAcceptedOrOneOrderPerKey() throws Exception {
    long option = shop.product("pens", 100, 1_000).get(0).id();
    long customer = shop.customerWithPoints(1_000_000);
    shop.addToCart(customer, option, 100);

    List<Integer> statuses = inParallel(20, IntStream.range(0, 20).mapToObj(i -> (Callable<Integer>) () ->
        shop.placeOrder(customer, null, Map.of(option, 1), Map.of()).status()).toList());
    assertThat(statuses.stream().filter(s -> s == 202)).hasSize(1);
    assertThat(statuses.stream().filter(s -> s == 409)).hasSize(19);
    JsonNode first = shop.http().get(Shop.url(Service.ORDER, "/orders?customerId=" + customer)).body().get("items").get(0);
    shop.awaitEnd(first.get("orderId").asLong());

    List<Long> sameKey = inParallel(20, IntStream.range(0, 20).mapToObj(i -> (Callable<Long>) () -> {
      StackHttp.Response r = shop.placeOrder(customer, null, Map.of(option, 2), Map.of("Idempotency-Key", "checkout-" + customer));
      assertThat(r.status()).as("%s", r.body()).isEqualTo(202);
      return r.body().get("orderId").asLong();
    }).toList());
    assertThat(sameKey).containsOnly(sameKey.get(0));
    shop.awaitEnd(sameKey.get(0));
    assertThat(shop.stock(option)).isEqualTo(1_000 - 1 - 2);
  }

  @Test
  void redeliveredCommandsChangeNothing() throws Exception {
    long option = shop.product("mugs", 4_000, 10).get(0).id();
    long customer = shop.customerWithPoints(50_000);
    shop.addToCart(customer, option, 3);
    JsonNode order = shop.placeAndAwaitEnd(customer, null, Map.of(option, 2));
    assertThat(order.get("status").asText()).isEqualTo("CONFIRMED");
    long orderId = order.get("orderId").asLong();
    String orderIdInPayload = "\\\"orderId\\\":" + orderId + ",";

    for (String channel : List.of("inventory-service-commands", "customer-wallet-service-commands", "cart-service-commands")) {
      RecordMetadata copy = KafkaTopics.republish(KafkaTopics.find(channel, orderIdInPayload));
      KafkaTopics.awaitConsumed(channel, copy);
    }

    assertThat(shop.stock(option)).isEqualTo(8);
    assertThat(shop.points(customer)).isEqualTo(42_000);
    assertThat(shop.ledger(customer)).hasSize(2);
    assertThat(shop.cart(customer)).isEqualTo(Map.of(option, 1));
    assertThat(shop.order(orderId).get("sagaState").asText()).isEqualTo("COMPLETED");
  }

  @Test
  void aParticipantKilledWhileOrdersAreInFlightCatchesUpAfterRestart() throws Exception {
    long option = shop.product("lamps", 2_000, 100).get(0).id();
    List<Long> customers = shop.customersWithOneInCart(option, 20, 10_000);
    ManagedProcess wallet = RealStack.stack().process(Service.CUSTOMER_WALLET);

    List<Long> orders = inParallel(10, customers.stream().map(c -> (Callable<Long>) () ->
        shop.placeOrder(c, null, Map.of(option, 1), Map.of()).body().get("orderId").asLong()).toList());
    long inFlight = shop.notEnded(orders);
    wallet.kill();
    Instant killed = Instant.now();
    assertThat(inFlight).as("orders still in flight when the wallet was killed").isPositive();
    RealStack.stack().restart(Service.CUSTOMER_WALLET.serviceName());
    List<JsonNode> ended = orders.stream().map(shop::awaitEnd).toList();
    System.out.printf("kill -9 of customer-wallet-service with 20 orders in flight: all ended %d ms after the kill%n",
        Duration.between(killed, Instant.now()).toMillis());

    assertThat(ended).allSatisfy(o -> assertThat(o.get("status").asText()).isEqualTo("CONFIRMED"));
    assertThat(shop.stock(option)).isEqualTo(80);
  }

  private static <T> List<T> inParallel(int threads, List<Callable<T>> calls) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<T> results = new ArrayList<>();
      for (Future<T> f : pool.invokeAll(calls)) {
        results.add(f.get());
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}

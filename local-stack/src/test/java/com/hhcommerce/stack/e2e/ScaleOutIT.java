package com.hhcommerce.stack.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.hhcommerce.order.api.SagaState;
import com.hhcommerce.stack.ManagedProcess;
import com.hhcommerce.stack.Service;
import com.hhcommerce.stack.StackException;
import com.hhcommerce.stack.StackHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of order-service and of inventory-service, as ./stack --instances order-service=2,inventory-service=2
 * starts them: orders placed through both order-service instances; one order-service and one inventory-service
 * killed with kill -9 while orders are in flight. The survivors carry every saga to its end (a saga's state is in
 * the database, its replies' partitions move to the surviving consumer), exactly as many orders are confirmed as
 * there was stock, and the invariant audit passes.
 */
@ExtendWith({RealStack.class, InvariantAudit.class})
class ScaleOutIT {

  private static final int STOCK = 30;
  private static final int CUSTOMERS = 60;
  private static ManagedProcess secondOrderService;
  private static ManagedProcess secondInventory;

  private final Shop shop = new Shop();

  @BeforeAll
  static void secondInstances() {
    secondOrderService = RealStack.stack().startInstance(Service.ORDER, RealStack.stack().settings().instances(Service.ORDER) + 1, Map.of());
    secondInventory = RealStack.stack().startInstance(Service.INVENTORY, RealStack.stack().settings().instances(Service.INVENTORY) + 1, Map.of());
  }

  @AfterAll
  static void backToOneInstanceEach() {
    secondOrderService.stop(Duration.ofSeconds(20));
    secondInventory.stop(Duration.ofSeconds(20));
  }

  @Test
  void theSurvivorsEndEverySagaWhenOneInstanceOfEachIsKilledMidway() throws Exception {
    long option = shop.product("scaled out", 1_000, STOCK).get(0).id();
    List<Long> customers = shop.customersWithOneInCart(option, CUSTOMERS, 10_000);
    List<String> orderServices = List.of(RealStack.url(Service.ORDER), "http://127.0.0.1:" + secondOrderService.port());
    ManagedProcess firstOrderService = RealStack.stack().process(Service.ORDER);

    List<Long> accepted = new CopyOnWriteArrayList<>();
    ExecutorService clients = Executors.newFixedThreadPool(6);
    List<Future<Long>> placed = new ArrayList<>();
    for (int i = 0; i < customers.size(); i++) {
      long customer = customers.get(i);
      int first = i % 2;
      placed.add(clients.submit(() -> {
        long orderId = place(orderServices, first, customer, option);
        accepted.add(orderId);
        return orderId;
      }));
    }
    await().atMost(Duration.ofSeconds(60)).until(() -> accepted.size() >= CUSTOMERS / 3);
    long inFlight = shop.notEnded(List.copyOf(accepted));
    firstOrderService.kill();
    secondInventory.kill();
    Instant killed = Instant.now();
    try {
      assertThat(inFlight).as("orders in flight when one of each was killed (the precondition)").isPositive();

      List<Long> orders = new ArrayList<>();
      for (Future<Long> order : placed) {
        orders.add(order.get());
      }
      String survivor = orderServices.get(1);
      List<JsonNode> ended = new ArrayList<>();
      for (long orderId : orders) {
        ended.add(await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
            .until(() -> shop.http().get(survivor + "/orders/" + orderId).body(), o -> SagaState.isFinal(o.path("sagaState").asText())));
      }
      System.out.printf("ScaleOutIT: %d orders, %d in flight at the kill; all ended %.1f s after it%n", orders.size(), inFlight,
          Duration.between(killed, Instant.now()).toMillis() / 1000.0);

      assertThat(orders).as("one order per customer").doesNotHaveDuplicates().hasSize(CUSTOMERS);
      assertThat(ended.stream().filter(o -> o.get("status").asText().equals("CONFIRMED"))).hasSize(STOCK);
      assertThat(ended.stream().filter(o -> o.get("status").asText().equals("FAILED")))
          .hasSize(CUSTOMERS - STOCK).allSatisfy(o -> assertThat(o.get("failureCode").asText()).isEqualTo("OUT_OF_STOCK"));
      assertThat(shop.stock(option)).isZero();
    } finally {
      clients.shutdownNow();
      RealStack.stack().restart(Service.ORDER.serviceName());
    }
  }

  /** POSTs the order to one instance, and to the other with the same Idempotency-Key while that one does not answer. */
  private long place(List<String> orderServices, int first, long customer, long option) {
    Map<String, Object> body = Map.of("customerId", customer, "items", List.of(Map.of("productOptionId", option, "quantity", 1)));
    Map<String, String> key = Map.of("Idempotency-Key", "scale-out-" + customer);
    AtomicInteger attempt = new AtomicInteger(first);
    return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
      String orderService = orderServices.get(attempt.getAndIncrement() % 2);
      try {
        StackHttp.Response response = shop.customer(customer).post(orderService + "/orders", body, key);
        return response.status() == 202 || response.status() == 200 ? response.body().get("orderId").asLong() : null;
      } catch (StackException refused) {
        return null; // killed: the other instance takes the same request
      }
    }, java.util.Objects::nonNull);
  }
}

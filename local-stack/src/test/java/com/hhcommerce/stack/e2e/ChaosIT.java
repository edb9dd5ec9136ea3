package com.hhcommerce.stack.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.hhcommerce.stack.LocalStack;
import com.hhcommerce.stack.Service;
import com.hhcommerce.stack.StackHttp;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random faults under steady load (./mvnw -Pfaults verify): orders arrive at a steady rate while, one at a
 * time, a process (any service, the CDC, Kafka, ZooKeeper or MariaDB; each once per shuffled round) is
 * killed with kill -9 and restarted. Clients behave like real ones: on a 5xx or a broken connection they
 * retry with their Idempotency-Key. Afterwards every customer has exactly one order, it has ended, exactly
 * the customers who could pay are CONFIRMED, and the invariant audit passes. The seed is printed:
 * -Dhh.chaos.seed=N replays the same victims and pauses, -Dhh.chaos.duration=PT5M runs longer.
 */
@Tag("faults")
@ExtendWith({RealStack.class, InvariantAudit.class})
class ChaosIT {

  private static final List<String> VICTIMS = List.of(Service.ORDER.serviceName(), Service.INVENTORY.serviceName(),
      Service.COUPON.serviceName(), Service.CUSTOMER_WALLET.serviceName(), Service.CART.serviceName(),
      LocalStack.CDC, "kafka", "zookeeper", "mariadb");
  private static final int ORDERS_PER_SECOND = 3;
  private static final long PRICE = 500;

  private final Shop shop = new Shop();

  private record Buyer(long customer, Long userCoupon, boolean canPay) {
  }

  @Test
  void randomKillsUnderSteadyLoadLoseNothing() throws Exception {
    long seed = Long.getLong("hh.chaos.seed", new Random().nextLong());
    Duration duration = Duration.parse(System.getProperty("hh.chaos.duration", "PT180S"));
    int count = (int) duration.toSeconds() * ORDERS_PER_SECOND;
    System.out.printf("CHAOS seed %d, %s of load, %d orders (replay with -Dhh.chaos.seed=%d)%n", seed, duration, count, seed);

    long option = shop.product("chaos", PRICE, count).get(0).id();
    Instant now = Instant.now();
    long coupon = shop.fixedCoupon(100, 0, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(1)));
    List<Buyer> buyers = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      boolean canPay = i % 10 != 0; // every tenth has 100 points for a 400-500 order: fails at "deduct points"
      long customer = shop.customerWithPoints(canPay ? 10_000 : 100);
      shop.addToCart(customer, option, 1);
      buyers.add(new Buyer(customer, i % 3 == 0 ? shop.issue(coupon, customer) : null, canPay));
    }

    AtomicInteger retries = new AtomicInteger();
    ExecutorService clients = Executors.newFixedThreadPool(24);
    ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
    ExecutorService chaos = Executors.newSingleThreadExecutor();
    List<CompletableFuture<Long>> orders = new ArrayList<>();
    try {
      Instant loadEnds = Instant.now().plus(duration);
      Future<List<String>> faults = chaos.submit(() -> injectFaults(new Random(seed), loadEnds));
      for (int i = 0; i < count; i++) {
        Buyer buyer = buyers.get(i);
        CompletableFuture<Long> order = new CompletableFuture<>();
        orders.add(order);
        clock.schedule(() -> clients.execute(() -> {
          try {
            order.complete(placeRetrying(buyer, option, retries));
          } catch (Throwable failure) {
            order.completeExceptionally(failure);
          }
        }), i * 1000L / ORDERS_PER_SECOND, TimeUnit.MILLISECONDS);
      }
      List<String> injected = faults.get(duration.toSeconds() + 600, TimeUnit.SECONDS);
      Instant lastRestart = Instant.now();
      List<JsonNode> ended = orders.stream()
          .map(o -> shop.awaitEnd(o.orTimeout(10, TimeUnit.MINUTES).join(), Duration.ofMinutes(4))).toList();
      System.out.printf("CHAOS %d faults: %s%n", injected.size(), String.join("; ", injected));
      System.out.printf("CHAOS %d orders, %d POSTs retried; every saga ended %d ms after the last restart%n",
          count, retries.get(), Duration.between(lastRestart, Instant.now()).toMillis());

      for (int i = 0; i < count; i++) {
        Buyer buyer = buyers.get(i);
        JsonNode order = ended.get(i);
        assertThat(shop.http().get(Shop.url(Service.ORDER, "/orders?customerId=" + buyer.customer())).body().get("items"))
            .as("a retrying client gets one order").hasSize(1);
        if (buyer.canPay()) {
          assertThat(order.get("status").asText()).as("order %s", order).isEqualTo("CONFIRMED");
        } else {
          assertThat(order.get("failureCode").asText()).as("order %s", order).isEqualTo("INSUFFICIENT_POINTS");
        }
      }
      long confirmed = buyers.stream().filter(Buyer::canPay).count();
      assertThat(shop.stock(option)).isEqualTo(count - confirmed);
    } finally {
      clock.shutdownNow();
      clients.shutdownNow();
      chaos.shutdownNow();
    }
  }

  /**
   * One fault at a time until the load ends: a pause, a victim killed, down a few seconds, restarted. Victims
   * come in shuffled rounds, so that a long enough run hits every kind of process.
   */
  private static List<String> injectFaults(Random random, Instant until) throws InterruptedException {
    List<String> injected = new ArrayList<>();
    List<String> round = new ArrayList<>();
    Instant start = Instant.now();
    while (Instant.now().isBefore(until)) {
      Thread.sleep(3_000 + random.nextInt(5_000)); // the fault schedule itself, not synchronisation
      if (round.isEmpty()) {
        round.addAll(VICTIMS);
        Collections.shuffle(round, random);
      }
      String victim = round.remove(0);
      int downMs = random.nextInt(5_000);
      Instant killed = Instant.now();
      RealStack.stack().process(victim).kill();
      Thread.sleep(downMs);
      RealStack.stack().restart(victim);
      injected.add("%s at +%ds (down %.1f s, healthy after %.1f s)".formatted(victim, Duration.between(start, killed).toSeconds(),
          downMs / 1000.0, Duration.between(killed, Instant.now()).toMillis() / 1000.0));
    }
    return injected;
  }

  /** A client's POST: on a 5xx or a broken connection it tries again with the same Idempotency-Key. */
  private Long placeRetrying(Buyer buyer, long option, AtomicInteger retries) {
    Instant giveUp = Instant.now().plus(Duration.ofMinutes(5));
    while (true) {
      try {
        StackHttp.Response response = shop.placeOrder(buyer.customer(), buyer.userCoupon(), Map.of(option, 1),
            Map.of("Idempotency-Key", "chaos-" + buyer.customer()));
        if (response.status() == 202) {
          return response.body().get("orderId").asLong();
        }
        assertThat(response.status()).as("only server errors are retried: %s", response.body()).isGreaterThanOrEqualTo(500);
      } catch (RuntimeException brokenConnection) {
        if (Instant.now().isAfter(giveUp)) {
          throw brokenConnection;
        }
      }
      if (Instant.now().isAfter(giveUp)) {
        throw new IllegalStateException("order of customer " + buyer.customer() + " not accepted within 5 minutes");
      }
      retries.incrementAndGet();
      try {
        Thread.sleep(1_000); // the client's retry back-off
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}

package com.hhcommerce.stack.e2e;

import com.hhcommerce.stack.LocalStack;
import com.hhcommerce.stack.ManagedProcess;
import com.hhcommerce.stack.Service;
import com.hhcommerce.stack.StackHttp;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Outages longer than any budget (./mvnw -Pfaults verify): each starts with orders in flight, proves the fault hit
 * them, ends with every saga finished correctly without a service restarted by hand, and the invariant audit.
 */
@Tag("faults")
@ExtendWith({RealStack.class, InvariantAudit.class})
class LongOutagesIT {

  private static final List<Service> SAGA_SERVICES = List.of(Service.ORDER, Service.INVENTORY, Service.COUPON, Service.CUSTOMER_WALLET,
      Service.CART);
  /** Retries of a message before the consumers once gave up and stopped for good. */
  private static final int OLD_RETRY_BUDGET = 60;
  private static final Pattern ATTEMPT = Pattern.compile("Transient failure handling message \\S+ for \\S+, attempt (\\d+),");

  private final Shop shop = new Shop();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  /**
   * MariaDB down until some consumer has retried one message more often than the old budget allowed. The back-off is
   * shortened (10 ms doubling to 100 ms, instead of 200 ms to 15 s), and so is the wait for a pool connection (250 ms,
   * instead of 30 s, which each attempt spends while the database is down), so that 60 attempts take seconds, not the
   * 15 min of the defaults: the outage is longer than the old budget in attempts, which is what stopped consumers.
   */
  @Test
  void aDatabaseOutageLongerThanTheOldRetryBudgetIsWaitedOut() {
    Map<String, String> shortRetries = Map.of("HH_MESSAGING_RETRY_FIRSTBACKOFF", "10ms", "HH_MESSAGING_RETRY_MAXBACKOFF", "100ms",
        "HH_MESSAGING_STUCKAFTER", "2s", "SPRING_DATASOURCE_HIKARI_CONNECTIONTIMEOUT", "250");
    SAGA_SERVICES.forEach(service -> RealStack.stack().restartWith(service, shortRetries));
    try {
      long option = shop.product("long database outage", 500, 1_000).get(0).id();
      List<Long> orders = shop.ordersOfOne(option, 20);
      long inFlight = shop.notEnded(orders);
      ManagedProcess mariadb = RealStack.stack().process("mariadb");
      mariadb.kill();
      Instant down = Instant.now();
      assertThat(inFlight).as("orders in flight when the database went down").isPositive();
      try {
        await("a consumer retried one message past the old budget").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
            .until(() -> SAGA_SERVICES.stream().mapToInt(LongOutagesIT::highestAttempt).max().orElse(0) > OLD_RETRY_BUDGET + 20);
        assertThat(SAGA_SERVICES.stream().filter(this::notReady).toList()).as("services not ready while a consumer retries").isNotEmpty();
      } finally {
        RealStack.stack().restart("mariadb");
      }
      System.out.printf("LONG OUTAGE MariaDB down %d s, highest attempt of one message %d (old budget %d)%n",
          Duration.between(down, Instant.now()).toSeconds(), SAGA_SERVICES.stream().mapToInt(LongOutagesIT::highestAttempt).max().orElse(0),
          OLD_RETRY_BUDGET);
      orders.forEach(id -> shop.awaitEnd(id, Duration.ofMinutes(4)));
      report("MariaDB down past the old retry budget with " + inFlight + " of 20 orders in flight", down);
      assertThat(orders).allSatisfy(id -> assertThat(shop.order(id).get("status").asText()).isEqualTo("CONFIRMED"));
      assertThat(shop.stock(option)).isEqualTo(1_000 - 20);
      await("every service ready again, no restart by hand").atMost(Duration.ofMinutes(1))
          .until(() -> SAGA_SERVICES.stream().noneMatch(this::notReady));
    } finally {
      SAGA_SERVICES.forEach(service -> RealStack.stack().restartWith(service, Map.of()));
    }
  }

  /**
   * The identity frozen (SIGSTOP: it accepts connections and never answers) for longer than order-service's key
   * refresh, shortened to 10 s (its fetch timeouts to 1 s each, as a refresh must be four fetches long, and the
   * unknown-key interval to 5 s) so that the minute spans six refreshes: requests with existing tokens keep being answered, a made-up key id is refused (after one bounded fetch),
   * and the orders placed meanwhile finish once the identity (also the wallet, a participant) runs again.
   */
  @Test
  void theIdentityFrozenPastTheKeyRefreshHoldsNoRequest() throws Exception {
    RealStack.stack().restartWith(Service.ORDER, Map.of("HH_SECURITY_KEY_SET_REFRESH", "PT10S",
        "HH_SECURITY_KEY_SET_CONNECT_TIMEOUT", "PT1S", "HH_SECURITY_KEY_SET_READ_TIMEOUT", "PT1S",
        "HH_SECURITY_KEY_SET_UNKNOWN_KEY_INTERVAL", "PT5S"));
    try {
      long option = shop.product("identity frozen", 500, 100).get(0).id();
      List<Long> customers = shop.customersWithOneInCart(option, 3, 10_000);
      customers.forEach(customer -> shop.customer(customer).authorization()); // tokens in hand before the freeze
      // and order-service has the identity's keys (it was just restarted): one request verified before the freeze
      assertThat(shop.customer(customers.get(0)).get(Shop.url(Service.ORDER, "/orders?customerId=" + customers.get(0))).status())
          .as("a verified request before the freeze").isEqualTo(200);
      ManagedProcess identity = RealStack.stack().process(Service.CUSTOMER_WALLET);
      identity.freeze();
      Instant frozen = Instant.now();
      List<Long> orders;
      try {
        orders = shop.placeOneEach(option, customers);
        long first = orders.get(0);
        StackHttp owner = shop.customer(customers.get(0));
        await("order-service answers with existing tokens throughout").during(Duration.ofSeconds(40)).atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(500)).until(() -> owner.get(Shop.url(Service.ORDER, "/orders/" + first)).status() == 200);
        String madeUpKid = forgedKid(owner.authorization());
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(Shop.url(Service.ORDER, "/orders/" + first)))
            .header("Authorization", madeUpKid).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).as("a token naming an unknown key, while the identity hangs").isEqualTo(401);
        assertThat(shop.notEnded(orders)).as("the orders wait for the frozen wallet (the precondition)").isPositive();
      } finally {
        identity.thaw();
      }
      orders.forEach(id -> shop.awaitEnd(id, Duration.ofMinutes(4)));
      report("identity frozen %d s with 3 orders placed meanwhile".formatted(Duration.between(frozen, Instant.now()).toSeconds()), frozen);
      assertThat(orders).allSatisfy(id -> assertThat(shop.order(id).get("status").asText()).isEqualTo("CONFIRMED"));
    } finally {
      RealStack.stack().restartWith(Service.ORDER, Map.of());
    }
  }

  /**
   * The CDC down for five minutes, longer than a step's deadline and both re-sends (30 + 60 + 120 s): the deadlines count
   * from the command's arrival on Kafka, so none fires while the bus carries nothing, and every order completes after.
   */
  @Test
  void theCdcDownPastTheDeadlineBudgetFailsNoOrder() {
    busDownFiveMinutes(LocalStack.CDC);
  }

  /** Kafka down for five minutes: the same, and every consumer and the CDC reconnect by themselves. */
  @Test
  void kafkaDownFiveMinutesFailsNoOrder() {
    busDownFiveMinutes("kafka");
  }

  private void busDownFiveMinutes(String process) {
    // the service's own deadlines (30 s, re-sent twice), not the 10 minutes the other end-to-end tests run with
    RealStack.stack().restartWith(Service.ORDER, Map.of("HH_SAGA_DEADLINE_DEFAULT", "PT30S"));
    try {
      busDownFiveMinutesWithDefaultDeadlines(process);
    } finally {
      RealStack.stack().restartWith(Service.ORDER, Map.of());
    }
  }

  private void busDownFiveMinutesWithDefaultDeadlines(String process) {
    long option = shop.product("bus down " + process, 500, 1_000).get(0).id();
    List<Long> customers = shop.customersWithOneInCart(option, 10, 10_000);
    List<Long> orders = shop.placeOneEach(option, customers);
    double deadlineActions = deadlineActions();
    long inFlight = shop.notEnded(orders);
    RealStack.stack().process(process).kill();
    Instant down = Instant.now();
    assertThat(inFlight).as("orders in flight when %s went down", process).isPositive();
    try {
      await("no deadline fires while the bus is down, and the orders wait").during(Duration.ofMinutes(5)).atMost(Duration.ofMinutes(6))
          .pollInterval(Duration.ofSeconds(10))
          .until(() -> deadlineActions() == deadlineActions && shop.notEnded(orders) > 0);
    } finally {
      RealStack.stack().restart(process);
    }
    orders.forEach(id -> shop.awaitEnd(id, Duration.ofMinutes(4)));
    report("%s down %d s with %d of 10 orders in flight".formatted(process, Duration.between(down, Instant.now()).toSeconds(), inFlight), down);
    assertThat(orders).allSatisfy(id -> assertThat(shop.order(id).get("status").asText()).isEqualTo("CONFIRMED"));
    assertThat(shop.stock(option)).isEqualTo(1_000 - 10);
  }

  /** Re-sends and time-outs order-service's deadlines have made since it started (hh_saga_deadline_actions_total). */
  private double deadlineActions() {
    try {
      String metrics = http.send(HttpRequest.newBuilder(URI.create(RealStack.url(Service.ORDER) + "/actuator/prometheus"))
          .header("Authorization", RealStack.operator().authorization()).build(), HttpResponse.BodyHandlers.ofString()).body();
      Matcher line = Pattern.compile("(?m)^hh_saga_deadline_actions_total\\{[^}]*} (\\S+)$").matcher(metrics);
      double sum = 0;
      while (line.find()) {
        sum += Double.parseDouble(line.group(1));
      }
      return sum;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The same token with another key id in its header (the signature no longer matters: the key is looked up first). */
  private static String forgedKid(String authorization) {
    String[] parts = authorization.substring("Bearer ".length()).split("\\.");
    String header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8)
        .replaceFirst("\"kid\"\\s*:\\s*\"[^\"]*\"", "\"kid\":\"made-up-" + UUID.randomUUID() + "\"");
    return "Bearer " + Base64.getUrlEncoder().withoutPadding().encodeToString(header.getBytes(StandardCharsets.UTF_8))
        + "." + parts[1] + "." + parts[2];
  }

  private boolean notReady(Service service) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(RealStack.url(service) + "/actuator/health/readiness")).timeout(Duration.ofSeconds(5))
          .build(), HttpResponse.BodyHandlers.ofString()).statusCode() != 200;
    } catch (IOException e) {
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The highest attempt number of one message in the service's log since its last start. */
  private static int highestAttempt(Service service) {
    try {
      String log = Files.readString(RealStack.stack().process(service).logFile());
      Matcher attempt = ATTEMPT.matcher(log.substring(log.lastIndexOf("==== ")));
      int highest = 0;
      while (attempt.find()) {
        highest = Math.max(highest, Integer.parseInt(attempt.group(1)));
      }
      return highest;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void report(String scenario, Instant from) {
    System.out.printf("FAULT %s: every saga ended %d ms later%n", scenario, Duration.between(from, Instant.now()).toMillis());
  }
}

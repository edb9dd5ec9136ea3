package com.hhcommerce.stack.e2e;

import com.hhcommerce.stack.ManagedProcess;
import com.hhcommerce.stack.Service;
import com.hhcommerce.stack.StackHttp;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A first-come coupon drop on the real stack: 1,000 customers at once for 100 coupons, through the Redis gate,
 * with Redis killed in the middle, and through the database alone for comparison. Prints requests/s and p99.
 */
@ExtendWith({RealStack.class, InvariantAudit.class})
class CouponDropIT {

  private static final int CROWD = 1_000;
  private static final int QUANTITY = 100;
  private static final String SOLD_OUT = ":coupon-sold-out";
  private static final String UNAVAILABLE = ":lock-acquisition-failed";
  private final Shop shop = new Shop();
  private final StackHttp http = shop.http();

  /** One answer to one customer's request, with how long it took. */
  private record Answer(long customer, int status, String type, long millis) {
  }

  /** A drop's answers and how long it took from the first request to the last answer. */
  private record Drop(List<Answer> answers, Duration wall) {
  }

  @Test
  void aThousandCustomersRacingForAHundredCouponsGetExactlyAHundredOnceEach() throws Exception {
    long coupon = coupon(RealStack.url(Service.COUPON));
    List<Answer> answers = report("Redis gate", drop(RealStack.url(Service.COUPON), coupon, customers(CROWD), done -> { }));

    assertThat(count(answers, 201)).isEqualTo(QUANTITY);
    assertThat(answers.stream().filter(a -> a.status() == 409 && a.type().endsWith(SOLD_OUT)).count()).isEqualTo(CROWD - QUANTITY);
    assertIssuedOncePerCustomer(coupon, QUANTITY);
    assertThat(gateHolders(coupon)).as("Redis and the database agree").isEqualTo(databaseHolders(coupon));
  }

  @Test
  void redisKilledInTheMiddleNeverIssuesMoreAndTheGateAgreesWithTheDatabaseAfterwards() throws Exception {
    long coupon = coupon(RealStack.url(Service.COUPON));
    List<Long> customers = customers(CROWD);
    ManagedProcess redis = RealStack.stack().process("redis");
    AtomicInteger killedAfter = new AtomicInteger(-1);
    Drop drop;
    try {
      // 20 clients, so that the kill lands while coupons are still left (the first 100 arrivals would take them all)
      drop = drop(RealStack.url(Service.COUPON), coupon, customers, 20, done -> {
        if (done == 30 && killedAfter.compareAndSet(-1, done)) {
          redis.kill();
        }
      });
    } finally {
      if (!redis.isAlive()) {
        RealStack.stack().restart("redis");
      }
    }
    List<Answer> answers = report("20 clients, Redis killed after 30 answers", drop);
    assertThat(killedAfter.get()).as("Redis was killed during the drop").isEqualTo(30);
    long refusedForRedis = answers.stream().filter(a -> a.status() == 503 && a.type().endsWith(UNAVAILABLE)).count();
    assertThat(refusedForRedis).as("requests came while Redis was down (the precondition)").isPositive();
    assertThat(answers).allSatisfy(a -> assertThat(a.status()).isIn(201, 409, 503));
    long issued = count(answers, 201);
    assertThat(issued).as("coupons were left when Redis went down (the precondition)").isLessThan(QUANTITY);
    assertIssuedOncePerCustomer(coupon, issued);

    // Redis is back: the customers refused for it try again (as Retry-After tells them) until none is refused for
    // Redis; the breaker's probe closes it on Redis's first PING, so that is seconds, not the breaker's open wait and
    // half-open trials (10-20 s before, with the crowd's requests spending the trials)
    AtomicReference<List<Long>> again = new AtomicReference<>(
        answers.stream().filter(a -> a.status() == 503).map(Answer::customer).toList());
    await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500)).until(() -> {
      List<Answer> retried = drop(RealStack.url(Service.COUPON), coupon, again.get(), done -> { }).answers();
      assertThat(retried).allSatisfy(a -> assertThat(a.status()).isIn(201, 409, 503));
      again.set(retried.stream().filter(a -> a.status() == 503).map(Answer::customer).toList());
      return again.get().isEmpty();
    });
    assertIssuedOncePerCustomer(coupon, QUANTITY);
    await("the places owed while Redis was down are given back").atMost(Duration.ofSeconds(30))
        .until(() -> gateHolders(coupon), databaseHolders(coupon)::equals);
  }

  /**
   * Redis down for five minutes (./mvnw -Pfaults verify) while a crowd keeps asking: every request meanwhile is refused
   * for Redis (503, never a coupon issued twice or a 500), and the crowd is served again within seconds of Redis's return.
   */
  @Tag("faults")
  @Test
  void redisDownFiveMinutesUnderACrowdRefusesCleanlyAndServesAgainWithinSecondsOfItsReturn() throws Exception {
    String couponService = RealStack.url(Service.COUPON);
    long coupon = coupon(couponService);
    List<Long> customers = customers(2 * QUANTITY);
    List<Answer> before = drop(couponService, coupon, customers.subList(0, QUANTITY / 2), 20, done -> { }).answers();
    assertThat(count(before, 201)).as("half the coupons issued before the outage").isEqualTo(QUANTITY / 2);
    List<Long> waiting = customers.subList(QUANTITY / 2, customers.size());
    ManagedProcess redis = RealStack.stack().process("redis");
    redis.kill();
    Instant down = Instant.now();
    Map<String, Long> whileDown = new ConcurrentSkipListMap<>();
    try {
      await("every request is refused for Redis while it is down").during(Duration.ofMinutes(5)).atMost(Duration.ofMinutes(6))
          .pollInterval(Duration.ofSeconds(5)).until(() -> {
            List<Answer> answers = drop(couponService, coupon, waiting.subList(0, 20), 20, done -> { }).answers();
            answers.forEach(a -> whileDown.merge(a.status() + " " + a.type().substring(a.type().lastIndexOf(':') + 1), 1L, Long::sum));
            return answers.stream().allMatch(a -> a.status() == 503 && a.type().endsWith(UNAVAILABLE));
          });
    } finally {
      RealStack.stack().restart("redis");
    }
    Instant up = Instant.now();
    AtomicReference<List<Long>> again = new AtomicReference<>(waiting);
    AtomicReference<Instant> firstServed = new AtomicReference<>();
    await("the crowd is served again").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
      List<Answer> retried = drop(couponService, coupon, again.get(), 20, done -> { }).answers();
      assertThat(retried).allSatisfy(a -> assertThat(a.status()).isIn(201, 409, 503));
      if (retried.stream().anyMatch(a -> a.status() != 503)) {
        firstServed.compareAndSet(null, Instant.now());
      }
      again.set(retried.stream().filter(a -> a.status() == 503).map(Answer::customer).toList());
      return again.get().isEmpty();
    });
    System.out.printf("FAULT Redis down %d s under a coupon crowd (answers meanwhile %s): first served %d ms after Redis answered,"
            + " every customer answered %d ms after%n", Duration.between(down, up).toSeconds(), whileDown,
        Duration.between(up, firstServed.get()).toMillis(), Duration.between(up, Instant.now()).toMillis());
    assertIssuedOncePerCustomer(coupon, QUANTITY);
    await("the gate agrees with the database").atMost(Duration.ofSeconds(30)).until(() -> gateHolders(coupon), databaseHolders(coupon)::equals);
  }

  @Test
  void theDatabaseAloneIssuesExactlyAsManyForComparison() throws Exception {
    int port = RealStack.stack().settings().servicePort(Service.COUPON) + 100;
    ManagedProcess databaseOnly = RealStack.stack().startExtraInstance(Service.COUPON, "coupon-service-database-gate", port, 61,
        Map.of("HH_COUPON_DROP_GATE", "database"));
    try {
      String url = "http://127.0.0.1:" + port;
      long coupon = coupon(url);
      List<Answer> answers = report("database alone", drop(url, coupon, customers(CROWD), done -> { }));
      assertThat(count(answers, 201)).isEqualTo(QUANTITY);
      assertThat(answers.stream().filter(a -> a.status() == 409 && a.type().endsWith(SOLD_OUT)).count()).isEqualTo(CROWD - QUANTITY);
      assertIssuedOncePerCustomer(coupon, QUANTITY);
    } finally {
      databaseOnly.stop(Duration.ofSeconds(15));
    }
  }

  private long coupon(String couponService) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    StackHttp.Response created = http.post(couponService + "/coupons", Map.of("name", "flash drop", "discountType", "FIXED",
        "discountValue", 1_000, "validFrom", now.minus(Duration.ofDays(1)).toString(),
        "validUntil", now.plus(Duration.ofDays(1)).toString(), "quantity", QUANTITY));
    assertThat(created.status()).as("%s", created.body()).isEqualTo(201);
    return created.body().get("id").asLong();
  }

  /** New customers, created in parallel, once coupon-service has heard of every one of them. */
  private List<Long> customers(int count) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<Long> ids = Collections.synchronizedList(new ArrayList<>());
    try {
      List<Future<?>> created = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        created.add(pool.submit(() -> ids.add(shop.customerWithoutPassword())));
      }
      for (Future<?> f : created) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    String list = ids.stream().map(String::valueOf).collect(Collectors.joining(","));
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
        query("SELECT COUNT(*) FROM coupon_service.known_customer WHERE customer_id IN (" + list + ")") == count);
    return List.copyOf(ids);
  }

  /** Every customer asks once, all released at the same moment from the clients' threads; answers in completion order. */
  private Drop drop(String couponService, long coupon, List<Long> customers, IntConsumer afterEachAnswer) throws Exception {
    return drop(couponService, coupon, customers, 100, afterEachAnswer);
  }

  private Drop drop(String couponService, long coupon, List<Long> customers, int clients, IntConsumer afterEachAnswer) throws Exception {
    ExecutorService crowd = Executors.newFixedThreadPool(clients);
    CountDownLatch start = new CountDownLatch(1);
    AtomicInteger done = new AtomicInteger();
    List<Answer> answers = Collections.synchronizedList(new ArrayList<>());
    try {
      List<Future<?>> requests = new ArrayList<>();
      for (long customer : customers) {
        requests.add(crowd.submit(() -> {
          start.await();
          long began = System.nanoTime();
          StackHttp.Response response = http.post(couponService + "/coupons/" + coupon + "/issues", Map.of("customerId", customer));
          answers.add(new Answer(customer, response.status(), response.body() == null ? "" : response.body().path("type").asText(),
              (System.nanoTime() - began) / 1_000_000));
          afterEachAnswer.accept(done.incrementAndGet());
          return null;
        }));
      }
      Instant began = Instant.now();
      start.countDown();
      for (Future<?> f : requests) {
        f.get();
      }
      return new Drop(List.copyOf(answers), Duration.between(began, Instant.now()));
    } finally {
      crowd.shutdown();
    }
  }

  private static List<Answer> report(String how, Drop drop) {
    List<Answer> answers = drop.answers();
    List<Long> millis = answers.stream().map(Answer::millis).sorted().toList();
    Map<String, Long> outcomes = answers.stream().collect(Collectors.groupingBy(a -> a.status() + (a.type().isEmpty() ? ""
        : " " + a.type().substring(a.type().lastIndexOf(':') + 1)), TreeMap::new, Collectors.counting()));
    System.out.printf("COUPON DROP (%s): %d requests in %d ms = %.0f requests/s, p50 %d ms, p99 %d ms, slowest %d ms; %s%n", how,
        answers.size(), drop.wall().toMillis(), answers.size() * 1000.0 / Math.max(1, drop.wall().toMillis()),
        millis.get(millis.size() / 2), millis.get((int) Math.ceil(millis.size() * 0.99) - 1), millis.get(millis.size() - 1), outcomes);
    return answers;
  }

  private static long count(List<Answer> answers, int status) {
    return answers.stream().filter(a -> a.status() == status).count();
  }

  private static void assertIssuedOncePerCustomer(long coupon, long expected) throws Exception {
    assertThat(query("SELECT COUNT(*) FROM coupon_service.user_coupon WHERE coupon_id = " + coupon)).isEqualTo(expected);
    assertThat(query("SELECT COUNT(DISTINCT customer_id) FROM coupon_service.user_coupon WHERE coupon_id = " + coupon)).isEqualTo(expected);
    assertThat(query("SELECT issued_quantity FROM coupon_service.coupon WHERE id = " + coupon)).isEqualTo(expected);
  }

  private static Set<String> databaseHolders(long coupon) throws Exception {
    Set<String> holders = new TreeSet<>();
    try (Connection connection = RealStack.stack().adminConnection(); Statement statement = connection.createStatement();
         ResultSet rs = statement.executeQuery("SELECT customer_id FROM coupon_service.user_coupon WHERE coupon_id = " + coupon)) {
      while (rs.next()) {
        holders.add(rs.getString(1));
      }
    }
    return holders;
  }

  private static Set<String> gateHolders(long coupon) {
    RedisClient client = RedisClient.create("redis://%s:%d".formatted(RealStack.stack().settings().redisHost(),
        RealStack.stack().settings().redisPort()));
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      return new TreeSet<>(connection.sync().smembers("coupon-gate:" + coupon + ":holders"));
    } finally {
      client.shutdown();
    }
  }

  private static long query(String sql) throws Exception {
    try (Connection connection = RealStack.stack().adminConnection(); Statement statement = connection.createStatement();
         ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}

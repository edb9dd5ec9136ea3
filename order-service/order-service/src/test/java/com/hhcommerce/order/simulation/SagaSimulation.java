package com.hhcommerce.order.simulation;

import com.hhcommerce.order.OrderServiceApplication;
import com.hhcommerce.order.TestClock;
import com.hhcommerce.order.bus.BusProbes;
import com.hhcommerce.order.domain.OrderItem;
import com.hhcommerce.order.saga.OrderPlacement;
import com.hhcommerce.order.support.StepDeadlines;
import com.hhcommerce.order.support.StuckSagaDetector;
import com.hhcommerce.order.support.SupportActions;
import com.hhcommerce.platform.domain.DomainRefusal;
import com.hhcommerce.platform.testing.EmbeddedMariaDb;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The world a schedule runs in: order-service and the four participants, each its real Spring application on its own
 * schema of one embedded MariaDB, connected by a {@link HeldBus} the schedule delivers, and one clock the schedule
 * moves. Started once per test class; {@link #reset()} empties every table and seeds the shop again for the next
 * schedule. Each action is what a schedule's step does; {@link ConservationLaws} checks the databases after each.
 */
final class SagaSimulation implements AutoCloseable {

  static final String ORDER_SERVICE = "order-service";
  private static final String PREFIX = "sim_";
  /**
   * Messaging is the held bus's; the scheduled jobs (deadlines, bus probes, retention) run when the schedule says, so
   * scheduling and retention are off; disabled accounts are not part of the saga.
   */
  private static final String EXCLUDED = "com.hhcommerce.platform.messaging.EventuateMessagingAutoConfiguration,"
      + "com.hhcommerce.platform.PlatformAutoConfiguration,com.hhcommerce.platform.retention.RetentionAutoConfiguration,"
      + "com.hhcommerce.platform.security.AccountEventsAutoConfiguration,com.hhcommerce.platform.messaging.KafkaAdminAutoConfiguration";

  /** The seeded shop: stock per option (with its price), points per customer, and what each customer has in the cart. */
  static final Map<Long, Integer> STOCK = Map.of(1L, 4, 2L, 2, 3L, 3);
  static final Map<Long, Long> PRICE = Map.of(1L, 1_000L, 2L, 2_500L, 3L, 4_000L);
  static final Map<Long, Long> POINTS = Map.of(1L, 20_000L, 2L, 6_000L, 3L, 1_500L);
  static final Map<Long, Integer> CART = Map.of(1L, 2, 2L, 1, 3L, 2);
  /** Each customer holds one coupon, whose id is the customer's: 1,000 off an order of at least 3,000. */
  static final long COUPON_DISCOUNT = 1_000;
  static final long COUPON_MIN_ORDER = 3_000;

  final HeldBus bus = new HeldBus();
  final TestClock clock = new TestClock();
  private final Map<String, SimulatedService> services = new LinkedHashMap<>();
  private final HikariDataSource admin;
  final JdbcClient sql;
  /** What this schedule did, for the report of a failing one. */
  final List<String> log = new ArrayList<>();
  private final ConservationLaws laws;

  SagaSimulation() {
    int port = EmbeddedMariaDb.port();
    admin = new HikariDataSource();
    admin.setJdbcUrl("jdbc:mysql://127.0.0.1:%d/?useSSL=false&allowPublicKeyRetrieval=true&connectionTimeZone=UTC".formatted(port));
    admin.setUsername("root");
    admin.setPassword("");
    admin.setMaximumPoolSize(2);
    sql = JdbcClient.create(admin);
    laws = new ConservationLaws(sql, bus::unrouted);
    List<String> common = List.of("--hh.db.host=127.0.0.1", "--hh.db.port=" + port, "--hh.db.user=root", "--hh.db.password=",
        "--spring.datasource.hikari.maximum-pool-size=3", "--logging.level.root=WARN",
        "--spring.autoconfigure.exclude=" + EXCLUDED);
    List<String> orderService = new ArrayList<>(common);
    // its security configuration needs a servlet context, so it listens, on a free port nothing calls
    orderService.addAll(List.of("--hh.db.name=" + schema(ORDER_SERVICE), "--hh.support.stuck-after=PT1M", "--server.port=0"));
    add(ORDER_SERVICE, () -> new SpringApplicationBuilder(OrderServiceApplication.class, HeldBusMessaging.ForOrderService.class), orderService,
        WebApplicationType.SERVLET);
    for (SimulatedParticipants.Participant participant : SimulatedParticipants.ALL) {
      List<String> arguments = new ArrayList<>(common);
      // the service's own application.properties is not on this classpath: what the saga needs of it is here
      arguments.addAll(List.of("--spring.config.name=simulated-participant", "--spring.config.import=classpath:hh-platform.properties",
          "--spring.application.name=" + participant.service(), "--hh.db.name=" + schema(participant.service()),
          "--spring.autoconfigure.exclude=" + EXCLUDED + ",com.hhcommerce.platform.security.ApiSecurityAutoConfiguration",
          "--spring.flyway.locations=classpath:db/eventuate,filesystem:" + participant.migrations()));
      add(participant.service(), () -> new SpringApplicationBuilder(participant.inbox()), arguments, WebApplicationType.NONE);
    }
    services.keySet().forEach(name -> sql.sql("DROP DATABASE IF EXISTS " + schema(name)).update());
    services.keySet().forEach(name -> sql.sql("CREATE DATABASE " + schema(name)).update());
    services.values().forEach(SimulatedService::start);
  }

  private void add(String name, java.util.function.Supplier<SpringApplicationBuilder> application, List<String> arguments,
                   WebApplicationType web) {
    services.put(name, new SimulatedService(name, application, arguments, bus, clock, web));
  }

  static String schema(String service) {
    return PREFIX + service.replace('-', '_');
  }

  List<String> services() {
    return List.copyOf(services.keySet());
  }

  private <T> T orderService(Class<T> bean) {
    return services.get(ORDER_SERVICE).bean(bean);
  }

  /**
   * A new schedule: nothing held, every table empty, the shop seeded. ShedLock's rows stay: its lock provider remembers
   * which it has inserted, and would take a deleted one as held by someone else (and skip the job).
   */
  void reset() {
    bus.clear();
    log.clear();
    laws.forget();
    for (String service : services.keySet()) {
      String schema = schema(service);
      List<String> tables = sql.sql("""
              SELECT table_name FROM information_schema.tables
              WHERE table_schema = ? AND table_type = 'BASE TABLE' AND table_name NOT IN ('flyway_schema_history', 'shedlock')""")
          .param(schema).query(String.class).list();
      sql.sql("SET FOREIGN_KEY_CHECKS = 0").update();
      tables.forEach(table -> sql.sql("DELETE FROM %s.%s".formatted(schema, table)).update());
      sql.sql("SET FOREIGN_KEY_CHECKS = 1").update();
    }
    String inventory = schema("inventory-service");
    String wallet = schema("customer-wallet-service");
    String coupons = schema("coupon-service");
    String carts = schema("cart-service");
    STOCK.forEach((option, stock) -> {
      sql.sql("INSERT INTO %s.product (id, name) VALUES (?, ?)".formatted(inventory)).params(option, "product " + option).update();
      sql.sql("INSERT INTO %s.product_option (id, product_id, name, price, stock, initial_stock) VALUES (?, ?, ?, ?, ?, ?)"
          .formatted(inventory)).params(option, option, "option " + option, PRICE.get(option), stock, stock).update();
    });
    Instant now = clock.instant();
    sql.sql("""
            INSERT INTO %s.coupon (id, name, discount_type, discount_value, min_order_amount, valid_from, valid_until, total_quantity,
                                   issued_quantity)
            VALUES (1, 'simulation', 'FIXED', ?, ?, ?, ?, 100, ?)""".formatted(coupons))
        .params(COUPON_DISCOUNT, COUPON_MIN_ORDER, Timestamp.from(now.minus(Duration.ofDays(1))),
            Timestamp.from(now.plus(Duration.ofDays(3650))), POINTS.size()).update();
    POINTS.forEach((customer, points) -> {
      sql.sql("INSERT INTO %s.customer (id, name, point_balance) VALUES (?, ?, ?)".formatted(wallet))
          .params(customer, "customer " + customer, points).update();
      sql.sql("INSERT INTO %s.point_ledger (customer_id, entry_type, amount, request_id, balance_after) VALUES (?, 'CHARGE', ?, ?, ?)"
          .formatted(wallet)).params(customer, points, "seed", points).update();
      sql.sql("INSERT INTO %s.user_coupon (id, coupon_id, customer_id) VALUES (?, 1, ?)".formatted(coupons)).params(customer, customer).update();
      CART.forEach((option, quantity) -> sql.sql("INSERT INTO %s.cart_item (customer_id, product_option_id, quantity) VALUES (?, ?, ?)"
          .formatted(carts)).params(customer, option, quantity).update());
    });
  }

  // ---- the actions of a schedule ------------------------------------------------------------------------------------

  /** A customer's order, as the order API would place it; a refusal (another order in flight) is an outcome too. */
  String placeOrder(long customerId, List<OrderItem> items, Long userCouponId) {
    try {
      OrderPlacement.Placed placed = orderService(OrderPlacement.class).place(new OrderPlacement.PlaceOrder(customerId, items,
          userCouponId, null, UUID.randomUUID().toString()));
      return "order " + placed.orderId();
    } catch (DomainRefusal refused) {
      return "refused: " + refused.code();
    }
  }

  void deliver(HeldBus.Held message) {
    bus.deliver(message);
  }

  void duplicate(HeldBus.Held message) {
    bus.duplicate(message);
  }

  void drop(HeldBus.Held message) {
    bus.drop(message);
  }

  void redrive(HeldBus.Held message) {
    bus.redrive(message);
  }

  /** The first deliverable message of this type (a command or reply class's simple name). */
  HeldBus.Held next(String type) {
    return bus.deliverable().stream().filter(held -> held.describe().contains(" " + type + " ")).findFirst()
        .orElseThrow(() -> new IllegalStateException("No " + type + " deliverable among " + bus.held().stream().map(HeldBus.Held::describe).toList()));
  }

  /**
   * Time passes: a bus probe goes round (the bus carries, so the deadlines' clocks start), the clock moves on and the
   * step deadlines are checked, as their schedule would.
   */
  void advanceClock(Duration by) {
    String probe = Objects.requireNonNull(orderService(BusProbes.class).send(), "no probe sent: its scheduler lock was not free");
    bus.deliverFirst(held -> probe.equals(held.message().getId()))
        .orElseThrow(() -> new IllegalStateException("The bus probe " + probe + " was not held"));
    clock.advance(by);
    orderService(StepDeadlines.class).enforce();
  }

  /** An operator acts on the order's saga as the support console would; a refusal is an outcome too. */
  String operator(long orderId, SupportActions.Action action) {
    Optional<String> sagaId = sql.sql("SELECT saga_id FROM %s.orders WHERE id = ?".formatted(schema(ORDER_SERVICE)))
        .param(orderId).query(String.class).optional();
    if (sagaId.isEmpty()) {
      return "no such order";
    }
    orderService(StuckSagaDetector.class).detect();
    try {
      SupportActions.ActionResult done = orderService(SupportActions.class).act(sagaId.get(),
          new SupportActions.ActionRequest(action, "simulated operator", null), "operator");
      return done.detail();
    } catch (DomainRefusal refused) {
      return "refused: " + refused.code();
    }
  }

  void restart(String service) {
    services.get(service).restart();
  }

  /** The laws broken now, as sentences; empty when every law holds. */
  List<String> lawsBroken() {
    return laws.broken();
  }

  /** Each order's end: its state and failure code. */
  List<String> outcomes() {
    return sql.sql("SELECT CONCAT_WS(' ', saga_state, failure_code) FROM %s.orders".formatted(schema(ORDER_SERVICE))).query(String.class).list();
  }

  List<Long> orderIds() {
    return sql.sql("SELECT id FROM %s.orders ORDER BY id".formatted(schema(ORDER_SERVICE))).query(Long.class).list();
  }

  /**
   * The end of a schedule: every held message delivered, in the order held, and time moved past every deadline
   * (re-sending what was lost), until no order is in flight and nothing is held; false if that does not happen.
   */
  boolean drain() {
    return drain(() -> { });
  }

  /**
   * The end of a run: an operator re-drives every parked message (support's list is worked through sooner or later),
   * then every held message is delivered, and the clock moved past the deadlines, until no order is in flight;
   * {@code afterEachStep} after each delivery and each move of the clock. False if that does not end.
   */
  boolean drain(Runnable afterEachStep) {
    bus.dropped().forEach(parked -> {
      log.add("drain: re-drive " + parked.describe());
      redrive(parked);
    });
    for (int round = 0; round < 40; round++) {
      for (int delivered = 0; !bus.isEmpty(); delivered++) {
        if (delivered > 2_000) {
          return false;
        }
        HeldBus.Held next = bus.deliverable().get(0);
        log.add("drain: deliver " + next.describe());
        deliver(next);
        afterEachStep.run();
      }
      long inFlight = sql.sql("SELECT COUNT(*) FROM %s.orders WHERE in_flight_customer_id IS NOT NULL".formatted(schema(ORDER_SERVICE)))
          .query(Long.class).single();
      if (inFlight == 0) {
        return true;
      }
      advanceClock(Duration.ofMinutes(5));
      log.add("drain: advance the clock PT5M, deadlines checked");
      afterEachStep.run();
    }
    return false;
  }

  @Override
  public void close() {
    List<SimulatedService> running = new ArrayList<>(services.values());
    java.util.Collections.reverse(running);
    running.forEach(SimulatedService::stop);
    admin.close();
  }
}

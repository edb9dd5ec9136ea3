package com.hhcommerce.benchmark;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * The benchmark's shop, written straight into the databases (the REST APIs would take minutes for tens of
 * thousands of customers) and identically into the saga services' databases and the monolith's:
 * 200 product options of which 5 are hot (30 % of the lines), one customer per order with the order's
 * items in the cart, 20 % of orders with a coupon, and 10 % of customers without enough points, so that
 * their sagas fail at "deduct points" and compensate. Every row keeps the invariant audit's laws.
 */
final class BenchmarkData {

  record Line(long productOptionId, int quantity) {
  }

  record PlannedOrder(long customerId, List<Line> lines, Long userCouponId) {

    String json() {
      return "{\"customerId\":" + customerId + ",\"items\":[" + lines.stream()
          .map(l -> "{\"productOptionId\":" + l.productOptionId() + ",\"quantity\":" + l.quantity() + "}")
          .collect(Collectors.joining(",")) + "]" + (userCouponId == null ? "" : ",\"userCouponId\":" + userCouponId) + "}";
    }
  }

  /** Every benchmark customer signs in with this password (email: {@link #email}). */
  static final String PASSWORD = "bench-password";
  /**
   * Its bcrypt hash at cost 4 instead of the service's 10, made once: signing thousands of customers in before a
   * step then takes seconds of the identity's CPU, not minutes. Sign-in is not what the benchmark measures.
   */
  private static final String PASSWORD_HASH = "{bcrypt}$2a$04$B1V.26ghv8oS781uq21Kb.qx5F.bJ/a5eQ9R51zoxF4iAXhWdB0SW";

  static String email(long customerId) {
    return "bench-" + customerId + "@example.com";
  }

  static final int OPTIONS = 200;
  static final int HOT_OPTIONS = 5;
  private static final int STOCK = 10_000_000;
  private static final long RICH = 100_000_000;
  private static final long COUPON_DISCOUNT = 500;

  private final Random random = new Random(42);

  private final boolean saga;
  private final boolean monolith;

  /**
   * @param saga whether to write the shop into the saga services' databases
   * @param monolith whether to write the same shop into the monolith baseline's database
   */
  BenchmarkData(boolean saga, boolean monolith) {
    this.saga = saga;
    this.monolith = monolith;
  }

  /** Orders for the given number of new customers; each customer places exactly one. */
  List<PlannedOrder> create(Connection admin, int orders) throws SQLException {
    long optionBase = nextId(admin, "inventory_service.product_option", "monolith.product_option");
    long customerBase = nextId(admin, "customer_wallet_service.customer", "monolith.customer");
    long couponBase = nextId(admin, "coupon_service.user_coupon", "monolith.user_coupon");
    long[] prices = new long[OPTIONS];
    for (int i = 0; i < OPTIONS; i++) {
      prices[i] = 1_000 + random.nextInt(49) * 1_000L;
    }
    List<PlannedOrder> plan = new ArrayList<>(orders);
    List<Object[]> customers = new ArrayList<>();
    List<Object[]> charges = new ArrayList<>();
    List<Object[]> carts = new ArrayList<>();
    List<Object[]> userCoupons = new ArrayList<>();
    long nextCoupon = couponBase;
    for (int i = 0; i < orders; i++) {
      long customer = customerBase + i;
      long points = random.nextInt(10) == 0 ? 0 : RICH;
      customers.add(new Object[] {customer, "bench customer " + customer, points});
      if (points > 0) {
        charges.add(new Object[] {customer, points, "bench-seed", points});
      }
      List<Line> lines = new ArrayList<>();
      int count = random.nextInt(5) == 0 ? 2 : 1;
      while (lines.size() < count) {
        long option = optionBase + (random.nextInt(10) < 3 ? random.nextInt(HOT_OPTIONS) : random.nextInt(OPTIONS));
        if (lines.stream().noneMatch(l -> l.productOptionId() == option)) {
          lines.add(new Line(option, 1 + random.nextInt(2)));
        }
      }
      lines.forEach(l -> carts.add(new Object[] {customer, l.productOptionId(), l.quantity()}));
      Long coupon = null;
      if (random.nextInt(5) == 0) {
        coupon = nextCoupon++;
        userCoupons.add(new Object[] {coupon, customer});
      }
      plan.add(new PlannedOrder(customer, List.copyOf(lines), coupon));
    }

    admin.setAutoCommit(false);
    long productId = nextId(admin, "inventory_service.product", null);
    insertIntoSaga(admin, "INSERT INTO inventory_service.product (id, name) VALUES ", List.<Object[]>of(new Object[] {productId, "bench product " + productId}));
    List<Object[]> options = new ArrayList<>();
    List<Object[]> monolithOptions = new ArrayList<>();
    for (int i = 0; i < OPTIONS; i++) {
      String name = (i < HOT_OPTIONS ? "hot " : "option ") + i;
      options.add(new Object[] {optionBase + i, productId, name, prices[i], STOCK, STOCK});
      monolithOptions.add(new Object[] {optionBase + i, name, prices[i], STOCK});
    }
    insertIntoSaga(admin, "INSERT INTO inventory_service.product_option (id, product_id, name, price, stock, initial_stock) VALUES ", options);
    insertIntoMonolith(admin, "INSERT INTO monolith.product_option (id, name, price, stock) VALUES ", monolithOptions);
    insertIntoSaga(admin, "INSERT INTO customer_wallet_service.customer (id, name, point_balance) VALUES ", customers);
    insertIntoSaga(admin, "INSERT INTO customer_wallet_service.account (email, password_hash, role, customer_id) VALUES ",
        customers.stream().map(c -> new Object[] {email((Long) c[0]), PASSWORD_HASH, "CUSTOMER", c[0]}).toList());
    // what relay-service learns from each customer's CustomerRegistered event: without it every outcome goes unmailed
    insertIntoSaga(admin, "INSERT INTO relay_service.customer_contact (customer_id, email) VALUES ",
        customers.stream().map(c -> new Object[] {c[0], email((Long) c[0])}).toList());
    insertIntoMonolith(admin, "INSERT INTO monolith.customer (id, name, point_balance) VALUES ", customers);
    insertIntoSaga(admin, "INSERT INTO customer_wallet_service.point_ledger (customer_id, entry_type, amount, request_id, balance_after) "
        + "VALUES ", charges.stream().map(c -> new Object[] {c[0], "CHARGE", c[1], c[2], c[3]}).toList());
    insertIntoSaga(admin, "INSERT INTO cart_service.cart_item (customer_id, product_option_id, quantity) VALUES ", carts);
    insertIntoMonolith(admin, "INSERT INTO monolith.cart_item (customer_id, product_option_id, quantity) VALUES ", carts);
    if (!userCoupons.isEmpty()) {
      long couponId = nextId(admin, "coupon_service.coupon", null);
      Instant now = Instant.now();
      insertIntoSaga(admin, "INSERT INTO coupon_service.coupon (id, name, discount_type, discount_value, min_order_amount, valid_from, "
              + "valid_until, total_quantity, issued_quantity) VALUES ",
          List.<Object[]>of(new Object[] {couponId, "bench 500 off", "FIXED", COUPON_DISCOUNT, 0, Timestamp.from(now.minus(Duration.ofDays(1))),
              Timestamp.from(now.plus(Duration.ofDays(30))), userCoupons.size(), userCoupons.size()}));
      insertIntoSaga(admin, "INSERT INTO coupon_service.user_coupon (id, coupon_id, customer_id) VALUES ",
          userCoupons.stream().map(c -> new Object[] {c[0], couponId, c[1]}).toList());
      insertIntoMonolith(admin, "INSERT INTO monolith.user_coupon (id, customer_id, discount, min_order, status) VALUES ",
          userCoupons.stream().map(c -> new Object[] {c[0], c[1], COUPON_DISCOUNT, 0, "AVAILABLE"}).toList());
    }
    admin.commit();
    admin.setAutoCommit(true);
    return plan;
  }

  private void insertIntoSaga(Connection admin, String insert, List<Object[]> rows) throws SQLException {
    if (saga) {
      insert(admin, insert, rows);
    }
  }

  private void insertIntoMonolith(Connection admin, String insert, List<Object[]> rows) throws SQLException {
    if (monolith) {
      insert(admin, insert, rows);
    }
  }

  /** The next free id in the saga service's table and, when the monolith is seeded, in its twin there. */
  private long nextId(Connection admin, String sagaTable, String monolithTable) throws SQLException {
    String other = monolith && monolithTable != null ? monolithTable : sagaTable;
    try (Statement statement = admin.createStatement();
         ResultSet rs = statement.executeQuery("SELECT GREATEST((SELECT COALESCE(MAX(id), 0) FROM " + sagaTable + "), "
             + "(SELECT COALESCE(MAX(id), 0) FROM " + other + ")) + 1")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Multi-row INSERTs of 500 rows each. */
  private static void insert(Connection admin, String insert, List<Object[]> rows) throws SQLException {
    for (int from = 0; from < rows.size(); from += 500) {
      List<Object[]> chunk = rows.subList(from, Math.min(rows.size(), from + 500));
      String tuple = "(" + "?,".repeat(chunk.get(0).length - 1) + "?)";
      try (PreparedStatement statement = admin.prepareStatement(insert + String.join(",", Collections.nCopies(chunk.size(), tuple)))) {
        int index = 1;
        for (Object[] row : chunk) {
          for (Object value : row) {
            statement.setObject(index++, value);
          }
        }
        statement.executeUpdate();
      }
    }
  }
}

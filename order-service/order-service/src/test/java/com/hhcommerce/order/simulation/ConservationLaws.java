package com.hhcommerce.order.simulation;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hhcommerce.cart.api.CartLine;
import com.hhcommerce.order.api.OrderChannels;
import com.hhcommerce.order.api.SagaState;
import io.eventuate.tram.events.common.EventMessageHeaders;
import io.eventuate.tram.messaging.common.Message;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import static com.hhcommerce.order.simulation.SagaSimulation.schema;

/**
 * The laws every moment of every schedule keeps, read from the five databases and order-service's domain events after
 * each step; each method returns the laws broken, as sentences naming the rows. An order "holds" what it took while it is in flight (compensating
 * included: what it took is given back only once its undo is answered) and keeps it once COMPLETED.
 */
final class ConservationLaws {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ORDERS = schema(SagaSimulation.ORDER_SERVICE);
  private static final String INVENTORY = schema("inventory-service");
  private static final String WALLET = schema("customer-wallet-service");
  private static final String COUPONS = schema("coupon-service");
  private static final String CARTS = schema("cart-service");

  private record Order(long id, long customerId, SagaState state, Long userCouponId, Long paidWithPoints, Long inFlightCustomerId) {

    boolean holds() {
      return state == SagaState.COMPLETED || !state.isFinal();
    }
  }

  private final JdbcClient sql;
  private final Supplier<List<Message>> events;
  /** Each order's state when last checked, for the law of allowed transitions. */
  private final Map<Long, SagaState> lastSeen = new HashMap<>();

  ConservationLaws(JdbcClient sql, Supplier<List<Message>> events) {
    this.sql = sql;
    this.events = events;
  }

  void forget() {
    lastSeen.clear();
  }

  List<String> broken() {
    Map<Long, Order> orders = new HashMap<>();
    sql.sql("SELECT id, customer_id, saga_state, user_coupon_id, paid_with_points, in_flight_customer_id FROM %s.orders".formatted(ORDERS))
        .query((rs, i) -> new Order(rs.getLong(1), rs.getLong(2), SagaState.valueOf(rs.getString(3)), (Long) rs.getObject(4),
            (Long) rs.getObject(5), (Long) rs.getObject(6)))
        .list().forEach(order -> orders.put(order.id(), order));
    List<String> broken = new ArrayList<>();
    transitions(orders, broken);
    oneInFlightPerCustomer(orders, broken);
    stock(orders, broken);
    points(orders, broken);
    coupons(orders, broken);
    carts(orders, broken);
    orders.values().forEach(order -> effects(order, broken));
    announced(orders, broken);
    return broken;
  }

  /** An order's state moves only along the saga's transitions (several may happen between two checks). */
  private void transitions(Map<Long, Order> orders, List<String> broken) {
    orders.values().forEach(order -> {
      SagaState before = lastSeen.getOrDefault(order.id(), SagaState.STARTED);
      if (!reachable(before, order.state(), order.userCouponId() != null)) {
        broken.add("order %d moved from %s to %s, which the saga does not allow".formatted(order.id(), before, order.state()));
      }
      if (order.state() == SagaState.COMPENSATION_FAILED) {
        broken.add("order %d ended COMPENSATION_FAILED, though every compensation succeeds".formatted(order.id()));
      }
      lastSeen.put(order.id(), order.state());
    });
  }

  /**
   * The saga's design, written here rather than read from {@code OrderStateMachine} (which the code under test guards
   * with): forward one step at a time along the order's own path (the coupon step only for an order with a coupon), the
   * confirmation straight after the points; from any forward state but the last into compensation, and out of it to its
   * end. Between two checks an order may take several such steps, never one outside them.
   */
  private static boolean reachable(SagaState from, SagaState to, boolean withCoupon) {
    Map<SagaState, List<SagaState>> next = new java.util.EnumMap<>(SagaState.class);
    next.put(SagaState.STARTED, List.of(SagaState.CART_CLEARED, SagaState.COMPENSATING));
    next.put(SagaState.CART_CLEARED, List.of(SagaState.STOCK_RESERVED, SagaState.COMPENSATING));
    next.put(SagaState.STOCK_RESERVED, List.of(withCoupon ? SagaState.COUPON_USED : SagaState.POINT_DEDUCTED, SagaState.COMPENSATING));
    next.put(SagaState.COUPON_USED, List.of(SagaState.POINT_DEDUCTED, SagaState.COMPENSATING));
    next.put(SagaState.POINT_DEDUCTED, List.of(SagaState.COMPLETED, SagaState.COMPENSATING));
    next.put(SagaState.COMPENSATING, List.of(SagaState.COMPENSATED, SagaState.COMPENSATION_FAILED));
    Set<SagaState> seen = EnumSet.of(from);
    Deque<SagaState> pending = new ArrayDeque<>(List.of(from));
    while (!pending.isEmpty()) {
      SagaState at = pending.pop();
      if (at == to) {
        return true;
      }
      next.getOrDefault(at, List.of()).stream().filter(seen::add).forEach(pending::push);
    }
    return false;
  }

  private static void oneInFlightPerCustomer(Map<Long, Order> orders, List<String> broken) {
    Map<Long, Long> inFlight = new HashMap<>();
    orders.values().forEach(order -> {
      if (!order.state().isFinal()) {
        inFlight.merge(order.customerId(), 1L, Long::sum);
      }
      boolean marked = order.inFlightCustomerId() != null;
      if (marked == order.state().isFinal()) {
        broken.add("order %d is %s but %s the customer's one-in-flight slot".formatted(order.id(), order.state(), marked ? "holds" : "does not hold"));
      }
    });
    inFlight.forEach((customer, count) -> {
      if (count > 1) {
        broken.add("customer %d has %d orders in flight".formatted(customer, count));
      }
    });
  }

  /** stock + reserved = initial, per option; stock reserved only by orders that hold it. */
  private void stock(Map<Long, Order> orders, List<String> broken) {
    sql.sql("""
            SELECT o.id, o.stock, o.initial_stock, COALESCE(SUM(r.quantity), 0)
            FROM %1$s.product_option o LEFT JOIN %1$s.stock_reservation r ON r.product_option_id = o.id AND r.status = 'RESERVED'
            GROUP BY o.id, o.stock, o.initial_stock""".formatted(INVENTORY))
        .query((rs, i) -> {
          if (rs.getLong(2) + rs.getLong(4) != rs.getLong(3)) {
            broken.add("option %d: stock %d + reserved %d is not its initial %d".formatted(rs.getLong(1), rs.getLong(2), rs.getLong(4), rs.getLong(3)));
          }
          return null;
        }).list();
    sql.sql("SELECT DISTINCT order_id FROM %s.stock_reservation WHERE status = 'RESERVED'".formatted(INVENTORY)).query(Long.class).list()
        .forEach(orderId -> {
          Order order = orders.get(orderId);
          if (order == null || !order.holds()) {
            broken.add("stock reserved for order %d, which is %s".formatted(orderId, order == null ? "unknown" : order.state()));
          }
        });
  }

  /** points + deducted − refunded = initial (the charges), per customer; points deducted only for orders that hold them. */
  private void points(Map<Long, Order> orders, List<String> broken) {
    sql.sql("""
            SELECT c.id, c.point_balance,
                   SUM(CASE l.entry_type WHEN 'CHARGE' THEN l.amount ELSE 0 END),
                   SUM(CASE l.entry_type WHEN 'DEDUCT' THEN l.amount ELSE 0 END),
                   SUM(CASE l.entry_type WHEN 'REFUND' THEN l.amount ELSE 0 END)
            FROM %1$s.customer c JOIN %1$s.point_ledger l ON l.customer_id = c.id GROUP BY c.id, c.point_balance""".formatted(WALLET))
        .query((rs, i) -> {
          if (rs.getLong(2) + rs.getLong(4) - rs.getLong(5) != rs.getLong(3)) {
            broken.add("customer %d: points %d + deducted %d - refunded %d is not the %d charged".formatted(rs.getLong(1), rs.getLong(2),
                rs.getLong(4), rs.getLong(5), rs.getLong(3)));
          }
          return null;
        }).list();
    sql.sql("""
            SELECT d.order_id FROM %1$s.point_ledger d
            WHERE d.entry_type = 'DEDUCT' AND NOT EXISTS (SELECT 1 FROM %1$s.point_ledger r WHERE r.order_id = d.order_id AND r.entry_type = 'REFUND')"""
            .formatted(WALLET)).query(Long.class).list()
        .forEach(orderId -> {
          Order order = orders.get(orderId);
          if (order == null || !order.holds()) {
            broken.add("points deducted for order %d, which is %s".formatted(orderId, order == null ? "unknown" : order.state()));
          }
        });
  }

  /** A coupon is used by at most one order, one that names it and holds it. */
  private void coupons(Map<Long, Order> orders, List<String> broken) {
    sql.sql("SELECT id, order_id FROM %s.user_coupon WHERE status = 'USED'".formatted(COUPONS))
        .query((rs, i) -> {
          long coupon = rs.getLong(1);
          Order order = orders.get(rs.getLong(2));
          if (order == null || !order.holds() || order.userCouponId() == null || order.userCouponId() != coupon) {
            broken.add("coupon %d used by order %d, which is %s".formatted(coupon, rs.getLong(2),
                order == null ? "unknown" : order.state() + " naming coupon " + order.userCouponId()));
          }
          return null;
        }).list();
  }

  /** A cart's items are in the cart or set aside (cleared) for exactly one order that holds them. */
  private void carts(Map<Long, Order> orders, List<String> broken) {
    Map<String, Integer> counted = new HashMap<>();
    sql.sql("SELECT customer_id, product_option_id, quantity FROM %s.cart_item".formatted(CARTS))
        .query((rs, i) -> counted.merge(rs.getLong(1) + "/" + rs.getLong(2), rs.getInt(3), Integer::sum)).list();
    sql.sql("SELECT order_id, customer_id, lines_json FROM %s.cart_snapshot WHERE status = 'CLEARED'".formatted(CARTS))
        .query((rs, i) -> {
          Order order = orders.get(rs.getLong(1));
          if (order == null || !order.holds()) {
            broken.add("cart items set aside for order %d, which is %s".formatted(rs.getLong(1), order == null ? "unknown" : order.state()));
          }
          long customer = rs.getLong(2);
          lines(rs.getString(3)).forEach(line -> counted.merge(customer + "/" + line.productOptionId(), line.quantity(), Integer::sum));
          return null;
        }).list();
    SagaSimulation.POINTS.keySet().forEach(customer -> SagaSimulation.CART.forEach((option, quantity) -> {
      int found = counted.getOrDefault(customer + "/" + option, 0);
      if (found != quantity) {
        broken.add("customer %d, option %d: %d in the cart or set aside, not %d".formatted(customer, option, found, quantity));
      }
    }));
  }

  /** An ended order announced its end once (a confirmed order OrderConfirmed, a compensated one OrderRejected); one in flight, not yet. */
  private void announced(Map<Long, Order> orders, List<String> broken) {
    Map<Long, List<String>> announcements = new HashMap<>();
    events.get().stream().filter(event -> event.getHeader(EventMessageHeaders.AGGREGATE_ID).isPresent()
            && event.getRequiredHeader(Message.DESTINATION).equals(OrderChannels.ORDER_EVENTS))
        .forEach(event -> announcements.computeIfAbsent(Long.parseLong(event.getRequiredHeader(EventMessageHeaders.AGGREGATE_ID)),
            id -> new ArrayList<>()).add(simpleName(event.getRequiredHeader(EventMessageHeaders.EVENT_TYPE))));
    orders.values().forEach(order -> {
      List<String> expected = switch (order.state()) {
        case COMPLETED -> List.of("OrderConfirmed");
        case COMPENSATED -> List.of("OrderRejected");
        default -> List.of();
      };
      List<String> found = announcements.getOrDefault(order.id(), List.of());
      if (!found.equals(expected)) {
        broken.add("order %d is %s and announced %s, not %s".formatted(order.id(), order.state(), found, expected));
      }
    });
  }

  private static String simpleName(String className) {
    return className.substring(className.lastIndexOf('.') + 1);
  }

  /** A CONFIRMED order has every effect exactly once; a FAILED one whose undos were all answered has none. */
  private void effects(Order order, List<String> broken) {
    if (order.state() != SagaState.COMPLETED && order.state() != SagaState.COMPENSATED) {
      return;
    }
    boolean confirmed = order.state() == SagaState.COMPLETED;
    Map<Long, Integer> lines = new HashMap<>();
    sql.sql("SELECT product_option_id, quantity FROM %s.order_line WHERE order_id = ?".formatted(ORDERS)).param(order.id())
        .query((rs, i) -> lines.put(rs.getLong(1), rs.getInt(2))).list();
    Map<Long, Integer> reserved = new HashMap<>();
    sql.sql("SELECT product_option_id, quantity FROM %s.stock_reservation WHERE order_id = ? AND status = 'RESERVED'".formatted(INVENTORY))
        .param(order.id()).query((rs, i) -> reserved.put(rs.getLong(1), rs.getInt(2))).list();
    if (!reserved.equals(confirmed ? lines : Map.of())) {
      broken.add("order %d is %s with stock reserved %s for lines %s".formatted(order.id(), order.state(), reserved, lines));
    }
    List<String> ledger = sql.sql("SELECT CONCAT(entry_type, ' ', amount) FROM %s.point_ledger WHERE order_id = ? ORDER BY id".formatted(WALLET))
        .param(order.id()).query(String.class).list();
    // the price is the seeded one, not the wallet's word: lines at their prices, less the coupon's discount
    long cost = lines.entrySet().stream().mapToLong(line -> SagaSimulation.PRICE.get(line.getKey()) * line.getValue()).sum()
        - (order.userCouponId() != null ? SagaSimulation.COUPON_DISCOUNT : 0);
    if (confirmed && !Long.valueOf(cost).equals(order.paidWithPoints())) {
      broken.add("order %d is %s and paid %s points for lines %s and coupon %s that cost %d".formatted(order.id(), order.state(),
          order.paidWithPoints(), lines, order.userCouponId(), cost));
    }
    boolean paid = ledger.equals(List.of("DEDUCT " + order.paidWithPoints()));
    boolean unpaid = ledger.isEmpty() || (ledger.size() == 2 && ledger.get(1).equals(ledger.get(0).replace("DEDUCT", "REFUND")));
    if (confirmed ? !paid : !unpaid) {
      broken.add("order %d is %s (paid %s) with points ledger %s".formatted(order.id(), order.state(), order.paidWithPoints(), ledger));
    }
    List<Long> coupons = sql.sql("SELECT id FROM %s.user_coupon WHERE order_id = ?".formatted(COUPONS)).param(order.id()).query(Long.class).list();
    if (!coupons.equals(confirmed && order.userCouponId() != null ? List.of(order.userCouponId()) : List.of())) {
      broken.add("order %d is %s (coupon %s) with coupons used %s".formatted(order.id(), order.state(), order.userCouponId(), coupons));
    }
    List<String> cart = sql.sql("SELECT status FROM %s.cart_snapshot WHERE order_id = ?".formatted(CARTS)).param(order.id()).query(String.class).list();
    if (confirmed ? !cart.equals(List.of("CLEARED")) : cart.contains("CLEARED")) {
      broken.add("order %d is %s with its cart %s".formatted(order.id(), order.state(), cart.isEmpty() ? "untouched" : cart));
    }
  }

  private static List<CartLine> lines(String json) {
    try {
      return JSON.readValue(json, new TypeReference<List<CartLine>>() { });
    } catch (java.io.IOException e) {
      throw new IllegalStateException("Unreadable cart snapshot " + json, e);
    }
  }
}

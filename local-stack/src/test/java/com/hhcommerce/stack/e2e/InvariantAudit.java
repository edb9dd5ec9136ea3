package com.hhcommerce.stack.e2e;

import com.hhcommerce.order.api.OrderChannels;
import com.hhcommerce.order.api.SagaState;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The conservation laws of the shop, checked across the service databases, the ranking and the relay once the system is quiet.
 * Each query returns the rows that break a law; the audit passes when every query returns none. As a test
 * extension it runs after every test of the class.
 */
public final class InvariantAudit implements AfterEachCallback {

  private record Law(String name, String violations) {
  }

  private static final List<Law> LAWS = List.of(
      new Law("no negative stock", "SELECT id FROM inventory_service.product_option WHERE stock < 0"),
      new Law("no negative points", "SELECT id FROM customer_wallet_service.customer WHERE point_balance < 0"),
      new Law("initial stock + adjustments = stock + quantity still reserved", """
          SELECT o.id, o.initial_stock, o.stock FROM inventory_service.product_option o
          WHERE o.initial_stock
                + COALESCE((SELECT SUM(a.delta) FROM inventory_service.stock_adjustment a WHERE a.product_option_id = o.id), 0)
             <> o.stock
                + COALESCE((SELECT SUM(r.quantity) FROM inventory_service.stock_reservation r
                            WHERE r.product_option_id = o.id AND r.status = 'RESERVED'), 0)"""),
      new Law("stock is held only by confirmed orders", """
          SELECT r.order_id FROM inventory_service.stock_reservation r
          LEFT JOIN order_service.orders o ON o.id = r.order_id
          WHERE r.status = 'RESERVED' AND (o.id IS NULL OR o.status <> 'CONFIRMED')"""),
      new Law("every confirmed order holds its stock", """
          SELECT l.order_id FROM order_service.order_line l JOIN order_service.orders o ON o.id = l.order_id
          LEFT JOIN inventory_service.stock_reservation r
                 ON r.order_id = l.order_id AND r.product_option_id = l.product_option_id AND r.status = 'RESERVED'
          WHERE o.status = 'CONFIRMED' AND (r.order_id IS NULL OR r.quantity <> l.quantity)"""),
      new Law("charges - deductions + refunds = balance", """
          SELECT c.id FROM customer_wallet_service.customer c
          WHERE c.point_balance <> COALESCE((SELECT SUM(CASE l.entry_type WHEN 'DEDUCT' THEN -l.amount ELSE l.amount END)
                                             FROM customer_wallet_service.point_ledger l WHERE l.customer_id = c.id), 0)"""),
      new Law("points stay deducted only for confirmed orders, exactly as paid", """
          SELECT d.order_id FROM customer_wallet_service.point_ledger d
          LEFT JOIN customer_wallet_service.point_ledger r ON r.order_id = d.order_id AND r.entry_type = 'REFUND'
          LEFT JOIN order_service.orders o ON o.id = d.order_id
          WHERE d.entry_type = 'DEDUCT' AND r.id IS NULL
            AND (o.id IS NULL OR o.status <> 'CONFIRMED' OR o.paid_with_points <> d.amount)"""),
      new Law("a used coupon belongs to a confirmed order", """
          SELECT uc.id FROM coupon_service.user_coupon uc LEFT JOIN order_service.orders o ON o.id = uc.order_id
          WHERE uc.status = 'USED' AND (o.id IS NULL OR o.status <> 'CONFIRMED' OR o.user_coupon_id <> uc.id)"""),
      new Law("each coupon used by at most one confirmed order", """
          SELECT user_coupon_id FROM order_service.orders WHERE status = 'CONFIRMED' AND user_coupon_id IS NOT NULL
          GROUP BY user_coupon_id HAVING COUNT(*) > 1"""),
      new Law("no cart snapshot left cleared for an order that did not complete", """
          SELECT s.order_id FROM cart_service.cart_snapshot s LEFT JOIN order_service.orders o ON o.id = s.order_id
          WHERE s.status = 'CLEARED' AND (o.id IS NULL OR o.status <> 'CONFIRMED')"""),
      new Law("every order has ended",
          "SELECT id FROM order_service.orders WHERE saga_state NOT IN " + SagaState.finalStatesSqlList()),
      new Law("no order in flight once ended", """
          SELECT id FROM order_service.orders WHERE in_flight_customer_id IS NOT NULL"""),
      new Law("order and saga one to one, both ended (or the saga's history deleted after its window)", """
          SELECT o.id FROM order_service.orders o
          LEFT JOIN order_service.saga_instance s ON s.saga_id = o.saga_id AND s.saga_type = '%1$s'
          WHERE (s.saga_id IS NULL AND NOT o.saga_history_deleted) OR s.end_state <> 1
          UNION ALL
          SELECT o.id FROM order_service.orders o WHERE o.saga_history_deleted
          AND (o.saga_state NOT IN %2$s OR EXISTS (SELECT 1 FROM order_service.saga_step_log l WHERE l.order_id = o.id))
          UNION ALL
          SELECT s.saga_id FROM order_service.saga_instance s LEFT JOIN order_service.orders o ON o.saga_id = s.saga_id
          WHERE s.saga_type = '%1$s' AND o.id IS NULL""".formatted(OrderChannels.CREATE_ORDER_SAGA_TYPE, SagaState.finalStatesSqlList())));

  /**
   * The ranking counts every confirmed order's quantities once and nothing else. It is fed by events, so it is
   * given time to catch up with the (quiet) order database before it is compared.
   */
  private static Optional<String> rankingViolation() {
    Map<Long, Long> confirmed = Rankings.confirmedQuantities();
    try {
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
          .until(Rankings::ranked, confirmed::equals);
      return Optional.empty();
    } catch (ConditionTimeoutException e) {
      Map<Long, Long> ranked = Rankings.ranked();
      Set<Long> options = new TreeSet<>(confirmed.keySet());
      options.addAll(ranked.keySet());
      List<String> differences = options.stream().filter(option -> !Objects.equals(confirmed.get(option), ranked.get(option)))
          .limit(5).map(option -> option + ": confirmed " + confirmed.get(option) + ", ranked " + ranked.get(option)).toList();
      return Optional.of("the 7-day ranking equals the confirmed quantities: " + differences + " (" + ranked.size() + " ranked, "
          + confirmed.size() + " confirmed options)");
    }
  }

  /**
   * Every order event order-service published reached relay-service: the data platform's relay holds its row
   * (delivered, or waiting to be retried: none lost) and the notifications recorded an outcome for it. Fed by
   * events, so it is given time to catch up first.
   */
  private static Optional<String> relayViolation() throws SQLException {
    boolean platformOn = !RealStack.stack().settings().dataPlatformUrl().isEmpty();
    String missing = """
        SELECT e.event_id FROM (SELECT JSON_VALUE(payload, '$.eventId') AS event_id FROM order_service.message WHERE destination = '%s') e
        WHERE NOT EXISTS (SELECT 1 FROM relay_service.notification n WHERE n.event_id = e.event_id)
        %s LIMIT 5""".formatted(OrderChannels.ORDER_EVENTS,
        platformOn ? "OR NOT EXISTS (SELECT 1 FROM relay_service.platform_delivery d WHERE d.event_id = e.event_id)" : "");
    try {
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> rows(missing).isEmpty());
      return Optional.empty();
    } catch (ConditionTimeoutException e) {
      return Optional.of("every order event reached relay-service's notifications" + (platformOn ? " and data-platform relay" : "")
          + ": " + rows(missing));
    }
  }

  private static List<String> rows(String sql) throws SQLException {
    List<String> keys = new ArrayList<>();
    try (Connection connection = RealStack.stack().adminConnection(); Statement statement = connection.createStatement();
         ResultSet rs = statement.executeQuery(sql)) {
      while (rs.next() && keys.size() < 5) {
        keys.add(rs.getString(1));
      }
    }
    return keys;
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    assertThat(violations()).as("invariant audit after %s", context.getDisplayName()).isEmpty();
  }

  /** The broken laws, each with up to five offending keys; empty when the shop is consistent. */
  static List<String> violations() throws Exception {
    List<String> broken = new ArrayList<>(rankingViolation().stream().toList());
    relayViolation().ifPresent(broken::add);
    for (Law law : LAWS) {
      List<String> keys = rows(law.violations());
      if (!keys.isEmpty()) {
        broken.add(law.name() + ": " + keys);
      }
    }
    return broken;
  }
}

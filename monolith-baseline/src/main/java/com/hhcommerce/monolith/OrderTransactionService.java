package com.hhcommerce.monolith;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.Comparator;
import java.util.List;

/**
 * The seed's OrderTransactionService.executeOrderLogic: customer, cart, stock, coupon, order, points and cart
 * in ONE transaction, each change an atomic guarded UPDATE. Any refusal rolls everything back.
 */
@Service
public class OrderTransactionService {

  public record Line(long productOptionId, int quantity) {
  }

  public record Placed(long orderId, long subtotal, long discount, long paidWithPoints) {
  }

  /** Why an order was refused; nothing was written. */
  public static class OrderRefused extends RuntimeException {
    private final String code;

    OrderRefused(String code, String message) {
      super(message);
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  private final JdbcClient jdbc;

  public OrderTransactionService(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Transactional
  public Placed placeOrder(long customerId, List<Line> lines, Long userCouponId) {
    // 1. the customer, 2. the cart holds every line
    if (jdbc.sql("SELECT COUNT(*) FROM customer WHERE id = ?").param(customerId).query(Long.class).single() == 0) {
      throw new OrderRefused("UNKNOWN_CUSTOMER", "Customer %d does not exist".formatted(customerId));
    }
    for (Line line : lines) {
      if (jdbc.sql("SELECT COUNT(*) FROM cart_item WHERE customer_id = ? AND product_option_id = ? AND quantity >= ?")
          .params(customerId, line.productOptionId(), line.quantity()).query(Long.class).single() == 0) {
        throw new OrderRefused("CART_ITEMS_MISSING", "Product option %d is not in the cart".formatted(line.productOptionId()));
      }
    }
    // 3. stock, in id order so that two orders never wait on each other's rows
    long subtotal = 0;
    List<Line> byId = lines.stream().sorted(Comparator.comparingLong(Line::productOptionId)).toList();
    for (Line line : byId) {
      if (jdbc.sql("UPDATE product_option SET stock = stock - ? WHERE id = ? AND stock >= ?")
          .params(line.quantity(), line.productOptionId(), line.quantity()).update() == 0) {
        throw new OrderRefused("OUT_OF_STOCK", "Not enough stock for product option %d".formatted(line.productOptionId()));
      }
      subtotal += line.quantity() * jdbc.sql("SELECT price FROM product_option WHERE id = ?").param(line.productOptionId())
          .query(Long.class).single();
    }
    // 4. coupon
    long discount = 0;
    if (userCouponId != null) {
      discount = jdbc.sql("SELECT discount FROM user_coupon WHERE id = ? AND customer_id = ? AND status = 'AVAILABLE' AND min_order <= ?")
          .params(userCouponId, customerId, subtotal).query(Long.class).optional()
          .orElseThrow(() -> new OrderRefused("COUPON_NOT_USABLE", "Coupon %d cannot be used".formatted(userCouponId)));
      discount = Math.min(discount, subtotal);
    }
    // 5. the order
    GeneratedKeyHolder key = new GeneratedKeyHolder();
    long toPay = subtotal - discount;
    jdbc.sql("INSERT INTO orders (customer_id, status, user_coupon_id, subtotal, discount, paid_with_points) VALUES (?, 'CONFIRMED', ?, ?, ?, ?)")
        .params(customerId, userCouponId, subtotal, discount, toPay).update(key, "id");
    long orderId = key.getKey().longValue();
    for (Line line : byId) {
      jdbc.sql("INSERT INTO order_line (order_id, product_option_id, quantity, unit_price) SELECT ?, id, ?, price FROM product_option WHERE id = ?")
          .params(orderId, line.quantity(), line.productOptionId()).update();
    }
    if (userCouponId != null && jdbc.sql("UPDATE user_coupon SET status = 'USED', order_id = ? WHERE id = ? AND status = 'AVAILABLE'")
        .params(orderId, userCouponId).update() == 0) {
      throw new OrderRefused("COUPON_NOT_USABLE", "Coupon %d was used meanwhile".formatted(userCouponId));
    }
    // 6. points
    if (jdbc.sql("UPDATE customer SET point_balance = point_balance - ? WHERE id = ? AND point_balance >= ?")
        .params(toPay, customerId, toPay).update() == 0) {
      throw new OrderRefused("INSUFFICIENT_POINTS", "Not enough points: %d needed".formatted(toPay));
    }
    jdbc.sql("INSERT INTO point_ledger (customer_id, entry_type, amount, order_id, balance_after) SELECT id, 'DEDUCT', ?, ?, point_balance FROM customer WHERE id = ?")
        .params(toPay, orderId, customerId).update();
    // 7. the cart
    for (Line line : byId) {
      jdbc.sql("DELETE FROM cart_item WHERE customer_id = ? AND product_option_id = ?").params(customerId, line.productOptionId()).update();
    }
    return new Placed(orderId, subtotal, discount, toPay);
  }
}

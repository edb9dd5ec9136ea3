package com.hhcommerce.coupon.domain;

import com.hhcommerce.coupon.api.CouponNotUsable.Reason;
import com.hhcommerce.coupon.replica.KnownCustomers;
import com.hhcommerce.platform.domain.DomainRefusal;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Coupons, issuing them to customers, and using/restoring them for orders with guarded updates. */
@Service
public class Coupons {

  public static final String SOLD_OUT = "coupon-sold-out";
  public static final String ALREADY_ISSUED = "coupon-already-issued";

  private final JdbcClient jdbc;
  private final Clock clock;
  private final KnownCustomers knownCustomers;

  public Coupons(JdbcClient jdbc, Clock clock, KnownCustomers knownCustomers) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.knownCustomers = knownCustomers;
  }

  @Transactional
  public Coupon create(String name, Coupon.DiscountType type, long value, Long maxDiscount, long minOrderAmount,
                       Instant validFrom, Instant validUntil, int quantity) {
    if (!validUntil.isAfter(validFrom)) {
      throw DomainRefusal.ruleViolated("invalid-validity-period", "validUntil must be after validFrom");
    }
    if (type == Coupon.DiscountType.PERCENTAGE && value > 100) {
      throw DomainRefusal.ruleViolated("invalid-percentage", "A percentage discount must be between 1 and 100");
    }
    GeneratedKeyHolder key = new GeneratedKeyHolder();
    jdbc.sql("""
            INSERT INTO coupon (name, discount_type, discount_value, max_discount, min_order_amount, valid_from, valid_until, total_quantity)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
        .params(name, type.name(), value, maxDiscount, minOrderAmount, Timestamp.from(validFrom), Timestamp.from(validUntil), quantity)
        .update(key);
    return coupon(key.getKey().longValue()).orElseThrow();
  }

  public Optional<Coupon> coupon(long id) {
    return jdbc.sql("SELECT * FROM coupon WHERE id = ?").param(id).query(Coupons::coupon).optional();
  }

  /** The coupon, if it can be issued to the customer now (it exists, is not expired, the customer exists). */
  public Coupon issuable(long couponId, long customerId) {
    Coupon coupon = coupon(couponId).orElseThrow(() -> DomainRefusal.unknown("coupon", couponId));
    if (!knownCustomers.exists(customerId)) {
      throw DomainRefusal.unknownReference("customerId", "customer", customerId);
    }
    if (!clock.instant().isBefore(coupon.validUntil())) {
      throw DomainRefusal.conflict("coupon-expired", "Coupon %d expired at %s".formatted(couponId, coupon.validUntil()));
    }
    return coupon;
  }

  /** Issues one of the coupon's limited quantity to a customer that exists, at most once per customer. */
  @Transactional
  public UserCoupon issue(long couponId, long customerId) {
    Coupon coupon = issuable(couponId, customerId);
    int taken = jdbc.sql("UPDATE coupon SET issued_quantity = issued_quantity + 1 WHERE id = ? AND issued_quantity < total_quantity")
        .param(couponId).update();
    if (taken == 0) {
      throw soldOut(coupon);
    }
    GeneratedKeyHolder key = new GeneratedKeyHolder();
    try {
      jdbc.sql("INSERT INTO user_coupon (coupon_id, customer_id) VALUES (?, ?)").params(couponId, customerId).update(key);
    } catch (DuplicateKeyException e) {
      throw alreadyIssued(couponId, customerId);
    }
    return userCoupon(key.getKey().longValue()).orElseThrow();
  }

  public static DomainRefusal soldOut(Coupon coupon) {
    return DomainRefusal.conflict(SOLD_OUT, "All %d coupons %d are issued".formatted(coupon.totalQuantity(), coupon.id()));
  }

  public static DomainRefusal alreadyIssued(long couponId, long customerId) {
    return DomainRefusal.conflict(ALREADY_ISSUED, "Customer %d already holds coupon %d".formatted(customerId, couponId));
  }

  /** The customers the coupon has been issued to. */
  public Set<Long> holders(long couponId) {
    return new HashSet<>(jdbc.sql("SELECT customer_id FROM user_coupon WHERE coupon_id = ?").param(couponId).query(Long.class).list());
  }

  public boolean holds(long couponId, long customerId) {
    return jdbc.sql("SELECT 1 FROM user_coupon WHERE coupon_id = ? AND customer_id = ?").params(couponId, customerId)
        .query(Integer.class).optional().isPresent();
  }

  public Optional<UserCoupon> userCoupon(long id) {
    return jdbc.sql(USER_COUPON_SELECT + " WHERE uc.id = ?").param(id).query(Coupons::userCoupon).optional();
  }

  public List<UserCoupon> ofCustomer(long customerId, int offset, int limit) {
    return jdbc.sql(USER_COUPON_SELECT + " WHERE uc.customer_id = ? ORDER BY uc.id LIMIT ? OFFSET ?").params(customerId, limit, offset)
        .query(Coupons::userCoupon).list();
  }

  /** What using a coupon for an order came to; the reply to the saga is built from it. */
  public sealed interface UseResult permits Used, NotUsable {
  }

  public record Used(long discount) implements UseResult {
  }

  public record NotUsable(Reason reason, String detail) implements UseResult {
  }

  /** Uses the coupon for the order; the same order asking again gets the same answer. */
  public UseResult use(long orderId, long customerId, long userCouponId, long orderAmount) {
    Optional<UserCoupon> found = jdbc.sql(USER_COUPON_SELECT + " WHERE uc.id = ? FOR UPDATE").param(userCouponId)
        .query(Coupons::userCoupon).optional();
    // another customer's coupon is answered as one that does not exist: the failed order's reason must not tell the
    // customer that someone else holds this id
    if (found.isEmpty() || found.get().customerId() != customerId) {
      return new NotUsable(Reason.NOT_FOUND, "Coupon %d does not exist".formatted(userCouponId));
    }
    UserCoupon userCoupon = found.get();
    // a locking read, after the coupon row's lock, which restore takes too: it sees a restore that committed meanwhile
    if (jdbc.sql("SELECT COUNT(*) FROM restored_coupon_use WHERE order_id = ? FOR UPDATE").param(orderId).query(Long.class).single() > 0) {
      return new NotUsable(Reason.ALREADY_RESTORED, "Coupon %d was restored for order %d before this use came".formatted(userCouponId, orderId));
    }
    Coupon coupon = userCoupon.coupon();
    Instant now = clock.instant();
    if ("USED".equals(userCoupon.status())) {
      return Long.valueOf(orderId).equals(userCoupon.orderId())
          ? new Used(userCoupon.discount())
          : new NotUsable(Reason.ALREADY_USED, "Coupon %d was already used by another order".formatted(userCouponId));
    }
    if (now.isBefore(coupon.validFrom())) {
      return new NotUsable(Reason.NOT_YET_VALID, "Coupon %d is valid from %s".formatted(userCouponId, coupon.validFrom()));
    }
    if (!now.isBefore(coupon.validUntil())) {
      return new NotUsable(Reason.EXPIRED, "Coupon %d expired at %s".formatted(userCouponId, coupon.validUntil()));
    }
    if (orderAmount < coupon.minOrderAmount()) {
      return new NotUsable(Reason.BELOW_MINIMUM_ORDER, "Coupon %d needs an order of at least %d, this one is %d"
          .formatted(userCouponId, coupon.minOrderAmount(), orderAmount));
    }
    long discount = coupon.discountFor(orderAmount);
    int updated = jdbc.sql("""
            UPDATE user_coupon SET status = 'USED', order_id = ?, discount = ?, used_at = ?
            WHERE id = ? AND status = 'AVAILABLE'""")
        .params(orderId, discount, Timestamp.from(now), userCouponId).update();
    if (updated != 1) {
      throw new IllegalStateException("Coupon " + userCouponId + " changed under its lock");
    }
    return new Used(discount);
  }

  /**
   * Makes the coupon available again if, and only if, this order used it; true when something changed. The restore is
   * remembered, so that a use by the order that comes later (parked, re-driven) takes nothing.
   */
  public boolean restore(long orderId, long userCouponId) {
    jdbc.sql("SELECT id FROM user_coupon WHERE id = ? FOR UPDATE").param(userCouponId).query(Long.class).optional();
    jdbc.sql("INSERT IGNORE INTO restored_coupon_use (order_id, user_coupon_id) VALUES (?, ?)").params(orderId, userCouponId).update();
    return jdbc.sql("""
            UPDATE user_coupon SET status = 'AVAILABLE', order_id = NULL, discount = NULL, used_at = NULL
            WHERE id = ? AND status = 'USED' AND order_id = ?""")
        .params(userCouponId, orderId).update() == 1;
  }

  private static final String USER_COUPON_SELECT = """
      SELECT uc.id AS uc_id, uc.customer_id, uc.status, uc.order_id, uc.discount, uc.issued_at, uc.used_at, c.*
      FROM user_coupon uc JOIN coupon c ON c.id = uc.coupon_id""";

  private static Coupon coupon(ResultSet rs, int row) throws SQLException {
    return new Coupon(rs.getLong("id"), rs.getString("name"), Coupon.DiscountType.valueOf(rs.getString("discount_type")),
        rs.getLong("discount_value"), rs.getObject("max_discount", Long.class), rs.getLong("min_order_amount"),
        rs.getTimestamp("valid_from").toInstant(), rs.getTimestamp("valid_until").toInstant(),
        rs.getInt("total_quantity"), rs.getInt("issued_quantity"));
  }

  private static UserCoupon userCoupon(ResultSet rs, int row) throws SQLException {
    Timestamp used = rs.getTimestamp("used_at");
    return new UserCoupon(rs.getLong("uc_id"), rs.getLong("customer_id"), rs.getString("status"),
        rs.getObject("order_id", Long.class), rs.getObject("discount", Long.class),
        rs.getTimestamp("issued_at").toInstant(), used == null ? null : used.toInstant(), coupon(rs, row));
  }
}

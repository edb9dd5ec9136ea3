package com.hhcommerce.coupon.drop;

import com.hhcommerce.coupon.domain.Coupon;
import com.hhcommerce.coupon.domain.Coupons;
import com.hhcommerce.coupon.domain.UserCoupon;
import com.hhcommerce.platform.domain.DomainRefusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.util.List;

/**
 * Issuing a limited coupon to a flash crowd, first come first served: the Redis gate admits at most the
 * coupon's quantity of customers, once each, in order of arrival; only those reach the database, which stays
 * the source of truth (its guarded update and unique key still decide). An admitted customer whose issue the
 * database refuses gives the place back; when Redis is down at that moment, the place is recorded as owed
 * (coupon_gate_debt) and given back once Redis answers again. With Redis down a request is refused at once
 * (503 lock-acquisition-failed), never sent to the database in its place: a crowd let through to the coupon's
 * row lock would slow every other use of the database, orders included.
 */
public class CouponDrop {

  public static final String UNAVAILABLE = "lock-acquisition-failed";
  private static final Logger log = LoggerFactory.getLogger(CouponDrop.class);
  private static final Duration RETRY_AFTER = Duration.ofSeconds(2);

  private final Coupons coupons;
  private final IssueGate gate;
  private final JdbcClient jdbc;

  /** gate null: every request goes to the database (hh.coupon-drop.gate=database). */
  public CouponDrop(Coupons coupons, IssueGate gate, JdbcClient jdbc) {
    this.coupons = coupons;
    this.gate = gate;
    this.jdbc = jdbc;
  }

  public UserCoupon issue(long couponId, long customerId) {
    if (gate == null) {
      return coupons.issue(couponId, customerId);
    }
    Coupon coupon = coupons.issuable(couponId, customerId); // refusals that need no place come before taking one
    IssueGate.Admission admission;
    try {
      admission = gate.admit(couponId, customerId, coupon.totalQuantity());
    } catch (IssueGate.Unavailable e) {
      throw DomainRefusal.unavailable(UNAVAILABLE,
          "Coupons cannot be issued right now (the first-come gate is unavailable); try again shortly", RETRY_AFTER);
    }
    boolean reclaimed = false;
    switch (admission) {
      case SOLD_OUT -> throw Coupons.soldOut(coupon);
      case ALREADY_HOLDS -> {
        if (coupons.holds(couponId, customerId)) {
          throw Coupons.alreadyIssued(couponId, customerId);
        }
        // a place without an issue: admitted when Redis went away before its answer arrived (the customer was
        // refused), or owed back; it is this customer's, so the database decides now
        reclaimed = true;
      }
      case ADMITTED -> {
        // the database decides
      }
    }
    try {
      UserCoupon issued = coupons.issue(couponId, customerId);
      if (reclaimed) {
        jdbc.sql("DELETE FROM coupon_gate_debt WHERE coupon_id = ? AND customer_id = ?").params(couponId, customerId).update();
      }
      return issued;
    } catch (DomainRefusal refusal) {
      if (Coupons.SOLD_OUT.equals(refusal.code())) {
        // the gate admitted more than the database had left: it lost places (Redis without its data); the
        // database is full, so its holders are exactly who the gate must hold
        resetFromTheDatabase(couponId);
      } else if (!Coupons.ALREADY_ISSUED.equals(refusal.code())) {
        giveBack(couponId, customerId);
      }
      throw refusal;
    } catch (RuntimeException e) {
      giveBack(couponId, customerId);
      throw e;
    }
  }

  /**
   * Gives back the places owed while Redis was down; each instance may run it, giving back twice is harmless. Runs
   * every hh.coupon-drop.repay-every (CouponDropConfiguration).
   */
  public void repayOwedPlaces() {
    if (gate == null) {
      return;
    }
    List<Owed> owed = jdbc.sql("SELECT coupon_id, customer_id FROM coupon_gate_debt ORDER BY owed_since LIMIT 500")
        .query((rs, i) -> new Owed(rs.getLong(1), rs.getLong(2))).list();
    for (Owed place : owed) {
      try {
        gate.giveBack(place.couponId(), place.customerId());
      } catch (IssueGate.Unavailable e) {
        return; // Redis still down: the next run tries again
      }
      jdbc.sql("DELETE FROM coupon_gate_debt WHERE coupon_id = ? AND customer_id = ?").params(place.couponId(), place.customerId()).update();
      log.info("Gave back the place of customer {} in coupon {}, owed while Redis was down", place.customerId(), place.couponId());
    }
  }

  private record Owed(long couponId, long customerId) {
  }

  private void giveBack(long couponId, long customerId) {
    try {
      gate.giveBack(couponId, customerId);
    } catch (IssueGate.Unavailable e) {
      log.warn("Could not give back the place of customer {} in coupon {} now ({}): owed until Redis answers",
          customerId, couponId, e.getMessage());
      jdbc.sql("INSERT IGNORE INTO coupon_gate_debt (coupon_id, customer_id) VALUES (?, ?)").params(couponId, customerId).update();
    }
  }

  private void resetFromTheDatabase(long couponId) {
    try {
      gate.replaceHolders(couponId, coupons.holders(couponId));
      log.warn("The gate of coupon {} admitted more than the database had left: reset from the database's holders", couponId);
    } catch (IssueGate.Unavailable e) {
      log.warn("Could not reset the gate of coupon {}: {}", couponId, e.getMessage());
    }
  }
}

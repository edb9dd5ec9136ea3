package com.hhcommerce.coupon.domain;

import com.hhcommerce.coupon.api.CouponNotUsable.Reason;
import com.hhcommerce.coupon.replica.KnownCustomers;
import org.junit.jupiter.api.BeforeEach;
import com.hhcommerce.platform.domain.DomainRefusal;
import com.hhcommerce.platform.testing.RealDatabaseTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Using and restoring coupons against a real MariaDB: each guard, redelivery, and nothing to undo. */
@Import({Coupons.class, KnownCustomers.class, CouponsTest.SystemClock.class})
class CouponsTest extends RealDatabaseTest {

  static class SystemClock {
    @org.springframework.context.annotation.Bean
    Clock clock() {
      return Clock.systemUTC();
    }
  }


  @Autowired
  Coupons coupons;
  @Autowired
  KnownCustomers knownCustomers;

  /** Customers 1-99 exist, as if the wallet's events had told the coupon service; 999 never does. */
  @BeforeEach
  void knownCustomers() {
    for (long customer = 1; customer < 100; customer++) {
      knownCustomers.learn(customer);
    }
  }

  @Test
  void refusesToIssueToACustomerItHasNotHeardOfAndUsesUpNothing() {
    Coupon coupon = coupons.create("c", Coupon.DiscountType.FIXED, 1_000, null, 0, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(1)), 1);
    assertThatThrownBy(() -> coupons.issue(coupon.id(), 999)).isInstanceOfSatisfying(DomainRefusal.class, refusal -> {
      assertThat(refusal.code()).isEqualTo("unknown-customer");
      assertThat(refusal.facts()).containsEntry("field", "customerId");
    });
    assertThat(coupons.coupon(coupon.id()).orElseThrow().issuedQuantity()).isZero();
    assertThat(coupons.issue(coupon.id(), 1).customerId()).isEqualTo(1);
  }

  private final Instant now = Instant.now();

  private long issued(long customer, Coupon.DiscountType type, long value, Long max, long minOrder, Instant from, Instant until) {
    Coupon coupon = coupons.create("c", type, value, max, minOrder, from, until, 10);
    return coupons.issue(coupon.id(), customer).id();
  }

  private long fixed(long customer, long value, long minOrder) {
    return issued(customer, Coupon.DiscountType.FIXED, value, null, minOrder, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(1)));
  }

  private Coupons.UseResult use(long order, long customer, long userCoupon, long amount) {
    return tx.execute(s -> coupons.use(order, customer, userCoupon, amount));
  }

  private boolean restore(long order, long userCoupon) {
    return Boolean.TRUE.equals(tx.execute(s -> coupons.restore(order, userCoupon)));
  }

  private static Reason reason(Coupons.UseResult result) {
    assertThat(result).isInstanceOf(Coupons.NotUsable.class);
    return ((Coupons.NotUsable) result).reason();
  }

  @Test
  void usesACouponOnceAndARedeliveryGetsTheSameAnswer() {
    long userCoupon = fixed(1, 3_000, 10_000);

    Coupons.UseResult first = use(10, 1, userCoupon, 20_000);
    Coupons.UseResult again = use(10, 1, userCoupon, 20_000);

    assertThat(first).isEqualTo(new Coupons.Used(3_000));
    assertThat(again).isEqualTo(first);
    assertThat(coupons.userCoupon(userCoupon).orElseThrow().orderId()).isEqualTo(10L);
  }

  @Test
  void refusesACouponUsedByAnotherOrder() {
    long userCoupon = fixed(1, 3_000, 0);
    use(11, 1, userCoupon, 20_000);
    assertThat(reason(use(12, 1, userCoupon, 20_000))).isEqualTo(Reason.ALREADY_USED);
  }

  @Test
  void refusesSomeoneElsesCoupon() {
    long userCoupon = fixed(1, 3_000, 0);
    Coupons.NotUsable refused = (Coupons.NotUsable) use(13, 2, userCoupon, 20_000);
    Coupons.NotUsable missing = (Coupons.NotUsable) use(17, 2, 999_998, 20_000);
    assertThat(refused.reason()).isEqualTo(Reason.NOT_FOUND);
    assertThat(refused.detail()).isEqualTo(missing.detail().replace("999998", String.valueOf(userCoupon)));
    assertThat(coupons.userCoupon(userCoupon).orElseThrow().status()).isEqualTo("AVAILABLE");
  }

  @Test
  void refusesBelowTheMinimumOrderAndOutsideItsValidity() {
    assertThat(reason(use(14, 1, fixed(1, 3_000, 50_000), 49_999))).isEqualTo(Reason.BELOW_MINIMUM_ORDER);
    long notYet = issued(1, Coupon.DiscountType.FIXED, 1_000, null, 0, now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(2)));
    assertThat(reason(use(15, 1, notYet, 10_000))).isEqualTo(Reason.NOT_YET_VALID);
    assertThat(reason(use(16, 1, 999_999, 10_000))).isEqualTo(Reason.NOT_FOUND);
  }

  @Test
  void capsAPercentageDiscountAndNeverExceedsTheAmount() {
    long percent = issued(1, Coupon.DiscountType.PERCENTAGE, 15, 2_000L, 0, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(1)));
    assertThat(use(17, 1, percent, 100_000)).isEqualTo(new Coupons.Used(2_000));
    long big = fixed(1, 50_000, 0);
    assertThat(use(18, 1, big, 20_000)).isEqualTo(new Coupons.Used(20_000));
  }

  @Test
  void restoresOnlyForTheOrderThatUsedItAndOnlyOnce() {
    long userCoupon = fixed(1, 3_000, 0);
    use(19, 1, userCoupon, 20_000);

    assertThat(restore(99, userCoupon)).as("another order").isFalse();
    assertThat(restore(19, userCoupon)).isTrue();
    assertThat(restore(19, userCoupon)).as("again").isFalse();
    assertThat(coupons.userCoupon(userCoupon).orElseThrow().status()).isEqualTo("AVAILABLE");
  }

  @Test
  void aUseThatComesAfterItsRestoreTakesNothing() {
    long userCoupon = fixed(1, 3_000, 0);
    assertThat(restore(21, userCoupon)).isFalse();

    assertThat(reason(use(21, 1, userCoupon, 20_000))).isEqualTo(Reason.ALREADY_RESTORED);
    assertThat(coupons.userCoupon(userCoupon).orElseThrow().status()).isEqualTo("AVAILABLE");
  }

  @Test
  void issuesACouponOncePerCustomerAndNoMoreThanItsQuantity() {
    Coupon coupon = coupons.create("limited", Coupon.DiscountType.FIXED, 1_000, null, 0, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(1)), 1);
    coupons.issue(coupon.id(), 1);
    assertThatThrownBy(() -> coupons.issue(coupon.id(), 1)).isInstanceOf(DomainRefusal.class);
    assertThatThrownBy(() -> coupons.issue(coupon.id(), 2)).isInstanceOf(DomainRefusal.class).hasMessageContaining("are issued");
    assertThat(coupons.coupon(coupon.id()).orElseThrow().issuedQuantity()).isEqualTo(1);
  }
}

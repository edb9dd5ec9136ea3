package com.hhcommerce.order.saga;

import com.hhcommerce.cart.api.CartAlreadyRestored;
import com.hhcommerce.cart.api.CartItemsMissing;
import com.hhcommerce.coupon.api.CouponNotUsable;
import com.hhcommerce.inventory.api.InsufficientStock;
import com.hhcommerce.inventory.api.StockAlreadyReleased;
import com.hhcommerce.inventory.api.UnknownProductOption;
import com.hhcommerce.order.domain.OrderFailure;
import com.hhcommerce.wallet.api.InsufficientPoints;
import com.hhcommerce.wallet.api.PointsAlreadyRefunded;
import com.hhcommerce.wallet.api.UnknownCustomer;

import java.util.Optional;

/**
 * Why an order fails, from a participant's failure reply: one pure function, used by the saga (the order's
 * failure code and reason) and by the step log (the reply's reason), so the two always say the same.
 */
public final class FailureReasons {

  private FailureReasons() {
  }

  /** The failure a reply reports; empty for a reply that is not one of the saga's failure replies. */
  public static Optional<OrderFailure> of(Object reply) {
    if (reply instanceof CartItemsMissing r) {
      return failure("CART_ITEMS_MISSING", "Ordered items are no longer in the cart: product options %s".formatted(r.productOptionIds()));
    }
    if (reply instanceof InsufficientStock r) {
      return failure("OUT_OF_STOCK", "Not enough stock for product option %d: %d requested, %d available"
          .formatted(r.productOptionId(), r.requested(), r.available()));
    }
    if (reply instanceof UnknownProductOption r) {
      return failure("UNKNOWN_PRODUCT_OPTION", "Product option %d does not exist".formatted(r.productOptionId()));
    }
    if (reply instanceof CouponNotUsable r) {
      return failure("COUPON_" + r.reason().name(), "Coupon %d cannot be used: %s".formatted(r.userCouponId(), r.detail()));
    }
    if (reply instanceof InsufficientPoints r) {
      return failure("INSUFFICIENT_POINTS", "Not enough points: %d needed, %d available (%d missing)"
          .formatted(r.required(), r.available(), r.required() - r.available()));
    }
    if (reply instanceof UnknownCustomer r) {
      return failure("UNKNOWN_CUSTOMER", "Customer %d does not exist".formatted(r.customerId()));
    }
    // a forward command handled after its step's undo (parked, then re-driven): refused, and never an order's reason
    if (reply instanceof CartAlreadyRestored r) {
      return failure("ALREADY_UNDONE", "The cart of order %d was restored before: nothing cleared".formatted(r.orderId()));
    }
    if (reply instanceof StockAlreadyReleased r) {
      return failure("ALREADY_UNDONE", "The stock of order %d was released before: nothing reserved".formatted(r.orderId()));
    }
    if (reply instanceof PointsAlreadyRefunded r) {
      return failure("ALREADY_UNDONE", "The points of order %d were refunded before: nothing deducted".formatted(r.orderId()));
    }
    return Optional.empty();
  }

  private static Optional<OrderFailure> failure(String code, String reason) {
    return Optional.of(new OrderFailure(code, reason));
  }
}

package com.hhcommerce.order.domain;

import com.hhcommerce.order.api.SagaState;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static com.hhcommerce.order.api.SagaState.CART_CLEARED;
import static com.hhcommerce.order.api.SagaState.COMPENSATED;
import static com.hhcommerce.order.api.SagaState.COMPENSATING;
import static com.hhcommerce.order.api.SagaState.COMPENSATION_FAILED;
import static com.hhcommerce.order.api.SagaState.COMPLETED;
import static com.hhcommerce.order.api.SagaState.COUPON_USED;
import static com.hhcommerce.order.api.SagaState.POINT_DEDUCTED;
import static com.hhcommerce.order.api.SagaState.STARTED;
import static com.hhcommerce.order.api.SagaState.STOCK_RESERVED;

/**
 * The order's life as one table: for each state, the states an order may enter it from. An order is created
 * STARTED; {@link Orders} derives every guard from this table, so a reply handled twice or out of turn cannot move
 * an order backwards or sideways.
 */
public final class OrderStateMachine {

  private static final Map<SagaState, Set<SagaState>> ENTERED_FROM = new EnumMap<>(SagaState.class);

  static {
    enter(CART_CLEARED, STARTED);
    enter(STOCK_RESERVED, CART_CLEARED);
    enter(COUPON_USED, STOCK_RESERVED);
    enter(POINT_DEDUCTED, STOCK_RESERVED, COUPON_USED); // straight after the stock when the order names no coupon
    enter(COMPLETED, POINT_DEDUCTED);
    // a step failed, or the saga was stopped, while it was in progress
    enter(COMPENSATING, STARTED, CART_CLEARED, STOCK_RESERVED, COUPON_USED, POINT_DEDUCTED);
    enter(COMPENSATED, COMPENSATING);
    enter(COMPENSATION_FAILED, COMPENSATING);
  }

  private OrderStateMachine() {
  }

  private static void enter(SagaState to, SagaState... from) {
    ENTERED_FROM.put(to, Collections.unmodifiableSet(EnumSet.of(from[0], from)));
  }

  /** The states an order may enter {@code to} from; empty for STARTED, which an order is created in. */
  public static Set<SagaState> enteredFrom(SagaState to) {
    return ENTERED_FROM.getOrDefault(to, Set.of());
  }

  public static boolean allows(SagaState from, SagaState to) {
    return enteredFrom(to).contains(from);
  }
}

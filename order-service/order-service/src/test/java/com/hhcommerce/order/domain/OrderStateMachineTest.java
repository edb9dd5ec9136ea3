package com.hhcommerce.order.domain;

import com.hhcommerce.order.api.OrderStatus;
import com.hhcommerce.order.api.SagaState;
import com.hhcommerce.order.saga.SagaStep;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Walks every (from, to) pair of states against what the saga implies: forward along {@link SagaStep}'s order (the
 * coupon step may be skipped), into COMPENSATING from any state the customer sees as PROCESSING, to a failed end only
 * from COMPENSATING, and never out of an end state or into the state an order is created in.
 */
class OrderStateMachineTest {

  /** The steps the saga skips for some orders (invokeParticipant with a condition). */
  private static final Set<SagaStep> OPTIONAL = Set.of(SagaStep.USE_COUPON);

  @Test
  void allowsExactlyTheTransitionsTheSagaMakes() {
    List<String> wrong = new ArrayList<>();
    for (SagaState from : SagaState.values()) {
      for (SagaState to : SagaState.values()) {
        if (OrderStateMachine.allows(from, to) != expected(from, to)) {
          wrong.add(from + " -> " + to + (expected(from, to) ? " should be allowed" : " should be refused"));
        }
      }
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  void anOrderEndsOnlyInAFinalStateAndNothingLeavesOne() {
    for (SagaState end : SagaState.values()) {
      if (end.isFinal()) {
        for (SagaState to : SagaState.values()) {
          assertThat(OrderStateMachine.allows(end, to)).as(end + " -> " + to).isFalse();
        }
      }
    }
    assertThat(OrderStateMachine.enteredFrom(SagaState.STARTED)).isEmpty();
  }

  private static boolean expected(SagaState from, SagaState to) {
    if (from.isFinal() || to == SagaState.STARTED) {
      return false;
    }
    if (to == SagaState.COMPENSATING) {
      return from.customerStatus() == OrderStatus.PROCESSING;
    }
    if (to == SagaState.COMPENSATED || to == SagaState.COMPENSATION_FAILED) {
      return from == SagaState.COMPENSATING;
    }
    return forwardFrom(to).contains(from);
  }

  /** The states the step reaching {@code to} directly follows: the one before it, and before a skipped optional step. */
  private static List<SagaState> forwardFrom(SagaState to) {
    SagaStep[] steps = SagaStep.values();
    List<SagaState> from = new ArrayList<>();
    for (int i = 1; i < steps.length; i++) {
      if (steps[i].reached() == to) {
        for (int j = i - 1; j >= 0; j--) {
          from.add(steps[j].reached());
          if (!OPTIONAL.contains(steps[j])) {
            break;
          }
        }
      }
    }
    return from;
  }
}

package com.hhcommerce.order.saga;

import com.hhcommerce.cart.api.ClearCartCommand;
import com.hhcommerce.cart.api.RestoreCartCommand;
import com.hhcommerce.coupon.api.RestoreCouponCommand;
import com.hhcommerce.coupon.api.UseCouponCommand;
import com.hhcommerce.inventory.api.ReleaseStockCommand;
import com.hhcommerce.inventory.api.ReserveStockCommand;
import com.hhcommerce.order.api.SagaState;
import com.hhcommerce.wallet.api.DeductPointsCommand;
import com.hhcommerce.wallet.api.RefundPointsCommand;

import java.util.Arrays;
import java.util.Optional;

/**
 * The CreateOrderSaga's steps, in the saga's order, registered once: the names people use, the command that
 * performs and the command that undoes each participant step, and the state the order reaches when the step
 * succeeds. The step log, the deadlines and the support console speak these names, never the framework's step index.
 */
public enum SagaStep {
  CREATE_ORDER("create order", "reject order", null, null, SagaState.STARTED),
  CLEAR_CART("clear cart", "restore cart", ClearCartCommand.class, RestoreCartCommand.class, SagaState.CART_CLEARED),
  RESERVE_STOCK("reserve stock", "release stock", ReserveStockCommand.class, ReleaseStockCommand.class, SagaState.STOCK_RESERVED),
  USE_COUPON("use coupon", "restore coupon", UseCouponCommand.class, RestoreCouponCommand.class, SagaState.COUPON_USED),
  DEDUCT_POINTS("deduct points", "refund points", DeductPointsCommand.class, RefundPointsCommand.class, SagaState.POINT_DEDUCTED),
  CONFIRM_ORDER("confirm order", null, null, null, SagaState.COMPLETED);

  private final String actionName;
  private final String compensationName;
  private final Class<?> command;
  private final Class<?> compensationCommand;
  private final SagaState reached;

  SagaStep(String actionName, String compensationName, Class<?> command, Class<?> compensationCommand, SagaState reached) {
    this.actionName = actionName;
    this.compensationName = compensationName;
    this.command = command;
    this.compensationCommand = compensationCommand;
    this.reached = reached;
  }

  /** The state the order is in once this step has succeeded. */
  public SagaState reached() {
    return reached;
  }

  /** Whether a participant performs this step (a command and its undo), rather than order-service itself. */
  public boolean isParticipantStep() {
    return command != null;
  }

  public String actionName() {
    return actionName;
  }

  public String compensationName() {
    return compensationName;
  }

  /** What a command of this type does: its step, and whether it undoes that step. */
  public record Move(SagaStep step, boolean compensation) {
    public String name() {
      return compensation ? step.compensationName : step.actionName;
    }
  }

  public static Optional<Move> ofCommandType(String commandClassName) {
    for (SagaStep step : values()) {
      if (step.command != null && step.command.getName().equals(commandClassName)) {
        return Optional.of(new Move(step, false));
      }
      if (step.compensationCommand != null && step.compensationCommand.getName().equals(commandClassName)) {
        return Optional.of(new Move(step, true));
      }
    }
    return Optional.empty();
  }

  public static Optional<SagaStep> ofActionName(String name) {
    return Arrays.stream(values()).filter(s -> s.actionName.equals(name)).findFirst();
  }
}

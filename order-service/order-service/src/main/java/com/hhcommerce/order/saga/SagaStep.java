package com.hhcommerce.order.saga;

import com.hhcommerce.cart.api.ClearCartCommand;
import com.hhcommerce.cart.api.RestoreCartCommand;
import com.hhcommerce.coupon.api.RestoreCouponCommand;
import com.hhcommerce.coupon.api.UseCouponCommand;
import com.hhcommerce.inventory.api.ReleaseStockCommand;
import com.hhcommerce.inventory.api.ReserveStockCommand;
import com.hhcommerce.wallet.api.DeductPointsCommand;
import com.hhcommerce.wallet.api.RefundPointsCommand;

import java.util.Arrays;
import java.util.Optional;

/**
 * The CreateOrderSaga's steps by the names people use, and the command that performs and
 * the command that undoes each participant step. The step log and the support console speak these names,
 * never the framework's step index.
 */
public enum SagaStep {
  CREATE_ORDER("create order", "reject order", null, null),
  CLEAR_CART("clear cart", "restore cart", ClearCartCommand.class, RestoreCartCommand.class),
  RESERVE_STOCK("reserve stock", "release stock", ReserveStockCommand.class, ReleaseStockCommand.class),
  USE_COUPON("use coupon", "restore coupon", UseCouponCommand.class, RestoreCouponCommand.class),
  DEDUCT_POINTS("deduct points", "refund points", DeductPointsCommand.class, RefundPointsCommand.class),
  CONFIRM_ORDER("confirm order", null, null, null);

  private final String actionName;
  private final String compensationName;
  private final Class<?> command;
  private final Class<?> compensationCommand;

  SagaStep(String actionName, String compensationName, Class<?> command, Class<?> compensationCommand) {
    this.actionName = actionName;
    this.compensationName = compensationName;
    this.command = command;
    this.compensationCommand = compensationCommand;
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

package com.hhcommerce.order.saga;

import com.hhcommerce.platform.tracing.MessageTracing;
import com.hhcommerce.cart.api.CartChannels;
import com.hhcommerce.cart.api.CartCleared;
import com.hhcommerce.cart.api.CartItemsMissing;
import com.hhcommerce.cart.api.CartLine;
import com.hhcommerce.cart.api.ClearCartCommand;
import com.hhcommerce.cart.api.RestoreCartCommand;
import com.hhcommerce.coupon.api.CouponChannels;
import com.hhcommerce.coupon.api.CouponNotUsable;
import com.hhcommerce.coupon.api.CouponUsed;
import com.hhcommerce.coupon.api.RestoreCouponCommand;
import com.hhcommerce.coupon.api.UseCouponCommand;
import com.hhcommerce.inventory.api.InsufficientStock;
import com.hhcommerce.inventory.api.InventoryChannels;
import com.hhcommerce.inventory.api.ReleaseStockCommand;
import com.hhcommerce.inventory.api.ReserveStockCommand;
import com.hhcommerce.inventory.api.StockLine;
import com.hhcommerce.inventory.api.StockReserved;
import com.hhcommerce.inventory.api.UnknownProductOption;
import com.hhcommerce.order.api.OrderChannels;
import com.hhcommerce.order.domain.OrderLine;
import com.hhcommerce.order.domain.Orders;
import com.hhcommerce.wallet.api.CustomerWalletChannels;
import com.hhcommerce.wallet.api.DeductPointsCommand;
import com.hhcommerce.wallet.api.InsufficientPoints;
import com.hhcommerce.wallet.api.PointsDeducted;
import com.hhcommerce.wallet.api.RefundPointsCommand;
import com.hhcommerce.wallet.api.UnknownCustomer;
import io.eventuate.tram.commands.common.Command;
import io.eventuate.tram.commands.consumer.CommandWithDestination;
import io.eventuate.tram.sagas.orchestration.SagaDefinition;
import io.eventuate.tram.sagas.simpledsl.SimpleSaga;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.Optional;

import static io.eventuate.tram.commands.consumer.CommandWithDestinationBuilder.send;

/**
 * The seed's one-transaction OrderTransactionService as an orchestration saga. Each step pairs an action
 * with its compensation; a failure runs the compensations of the steps before it in reverse order.
 * Reply handlers record progress on the order in the same transaction as the saga's progress; each is one call
 * to {@link Orders}, the order's guarded state machine.
 */
@Component
public class CreateOrderSaga implements SimpleSaga<CreateOrderSagaData> {

  /**
   * Every command carries its order id in this header, stamped where the command is built; the participant
   * copies it onto its reply, so a reply says which order it answers without its payload being read.
   */
  public static final String ORDER_ID_HEADER = MessageTracing.COMMAND_ORDER_ID;

  private final Orders orders;
  private final SagaDefinition<CreateOrderSagaData> definition;

  public CreateOrderSaga(Orders orders) {
    this.orders = orders;
    this.definition =
        step()
            .invokeLocal(CreateOrderSaga::orderCreated)
            .withCompensation(this::rejectOrder)
        .step()
            .invokeParticipant(this::clearCart)
            .onReply(CartCleared.class, this::cartCleared)
            .onReply(CartItemsMissing.class, this::failed)
            .withCompensation(this::restoreCart)
        .step()
            .invokeParticipant(this::reserveStock)
            .onReply(StockReserved.class, this::stockReserved)
            .onReply(InsufficientStock.class, this::failed)
            .onReply(UnknownProductOption.class, this::failed)
            .withCompensation(this::releaseStock)
        .step()
            .invokeParticipant(CreateOrderSagaData::hasCoupon, this::useCoupon)
            .onReply(CouponUsed.class, this::couponUsed)
            .onReply(CouponNotUsable.class, this::failed)
            .withCompensation(CreateOrderSagaData::hasCoupon, this::restoreCoupon)
        .step()
            .invokeParticipant(this::deductPoints)
            .onReply(PointsDeducted.class, this::pointsDeducted)
            .onReply(InsufficientPoints.class, this::failed)
            .onReply(UnknownCustomer.class, this::failed)
            .withCompensation(this::refundPoints)
        .step()
            .invokeLocal(this::confirmOrder)
        .build();
  }

  /** Stored with each instance; renaming or moving this class must not strand sagas in flight. */
  @Override
  public String getSagaType() {
    return OrderChannels.CREATE_ORDER_SAGA_TYPE;
  }

  @Override
  public SagaDefinition<CreateOrderSagaData> getSagaDefinition() {
    return definition;
  }

  /** The instance is written and has its id, before the first step runs: the order learns its saga. */
  @Override
  public void onStarting(String sagaId, CreateOrderSagaData data) {
    orders.sagaStarted(data.getOrderId(), sagaId);
  }

  /** A compensation was answered with a failure: Eventuate ends the saga failed, a person must look. */
  @Override
  public void onSagaFailed(String sagaId, CreateOrderSagaData data) {
    orders.compensationFailed(data.getOrderId());
  }

  /**
   * The command that undoes a participant step, for an operator who stops a saga while it waits on that
   * step (the framework compensates only the steps before the one that failed).
   */
  public Optional<CommandWithDestination> undo(SagaStep step, CreateOrderSagaData data) {
    return switch (step) {
      case RESERVE_STOCK -> Optional.of(releaseStock(data));
      case USE_COUPON -> Optional.of(restoreCoupon(data));
      case DEDUCT_POINTS -> Optional.of(refundPoints(data));
      case CLEAR_CART -> Optional.of(restoreCart(data));
      case CREATE_ORDER, CONFIRM_ORDER -> Optional.empty();
    };
  }

  // step 1: the order, STARTED, written by OrderPlacement in this transaction just before the saga started;
  // the step is here for its compensation, which ends a failed order

  static void orderCreated(CreateOrderSagaData data) {
  }

  /** The last compensation: every step before has been undone; OrderRejected leaves through the outbox. */
  void rejectOrder(CreateOrderSagaData data) {
    orders.reject(data.getOrderId());
  }

  // step 2: cart, first: an order is for what the customer has in the cart, checked before anything is reserved or paid

  CommandWithDestination clearCart(CreateOrderSagaData data) {
    return command(data, CartChannels.COMMANDS, new ClearCartCommand(data.getOrderId(), data.getCustomerId(),
        data.getLines().stream().map(l -> new CartLine(l.productOptionId(), l.quantity())).toList()));
  }

  void cartCleared(CreateOrderSagaData data, CartCleared reply) {
    orders.cartCleared(data.getOrderId());
  }

  CommandWithDestination restoreCart(CreateOrderSagaData data) {
    return command(data, CartChannels.COMMANDS, new RestoreCartCommand(data.getOrderId(), data.getCustomerId()));
  }

  // step 3: stock

  CommandWithDestination reserveStock(CreateOrderSagaData data) {
    return command(data, InventoryChannels.COMMANDS, new ReserveStockCommand(data.getOrderId(),
        data.getLines().stream().map(l -> new StockLine(l.productOptionId(), l.quantity())).toList()));
  }

  void stockReserved(CreateOrderSagaData data, StockReserved reply) {
    long subtotal = reply.lines().stream().mapToLong(l -> Math.multiplyExact(l.unitPrice(), (long) l.quantity())).sum();
    data.setSubtotal(subtotal);
    orders.stockReserved(data.getOrderId(), reply.lines().stream()
        .map(l -> new OrderLine(l.productOptionId(), l.quantity(), l.productName(), l.optionName(), l.unitPrice())).toList(), subtotal);
  }

  CommandWithDestination releaseStock(CreateOrderSagaData data) {
    return command(data, InventoryChannels.COMMANDS, new ReleaseStockCommand(data.getOrderId()));
  }

  // step 4: coupon, only when the order names one

  CommandWithDestination useCoupon(CreateOrderSagaData data) {
    return command(data, CouponChannels.COMMANDS,
        new UseCouponCommand(data.getOrderId(), data.getCustomerId(), data.getUserCouponId(), data.getSubtotal()));
  }

  void couponUsed(CreateOrderSagaData data, CouponUsed reply) {
    data.setDiscount(reply.discount());
    orders.couponUsed(data.getOrderId(), reply.discount());
  }

  CommandWithDestination restoreCoupon(CreateOrderSagaData data) {
    return command(data, CouponChannels.COMMANDS, new RestoreCouponCommand(data.getOrderId(), data.getUserCouponId()));
  }

  // step 5: points

  CommandWithDestination deductPoints(CreateOrderSagaData data) {
    return command(data, CustomerWalletChannels.COMMANDS,
        new DeductPointsCommand(data.getOrderId(), data.getCustomerId(), data.pointsToPay()));
  }

  void pointsDeducted(CreateOrderSagaData data, PointsDeducted reply) {
    orders.pointsDeducted(data.getOrderId(), reply.amount());
  }

  CommandWithDestination refundPoints(CreateOrderSagaData data) {
    return command(data, CustomerWalletChannels.COMMANDS, new RefundPointsCommand(data.getOrderId(), data.getCustomerId()));
  }

  // step 6: confirm; OrderConfirmed leaves through the outbox in the transaction that confirms the order

  void confirmOrder(CreateOrderSagaData data) {
    orders.confirm(data.getOrderId());
  }

  /** Every failure reply comes here, so the order holds its reason before the first compensation runs. */
  private void failed(CreateOrderSagaData data, Object reply) {
    orders.compensating(data.getOrderId(), FailureReasons.of(reply)
        .orElseThrow(() -> new IllegalStateException("No failure reason for " + reply)));
  }

  private static CommandWithDestination command(CreateOrderSagaData data, String channel, Command command) {
    return send(command).to(channel).withExtraHeaders(Map.of(ORDER_ID_HEADER, String.valueOf(data.getOrderId()))).build();
  }
}

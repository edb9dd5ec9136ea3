package com.hhcommerce.order.saga;

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
import com.hhcommerce.order.domain.Order;
import com.hhcommerce.order.domain.OrderFailure;
import com.hhcommerce.order.domain.OrderLine;
import com.hhcommerce.order.domain.Orders;
import com.hhcommerce.order.messaging.OrderEventPublisher;
import com.hhcommerce.wallet.api.CustomerWalletChannels;
import com.hhcommerce.wallet.api.DeductPointsCommand;
import com.hhcommerce.wallet.api.InsufficientPoints;
import com.hhcommerce.wallet.api.PointsDeducted;
import com.hhcommerce.wallet.api.RefundPointsCommand;
import com.hhcommerce.wallet.api.UnknownCustomer;
import io.eventuate.tram.commands.consumer.CommandWithDestination;
import io.eventuate.tram.sagas.orchestration.SagaDefinition;
import io.eventuate.tram.sagas.simpledsl.SimpleSaga;
import org.springframework.stereotype.Component;

import java.util.Optional;

import static io.eventuate.tram.commands.consumer.CommandWithDestinationBuilder.send;

/**
 * The seed's one-transaction OrderTransactionService as an orchestration saga. Each step pairs an action
 * with its compensation; a failure runs the compensations of the steps before it in reverse order.
 * Reply handlers record progress on the order in the same transaction as the saga's progress.
 */
@Component
public class CreateOrderSaga implements SimpleSaga<CreateOrderSagaData> {

  private final Orders orders;
  private final OrderEventPublisher events;
  private final SagaMetrics metrics;
  private final SagaStepLog stepLog;
  private final SagaDefinition<CreateOrderSagaData> definition;

  public CreateOrderSaga(Orders orders, OrderEventPublisher events, SagaMetrics metrics, SagaStepLog stepLog) {
    this.orders = orders;
    this.events = events;
    this.metrics = metrics;
    this.stepLog = stepLog;
    this.definition =
        step()
            .invokeLocal(this::createPendingOrder)
            .withCompensation(this::rejectOrder)
        .step()
            .invokeParticipant(this::clearCart)
            .onReply(CartCleared.class, this::cartCleared)
            .onReply(CartItemsMissing.class, this::cartItemsMissing)
            .withCompensation(this::restoreCart)
        .step()
            .invokeParticipant(this::reserveStock)
            .onReply(StockReserved.class, this::stockReserved)
            .onReply(InsufficientStock.class, this::insufficientStock)
            .onReply(UnknownProductOption.class, this::unknownProductOption)
            .withCompensation(this::releaseStock)
        .step()
            .invokeParticipant(CreateOrderSagaData::hasCoupon, this::useCoupon)
            .onReply(CouponUsed.class, this::couponUsed)
            .onReply(CouponNotUsable.class, this::couponNotUsable)
            .withCompensation(CreateOrderSagaData::hasCoupon, this::restoreCoupon)
        .step()
            .invokeParticipant(this::deductPoints)
            .onReply(PointsDeducted.class, this::pointsDeducted)
            .onReply(InsufficientPoints.class, this::insufficientPoints)
            .onReply(UnknownCustomer.class, this::unknownCustomer)
            .withCompensation(this::refundPoints)
        .step()
            .invokeLocal(this::approveOrder)
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

  /** A compensation was answered with a failure: Eventuate ends the saga failed, a person must look. */
  @Override
  public void onSagaFailed(String sagaId, CreateOrderSagaData data) {
    metrics.ended(orders.compensationFailed(data.getOrderId()));
    stepLog.local(data.getOrderId(), sagaId, "compensation failed", true, "FAILURE",
        "A compensation was refused: the order needs a person");
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

  // step 1: the order, PENDING, in the request's transaction (with the saga instance and the first command)

  void createPendingOrder(CreateOrderSagaData data) {
    long orderId = orders.createPending(new Orders.NewOrder(data.getCustomerId(), data.getLines(), data.getUserCouponId(),
        data.getCorrelationId(), data.getIdempotencyKey(), data.getRequestHash()));
    data.setOrderId(orderId);
    metrics.started();
    stepLog.local(orderId, null, SagaStep.CREATE_ORDER.actionName(), false, "SUCCESS", null);
  }

  /** The last compensation: every step before has been undone; OrderRejected leaves through the outbox. */
  void rejectOrder(CreateOrderSagaData data) {
    Order rejected = orders.reject(data.getOrderId());
    events.rejected(rejected);
    metrics.ended(rejected);
    stepLog.local(data.getOrderId(), rejected.sagaId(), SagaStep.CREATE_ORDER.compensationName(), true, "SUCCESS",
        rejected.failureReason());
  }

  // step 2: cart, first: an order is for what the customer has in the cart, checked before anything is reserved or paid

  CommandWithDestination clearCart(CreateOrderSagaData data) {
    return send(new ClearCartCommand(data.getOrderId(), data.getCustomerId(),
        data.getLines().stream().map(l -> new CartLine(l.productOptionId(), l.quantity())).toList()))
        .to(CartChannels.COMMANDS).build();
  }

  void cartCleared(CreateOrderSagaData data, CartCleared reply) {
    orders.cartCleared(data.getOrderId());
  }

  void cartItemsMissing(CreateOrderSagaData data, CartItemsMissing reply) {
    fail(data, "CART_ITEMS_MISSING", "Ordered items are no longer in the cart: product options %s".formatted(reply.productOptionIds()));
  }

  CommandWithDestination restoreCart(CreateOrderSagaData data) {
    return send(new RestoreCartCommand(data.getOrderId(), data.getCustomerId())).to(CartChannels.COMMANDS).build();
  }

  // step 3: stock

  CommandWithDestination reserveStock(CreateOrderSagaData data) {
    return send(new ReserveStockCommand(data.getOrderId(),
        data.getLines().stream().map(l -> new StockLine(l.productOptionId(), l.quantity())).toList()))
        .to(InventoryChannels.COMMANDS).build();
  }

  void stockReserved(CreateOrderSagaData data, StockReserved reply) {
    long subtotal = reply.lines().stream().mapToLong(l -> Math.multiplyExact(l.unitPrice(), (long) l.quantity())).sum();
    data.setSubtotal(subtotal);
    orders.stockReserved(data.getOrderId(), reply.lines().stream()
        .map(l -> new OrderLine(l.productOptionId(), l.quantity(), l.productName(), l.optionName(), l.unitPrice())).toList(), subtotal);
  }

  void insufficientStock(CreateOrderSagaData data, InsufficientStock reply) {
    fail(data, "OUT_OF_STOCK", "Not enough stock for product option %d: %d requested, %d available"
        .formatted(reply.productOptionId(), reply.requested(), reply.available()));
  }

  void unknownProductOption(CreateOrderSagaData data, UnknownProductOption reply) {
    fail(data, "UNKNOWN_PRODUCT_OPTION", "Product option %d does not exist".formatted(reply.productOptionId()));
  }

  CommandWithDestination releaseStock(CreateOrderSagaData data) {
    return send(new ReleaseStockCommand(data.getOrderId())).to(InventoryChannels.COMMANDS).build();
  }

  // step 4: coupon, only when the order names one

  CommandWithDestination useCoupon(CreateOrderSagaData data) {
    return send(new UseCouponCommand(data.getOrderId(), data.getCustomerId(), data.getUserCouponId(), data.getSubtotal()))
        .to(CouponChannels.COMMANDS).build();
  }

  void couponUsed(CreateOrderSagaData data, CouponUsed reply) {
    data.setDiscount(reply.discount());
    orders.couponUsed(data.getOrderId(), reply.discount());
  }

  void couponNotUsable(CreateOrderSagaData data, CouponNotUsable reply) {
    fail(data, "COUPON_" + reply.reason().name(), "Coupon %d cannot be used: %s".formatted(reply.userCouponId(), reply.detail()));
  }

  CommandWithDestination restoreCoupon(CreateOrderSagaData data) {
    return send(new RestoreCouponCommand(data.getOrderId(), data.getUserCouponId())).to(CouponChannels.COMMANDS).build();
  }

  // step 5: points

  CommandWithDestination deductPoints(CreateOrderSagaData data) {
    return send(new DeductPointsCommand(data.getOrderId(), data.getCustomerId(), data.pointsToPay()))
        .to(CustomerWalletChannels.COMMANDS).build();
  }

  void pointsDeducted(CreateOrderSagaData data, PointsDeducted reply) {
    orders.pointsDeducted(data.getOrderId(), reply.amount());
  }

  void insufficientPoints(CreateOrderSagaData data, InsufficientPoints reply) {
    fail(data, "INSUFFICIENT_POINTS", "Not enough points: %d needed, %d available (%d missing)"
        .formatted(reply.required(), reply.available(), reply.required() - reply.available()));
  }

  void unknownCustomer(CreateOrderSagaData data, UnknownCustomer reply) {
    fail(data, "UNKNOWN_CUSTOMER", "Customer %d does not exist".formatted(reply.customerId()));
  }

  CommandWithDestination refundPoints(CreateOrderSagaData data) {
    return send(new RefundPointsCommand(data.getOrderId(), data.getCustomerId())).to(CustomerWalletChannels.COMMANDS).build();
  }

  // step 6: confirm

  /** OrderConfirmed leaves through the outbox in the transaction that confirms the order. */
  void approveOrder(CreateOrderSagaData data) {
    Order confirmed = orders.confirm(data.getOrderId());
    events.confirmed(confirmed);
    metrics.ended(confirmed);
    stepLog.local(data.getOrderId(), confirmed.sagaId(), SagaStep.CONFIRM_ORDER.actionName(), false, "SUCCESS", null);
  }

  /** Every failure reply comes here, so the order holds its reason before the first compensation runs. */
  private void fail(CreateOrderSagaData data, String code, String reason) {
    orders.compensating(data.getOrderId(), new OrderFailure(code, reason));
  }
}

package com.hhcommerce.order.saga;

import com.hhcommerce.cart.api.CartChannels;
import com.hhcommerce.cart.api.CartCleared;
import com.hhcommerce.cart.api.CartItemsMissing;
import com.hhcommerce.cart.api.CartLine;
import com.hhcommerce.cart.api.CartRestored;
import com.hhcommerce.cart.api.ClearCartCommand;
import com.hhcommerce.cart.api.RestoreCartCommand;
import com.hhcommerce.coupon.api.CouponChannels;
import com.hhcommerce.coupon.api.CouponNotUsable;
import com.hhcommerce.coupon.api.CouponRestored;
import com.hhcommerce.coupon.api.CouponUsed;
import com.hhcommerce.coupon.api.RestoreCouponCommand;
import com.hhcommerce.coupon.api.UseCouponCommand;
import com.hhcommerce.inventory.api.InsufficientStock;
import com.hhcommerce.inventory.api.InventoryChannels;
import com.hhcommerce.inventory.api.ReleaseStockCommand;
import com.hhcommerce.inventory.api.ReserveStockCommand;
import com.hhcommerce.inventory.api.ReservedLine;
import com.hhcommerce.inventory.api.StockLine;
import com.hhcommerce.inventory.api.StockReleased;
import com.hhcommerce.inventory.api.StockReserved;
import com.hhcommerce.order.domain.OrderFailure;
import com.hhcommerce.order.domain.OrderItem;
import com.hhcommerce.order.domain.OrderLine;
import com.hhcommerce.order.domain.Orders;
import com.hhcommerce.wallet.api.CustomerWalletChannels;
import com.hhcommerce.wallet.api.DeductPointsCommand;
import com.hhcommerce.wallet.api.InsufficientPoints;
import com.hhcommerce.wallet.api.PointsDeducted;
import com.hhcommerce.wallet.api.RefundPointsCommand;
import io.eventuate.tram.commands.common.Command;
import io.eventuate.tram.commands.consumer.CommandWithDestination;
import io.eventuate.tram.sagas.testing.SagaUnitTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

import java.util.List;
import java.util.function.Function;

import static io.eventuate.tram.sagas.testing.SagaUnitTestSupport.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/**
 * Walks the saga forward step by step, fails it at each participant, and checks every compensation in
 * reverse order. The DSL checks only a command's type and channel, so each test also compares the
 * command built from the saga's data at that point with the payload we expect.
 */
class CreateOrderSagaTest {

  private static final long ORDER_ID = 41;
  private static final long CUSTOMER = 7;
  private static final long COUPON = 3;
  private static final long SHIRT = 100;
  private static final long SOCKS = 200;
  private static final StockReserved RESERVED = new StockReserved(ORDER_ID, List.of(
      new ReservedLine(SHIRT, "shirt", "M", 2, 12_000), new ReservedLine(SOCKS, "socks", "free", 1, 3_000)));

  private Orders orders;
  private CreateOrderSaga saga;

  @BeforeEach
  void setUp() {
    orders = mock(Orders.class);
    saga = new CreateOrderSaga(orders);
  }

  private static CreateOrderSagaData data(Long coupon) {
    return new CreateOrderSagaData(ORDER_ID, CUSTOMER, List.of(new OrderItem(SHIRT, 2), new OrderItem(SOCKS, 1)), coupon);
  }

  @Test
  void confirmsTheOrderWhenEveryStepSucceeds() {
    given().saga(saga, data(COUPON))
        .expect().command(new ClearCartCommand(0, 0, List.of())).to(CartChannels.COMMANDS)
        .assertSagaData(d -> assertCommand(d, saga::clearCart,
            new ClearCartCommand(ORDER_ID, CUSTOMER, List.of(new CartLine(SHIRT, 2), new CartLine(SOCKS, 1)))))
        .andGiven().successReply(new CartCleared(ORDER_ID, 2))
        .expect().command(new ReserveStockCommand(ORDER_ID, List.of())).to(InventoryChannels.COMMANDS)
        .assertSagaData(d -> assertCommand(d, saga::reserveStock,
            new ReserveStockCommand(ORDER_ID, List.of(new StockLine(SHIRT, 2), new StockLine(SOCKS, 1)))))
        .andGiven().successReply(RESERVED)
        .expect().command(new UseCouponCommand(0, 0, 0, 0)).to(CouponChannels.COMMANDS)
        .assertSagaData(d -> assertCommand(d, saga::useCoupon, new UseCouponCommand(ORDER_ID, CUSTOMER, COUPON, 27_000)))
        .andGiven().successReply(new CouponUsed(COUPON, 5_000))
        .expect().command(new DeductPointsCommand(0, 0, 0)).to(CustomerWalletChannels.COMMANDS)
        .assertSagaData(d -> assertCommand(d, saga::deductPoints, new DeductPointsCommand(ORDER_ID, CUSTOMER, 22_000)))
        .andGiven().successReply(new PointsDeducted(CUSTOMER, 22_000, 78_000))
        .expectCompletedSuccessfully();

    InOrder progress = inOrder(orders);
    progress.verify(orders).sagaStarted(eq(ORDER_ID), any());
    progress.verify(orders).cartCleared(ORDER_ID);
    progress.verify(orders).stockReserved(ORDER_ID, List.of(new OrderLine(SHIRT, 2, "shirt", "M", 12_000L),
        new OrderLine(SOCKS, 1, "socks", "free", 3_000L)), 27_000);
    progress.verify(orders).couponUsed(ORDER_ID, 5_000);
    progress.verify(orders).pointsDeducted(ORDER_ID, 22_000);
    progress.verify(orders).confirm(ORDER_ID);
    verify(orders, never()).reject(any(Long.class));
  }

  @Test
  void skipsTheCouponStepWhenTheOrderHasNoCoupon() {
    given().saga(saga, data(null))
        .expect().command(new ClearCartCommand(0, 0, List.of())).to(CartChannels.COMMANDS)
        .andGiven().successReply(new CartCleared(ORDER_ID, 2))
        .expect().command(new ReserveStockCommand(0, List.of())).to(InventoryChannels.COMMANDS)
        .andGiven().successReply(RESERVED)
        .expect().command(new DeductPointsCommand(0, 0, 0)).to(CustomerWalletChannels.COMMANDS)
        .assertSagaData(d -> assertCommand(d, saga::deductPoints, new DeductPointsCommand(ORDER_ID, CUSTOMER, 27_000)))
        .andGiven().successReply(new PointsDeducted(CUSTOMER, 27_000, 0))
        .expectCompletedSuccessfully();

    verify(orders, never()).couponUsed(any(Long.class), any(Long.class));
    verify(orders).confirm(ORDER_ID);
  }

  /** The cart is checked first: an order for items that are not in it fails before anything is reserved or paid. */
  @Test
  void failsAtOnceWhenTheCartDoesNotHoldTheItems() {
    given().saga(saga, data(COUPON))
        .expect().command(new ClearCartCommand(0, 0, List.of())).to(CartChannels.COMMANDS)
        .andGiven().failureReply(new CartItemsMissing(CUSTOMER, List.of(SOCKS)))
        .expectRolledBack();

    ArgumentCaptor<OrderFailure> failure = ArgumentCaptor.forClass(OrderFailure.class);
    InOrder progress = inOrder(orders);
    progress.verify(orders).compensating(eq(ORDER_ID), failure.capture());
    progress.verify(orders).reject(ORDER_ID);
    assertThat(failure.getValue().code()).isEqualTo("CART_ITEMS_MISSING");
    verify(orders, never()).stockReserved(any(Long.class), any(), any(Long.class));
    verify(orders, never()).pointsDeducted(any(Long.class), any(Long.class));
    verify(orders, never()).confirm(any(Long.class));
  }

  @Test
  void restoresTheCartWhenStockIsInsufficient() {
    given().saga(saga, data(COUPON))
        .expect().command(new ClearCartCommand(0, 0, List.of())).to(CartChannels.COMMANDS)
        .andGiven().successReply(new CartCleared(ORDER_ID, 2))
        .expect().command(new ReserveStockCommand(0, List.of())).to(InventoryChannels.COMMANDS)
        .andGiven().failureReply(new InsufficientStock(SOCKS, 1, 0))
        .expect().command(new RestoreCartCommand(0, 0)).to(CartChannels.COMMANDS)
        .assertSagaData(d -> assertCommand(d, saga::restoreCart, new RestoreCartCommand(ORDER_ID, CUSTOMER)))
        .andGiven().successReply(new CartRestored(ORDER_ID, 2))
        .expectRolledBack();

    OrderFailure failure = new OrderFailure("OUT_OF_STOCK", "Not enough stock for product option 200: 1 requested, 0 available");
    InOrder progress = inOrder(orders);
    progress.verify(orders).compensating(ORDER_ID, failure);
    progress.verify(orders).reject(ORDER_ID);
    verify(orders, never()).stockReserved(any(Long.class), any(), any(Long.class));
  }

  @Test
  void releasesStockAndRestoresTheCartWhenTheCouponIsNotUsable() {
    given().saga(saga, data(COUPON))
        .expect().command(new ClearCartCommand(0, 0, List.of())).to(CartChannels.COMMANDS)
        .andGiven().successReply(new CartCleared(ORDER_ID, 2))
        .expect().command(new ReserveStockCommand(0, List.of())).to(InventoryChannels.COMMANDS)
        .andGiven().successReply(RESERVED)
        .expect().command(new UseCouponCommand(0, 0, 0, 0)).to(CouponChannels.COMMANDS)
        .andGiven().failureReply(new CouponNotUsable(COUPON, CouponNotUsable.Reason.EXPIRED, "Coupon 3 expired"))
        .expect().command(new ReleaseStockCommand(0)).to(InventoryChannels.COMMANDS)
        .assertSagaData(d -> assertCommand(d, saga::releaseStock, new ReleaseStockCommand(ORDER_ID)))
        .andGiven().successReply(new StockReleased(ORDER_ID, 2))
        .expect().command(new RestoreCartCommand(0, 0)).to(CartChannels.COMMANDS)
        .andGiven().successReply(new CartRestored(ORDER_ID, 2))
        .expectRolledBack();

    verify(orders).compensating(ORDER_ID, new OrderFailure("COUPON_EXPIRED", "Coupon 3 cannot be used: Coupon 3 expired"));
    verify(orders).reject(ORDER_ID);
  }

  @Test
  void undoesEveryEarlierStepInReverseWhenPointsAreInsufficient() {
    given().saga(saga, data(COUPON))
        .expect().command(new ClearCartCommand(0, 0, List.of())).to(CartChannels.COMMANDS)
        .andGiven().successReply(new CartCleared(ORDER_ID, 2))
        .expect().command(new ReserveStockCommand(0, List.of())).to(InventoryChannels.COMMANDS)
        .andGiven().successReply(RESERVED)
        .expect().command(new UseCouponCommand(0, 0, 0, 0)).to(CouponChannels.COMMANDS)
        .andGiven().successReply(new CouponUsed(COUPON, 5_000))
        .expect().command(new DeductPointsCommand(0, 0, 0)).to(CustomerWalletChannels.COMMANDS)
        .andGiven().failureReply(new InsufficientPoints(CUSTOMER, 22_000, 1_000))
        .expect().command(new RestoreCouponCommand(0, 0)).to(CouponChannels.COMMANDS)
        .assertSagaData(d -> assertCommand(d, saga::restoreCoupon, new RestoreCouponCommand(ORDER_ID, COUPON)))
        .andGiven().successReply(new CouponRestored(COUPON, true))
        .expect().command(new ReleaseStockCommand(0)).to(InventoryChannels.COMMANDS)
        .andGiven().successReply(new StockReleased(ORDER_ID, 2))
        .expect().command(new RestoreCartCommand(0, 0)).to(CartChannels.COMMANDS)
        .andGiven().successReply(new CartRestored(ORDER_ID, 2))
        .expectRolledBack();

    verify(orders).compensating(ORDER_ID, new OrderFailure("INSUFFICIENT_POINTS", "Not enough points: 22000 needed, 1000 available (21000 missing)"));
    verify(orders).reject(ORDER_ID);
    verify(orders, never()).confirm(any(Long.class));
    assertThat(saga.refundPoints(dataAfterCreate()).getCommand()).isEqualTo(new RefundPointsCommand(ORDER_ID, CUSTOMER));
  }

  @Test
  void releasesStockWithoutTouchingCouponsWhenAnOrderWithoutCouponLacksPoints() {
    given().saga(saga, data(null))
        .expect().command(new ClearCartCommand(0, 0, List.of())).to(CartChannels.COMMANDS)
        .andGiven().successReply(new CartCleared(ORDER_ID, 2))
        .expect().command(new ReserveStockCommand(0, List.of())).to(InventoryChannels.COMMANDS)
        .andGiven().successReply(RESERVED)
        .expect().command(new DeductPointsCommand(0, 0, 0)).to(CustomerWalletChannels.COMMANDS)
        .andGiven().failureReply(new InsufficientPoints(CUSTOMER, 27_000, 0))
        .expect().command(new ReleaseStockCommand(0)).to(InventoryChannels.COMMANDS)
        .andGiven().successReply(new StockReleased(ORDER_ID, 2))
        .expect().command(new RestoreCartCommand(0, 0)).to(CartChannels.COMMANDS)
        .andGiven().successReply(new CartRestored(ORDER_ID, 2))
        .expectRolledBack();

    verify(orders).compensating(eq(ORDER_ID), any());
    verify(orders).reject(ORDER_ID);
  }

  @Test
  void usesAStableSagaTypeRatherThanTheClassName() {
    assertThat(saga.getSagaType()).isEqualTo("create-order-saga").doesNotContain(CreateOrderSaga.class.getName());
  }

  private static CreateOrderSagaData dataAfterCreate() {
    return data(COUPON);
  }

  /** The command built from the saga's data, with the order id stamped in its header. */
  private static void assertCommand(CreateOrderSagaData data, Function<CreateOrderSagaData, CommandWithDestination> step, Command expected) {
    CommandWithDestination built = step.apply(data);
    assertThat(built.getCommand()).isEqualTo(expected);
    assertThat(built.getExtraHeaders()).containsEntry(CreateOrderSaga.ORDER_ID_HEADER, String.valueOf(ORDER_ID));
  }
}

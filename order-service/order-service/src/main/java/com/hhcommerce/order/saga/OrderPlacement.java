package com.hhcommerce.order.saga;

import com.hhcommerce.order.api.OrderStatus;
import com.hhcommerce.order.api.SagaState;
import com.hhcommerce.order.domain.Order;
import com.hhcommerce.order.domain.OrderItem;
import com.hhcommerce.order.domain.Orders;
import com.hhcommerce.platform.domain.DomainRefusal;
import io.eventuate.tram.sagas.orchestration.SagaInstanceFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Places an order: in ONE transaction the order row (STARTED), then the saga instance and its first command
 * (to the cart) are written; the CDC sends the command after the commit. The caller gets 202 at once.
 */
@Service
public class OrderPlacement {

  /** About how long a saga takes to end, confirmed or rolled back, on a healthy system. */
  private static final Duration RETRY_AFTER = Duration.ofSeconds(2);

  private final SagaInstanceFactory sagaInstanceFactory;
  private final CreateOrderSaga createOrderSaga;
  private final Orders orders;
  private final TransactionTemplate transaction;

  public OrderPlacement(SagaInstanceFactory sagaInstanceFactory, CreateOrderSaga createOrderSaga, Orders orders,
                        TransactionTemplate transaction) {
    this.sagaInstanceFactory = sagaInstanceFactory;
    this.createOrderSaga = createOrderSaga;
    this.orders = orders;
    this.transaction = transaction;
  }

  public record PlaceOrder(long customerId, List<OrderItem> items, Long userCouponId,
                           String idempotencyKey, String correlationId) {
  }

  /**
   * The order as the answer names it, and whether this call created it (false: an earlier request with the same
   * Idempotency-Key did). A new order is not read back: its id, status and correlation id are known.
   */
  public record Placed(long orderId, OrderStatus status, String correlationId, boolean created) {

    static Placed earlier(Order order) {
      return new Placed(order.id(), order.status(), order.correlationId(), false);
    }
  }

  public Placed place(PlaceOrder request) {
    String hash = hash(request);
    try {
      return transaction.execute(tx -> placeOnce(request, hash));
    } catch (DuplicateKeyException e) {
      // A unique key refused the order. Which one is read from the committed rows, not from the error's text:
      // a concurrent request with the same Idempotency-Key committed first (answer as it was answered), or
      // another order of the customer is in flight.
      if (request.idempotencyKey() != null) {
        Placed earlier = transaction.execute(tx -> replay(request, hash));
        if (earlier != null) {
          return earlier;
        }
      }
      throw inProgress(orders.inFlight(request.customerId()).orElseThrow(() -> e));
    }
  }

  /**
   * One order at a time per customer. A failed order keeps its slot until its steps are rolled back (until
   * then its stock, coupon and points are not yet given back, so a retry could not use them): the answer
   * says so, and when to try again.
   */
  private static DomainRefusal inProgress(Order inFlight) {
    String detail = inFlight.sagaState() == SagaState.COMPENSATING
        ? "Customer %d's previous order %d failed (%s) and is being rolled back; order again in a few seconds"
            .formatted(inFlight.customerId(), inFlight.id(), inFlight.failureReason())
        : "Customer %d already has an order in progress (order %d); order again once it has ended"
            .formatted(inFlight.customerId(), inFlight.id());
    return DomainRefusal.conflict("order-in-progress", detail).with("inFlightOrderId", inFlight.id())
        .with("inFlightOrderStatus", inFlight.status()).retryAfter(RETRY_AFTER);
  }

  private Placed placeOnce(PlaceOrder request, String hash) {
    if (request.idempotencyKey() != null) {
      Placed earlier = replay(request, hash);
      if (earlier != null) {
        return earlier;
      }
    }
    long orderId = orders.create(new Orders.NewOrder(request.customerId(), request.items(), request.userCouponId(),
        request.correlationId(), request.idempotencyKey(), hash));
    sagaInstanceFactory.create(createOrderSaga, new CreateOrderSagaData(orderId, request.customerId(), request.items(),
        request.userCouponId()));
    return new Placed(orderId, SagaState.STARTED.customerStatus(), request.correlationId(), true);
  }

  private Placed replay(PlaceOrder request, String hash) {
    return orders.byIdempotencyKey(request.customerId(), request.idempotencyKey()).map(order -> {
      if (!hash.equals(order.requestHash())) {
        throw DomainRefusal.ruleViolated("idempotency-key-reused", ("Idempotency-Key '%s' was already used for order %d "
            + "with a different request body").formatted(request.idempotencyKey(), order.id())).with("orderId", order.id());
      }
      return Placed.earlier(order);
    }).orElse(null);
  }

  /** Same customer, lines (in any order) and coupon give the same hash. */
  static String hash(PlaceOrder request) {
    String canonical = request.customerId() + "|" + request.items().stream()
        .sorted(Comparator.comparingLong(OrderItem::productOptionId))
        .map(l -> l.productOptionId() + "x" + l.quantity()).collect(Collectors.joining(","))
        + "|" + request.userCouponId();
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

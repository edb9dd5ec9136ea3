package com.hhcommerce.order.domain;

/**
 * What {@link Orders} tells the rest of the service, as Spring application events, inside the transaction that made
 * the change: the step log and the metrics listen. The outcome events for other services go through {@link OrderOutbox}.
 */
public final class OrderLifeEvents {

  private OrderLifeEvents() {
  }

  /** The order's saga has started (its instance is written in this transaction). */
  public record SagaStarted(long orderId, String sagaId) {
  }

  /** The order reached a final state: COMPLETED, COMPENSATED or COMPENSATION_FAILED. */
  public record Ended(Order order) {
  }
}

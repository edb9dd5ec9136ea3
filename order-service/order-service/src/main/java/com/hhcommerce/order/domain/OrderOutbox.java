package com.hhcommerce.order.domain;

/** Where an order's outcome is announced: written to the outbox in the transaction that records the outcome. */
public interface OrderOutbox {

  void confirmed(Order order);

  void rejected(Order order);
}

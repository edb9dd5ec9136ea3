package com.hhcommerce.order.api;

/** The channels of order-service; a channel is a Kafka topic of the same name. */
public final class OrderChannels {

  /** The saga type stored with every CreateOrderSaga instance: stable, never the class name. */
  public static final String CREATE_ORDER_SAGA_TYPE = "create-order-saga";

  /** Where participants reply to the saga's commands (Eventuate's convention: saga type + "-reply"). */
  public static final String CREATE_ORDER_SAGA_REPLIES = CREATE_ORDER_SAGA_TYPE + "-reply";

  /** Replies to the bus ping that order-service sends to check the messaging path end to end. */
  public static final String PING_REPLIES = "order-service-ping-replies";

  /** Domain events of orders (OrderConfirmed, OrderRejected); the aggregate type of Order. */
  public static final String ORDER_EVENTS = "order-events";

  private OrderChannels() {
  }
}

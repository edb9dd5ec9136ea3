package com.hhcommerce.order.saga;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.hhcommerce.order.domain.OrderItem;

import java.util.ArrayList;
import java.util.List;

/**
 * The saga's state, stored as JSON in saga_instance by Eventuate (hence a mutable bean): what the next
 * commands need, and nothing else. Amounts come from the participants' replies: the subtotal from inventory's prices, the
 * discount from the coupon. The order's state and failure live in the orders table, not here.
 */
// sagas stored by an earlier version carry fields this one no longer keeps
@JsonIgnoreProperties(ignoreUnknown = true)
public class CreateOrderSagaData {

  private Long orderId;
  private long customerId;
  private List<OrderItem> lines = new ArrayList<>();
  private Long userCouponId;
  private long subtotal;
  private long discount;

  public CreateOrderSagaData() {
  }

  /** What the saga's commands need of an order just created. */
  public CreateOrderSagaData(long orderId, long customerId, List<OrderItem> lines, Long userCouponId) {
    this.orderId = orderId;
    this.customerId = customerId;
    this.lines = new ArrayList<>(lines);
    this.userCouponId = userCouponId;
  }

  public boolean hasCoupon() {
    return userCouponId != null;
  }

  /** What the customer pays with points: the subtotal less the coupon's discount. */
  public long pointsToPay() {
    return subtotal - discount;
  }

  public Long getOrderId() {
    return orderId;
  }

  public void setOrderId(Long orderId) {
    this.orderId = orderId;
  }

  public long getCustomerId() {
    return customerId;
  }

  public void setCustomerId(long customerId) {
    this.customerId = customerId;
  }

  public List<OrderItem> getLines() {
    return lines;
  }

  public void setLines(List<OrderItem> lines) {
    this.lines = lines;
  }

  public Long getUserCouponId() {
    return userCouponId;
  }

  public void setUserCouponId(Long userCouponId) {
    this.userCouponId = userCouponId;
  }

  public long getSubtotal() {
    return subtotal;
  }

  public void setSubtotal(long subtotal) {
    this.subtotal = subtotal;
  }

  public long getDiscount() {
    return discount;
  }

  public void setDiscount(long discount) {
    this.discount = discount;
  }
}

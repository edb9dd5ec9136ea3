package com.hhcommerce.order.saga;

import com.hhcommerce.inventory.api.ReservedLine;
import com.hhcommerce.order.domain.OrderFailure;

import java.util.ArrayList;
import java.util.List;

/**
 * The saga's state, stored as JSON in saga_instance by Eventuate (hence a mutable bean). Amounts come
 * from the participants' replies: the subtotal from inventory's prices, the discount from the coupon.
 */
public class CreateOrderSagaData {

  public record Line(long productOptionId, int quantity) {
  }

  private Long orderId;
  private long customerId;
  private List<Line> lines = new ArrayList<>();
  private Long userCouponId;
  private String correlationId;
  private String idempotencyKey;
  private String requestHash;
  private List<ReservedLine> reservedLines = new ArrayList<>();
  private long subtotal;
  private long discount;
  private OrderFailure failure;

  public CreateOrderSagaData() {
  }

  public CreateOrderSagaData(long customerId, List<Line> lines, Long userCouponId, String correlationId,
                             String idempotencyKey, String requestHash) {
    this.customerId = customerId;
    this.lines = new ArrayList<>(lines);
    this.userCouponId = userCouponId;
    this.correlationId = correlationId;
    this.idempotencyKey = idempotencyKey;
    this.requestHash = requestHash;
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

  public List<Line> getLines() {
    return lines;
  }

  public void setLines(List<Line> lines) {
    this.lines = lines;
  }

  public Long getUserCouponId() {
    return userCouponId;
  }

  public void setUserCouponId(Long userCouponId) {
    this.userCouponId = userCouponId;
  }

  public String getCorrelationId() {
    return correlationId;
  }

  public void setCorrelationId(String correlationId) {
    this.correlationId = correlationId;
  }

  public String getIdempotencyKey() {
    return idempotencyKey;
  }

  public void setIdempotencyKey(String idempotencyKey) {
    this.idempotencyKey = idempotencyKey;
  }

  public String getRequestHash() {
    return requestHash;
  }

  public void setRequestHash(String requestHash) {
    this.requestHash = requestHash;
  }

  public List<ReservedLine> getReservedLines() {
    return reservedLines;
  }

  public void setReservedLines(List<ReservedLine> reservedLines) {
    this.reservedLines = reservedLines;
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

  public OrderFailure getFailure() {
    return failure;
  }

  public void setFailure(OrderFailure failure) {
    this.failure = failure;
  }
}

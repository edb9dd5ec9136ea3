package com.hhcommerce.order.domain;

import com.hhcommerce.order.api.OrderStatus;
import com.hhcommerce.order.api.SagaState;

import java.time.Instant;
import java.util.List;

public record Order(long id, long customerId, SagaState sagaState, OrderStatus status, Long userCouponId,
                    Long subtotal, Long discount, Long paidWithPoints, String failureCode, String failureReason,
                    String sagaId, String correlationId, String idempotencyKey, String requestHash,
                    Instant createdAt, Instant updatedAt, List<OrderLine> lines) {
}

-- Orders whose points were refunded, also when there was nothing to refund: a deduction that comes after its refund
-- (parked, then re-driven once the saga had given up) must not take points that nobody would give back.
CREATE TABLE refunded_order (
  order_id    BIGINT       NOT NULL PRIMARY KEY,
  refunded_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
);

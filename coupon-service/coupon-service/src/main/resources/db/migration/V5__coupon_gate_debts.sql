-- Places the first-come gate (Redis) still holds for customers the database did not issue the coupon to:
-- written when giving a place back failed because Redis was down, removed once it has been given back.
CREATE TABLE coupon_gate_debt (
  coupon_id   BIGINT      NOT NULL,
  customer_id BIGINT      NOT NULL,
  owed_since  DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (coupon_id, customer_id)
);

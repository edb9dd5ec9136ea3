-- Orders whose coupon use was undone, also when there was nothing to undo: a use that comes after its restore (parked,
-- then re-driven once the saga had given up) must not take a coupon that nobody would give back.
CREATE TABLE restored_coupon_use (
  order_id       BIGINT       NOT NULL PRIMARY KEY,
  user_coupon_id BIGINT       NOT NULL,
  restored_at    TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
);

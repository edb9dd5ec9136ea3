-- Orders whose stock was released, also when there was nothing to release: a reserve that comes after its release
-- (parked, then re-driven once the saga had given up) must not take stock that nobody would give back.
CREATE TABLE released_order (
  order_id    BIGINT       NOT NULL PRIMARY KEY,
  released_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
);

CREATE TABLE cart_item (
  customer_id       BIGINT       NOT NULL,
  product_option_id BIGINT       NOT NULL,
  quantity          INT          NOT NULL,
  added_at          TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at        TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  PRIMARY KEY (customer_id, product_option_id),
  CONSTRAINT ck_cart_item_quantity CHECK (quantity > 0)
);

-- What ClearCartCommand removed for an order, so RestoreCartCommand can put exactly that back, once.
CREATE TABLE cart_snapshot (
  order_id    BIGINT       NOT NULL PRIMARY KEY,
  customer_id BIGINT       NOT NULL,
  lines_json  TEXT         NOT NULL,
  status      VARCHAR(16)  NOT NULL,
  cleared_at  TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  restored_at TIMESTAMP(3) NULL,
  CONSTRAINT ck_cart_snapshot_status CHECK (status IN ('CLEARED', 'RESTORED'))
);

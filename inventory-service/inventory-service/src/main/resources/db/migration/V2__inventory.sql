CREATE TABLE product (
  id         BIGINT AUTO_INCREMENT PRIMARY KEY,
  name       VARCHAR(200) NOT NULL,
  created_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
);

-- Stock is changed only by guarded updates (stock >= ?); the CHECK is the last line of defence.
CREATE TABLE product_option (
  id         BIGINT AUTO_INCREMENT PRIMARY KEY,
  product_id BIGINT       NOT NULL,
  name       VARCHAR(200) NOT NULL,
  price      BIGINT       NOT NULL,
  stock      INT          NOT NULL,
  -- stock when the option was created: initial_stock + adjustments = stock + quantities still reserved
  initial_stock INT       NOT NULL,
  updated_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  CONSTRAINT fk_option_product FOREIGN KEY (product_id) REFERENCES product (id),
  CONSTRAINT ck_option_price CHECK (price >= 0),
  CONSTRAINT ck_option_stock CHECK (stock >= 0)
);

-- What each order holds: a redelivered ReserveStockCommand finds its rows and changes nothing;
-- ReleaseStockCommand gives back exactly these quantities, once (status RESERVED -> RELEASED).
CREATE TABLE stock_reservation (
  order_id          BIGINT      NOT NULL,
  product_option_id BIGINT      NOT NULL,
  quantity          INT         NOT NULL,
  unit_price        BIGINT      NOT NULL,
  status            VARCHAR(16) NOT NULL,
  reserved_at       TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  released_at       TIMESTAMP(3) NULL,
  PRIMARY KEY (order_id, product_option_id),
  CONSTRAINT fk_reservation_option FOREIGN KEY (product_option_id) REFERENCES product_option (id),
  CONSTRAINT ck_reservation_quantity CHECK (quantity > 0)
);

-- Every stock change made through the REST API, so that stock can be audited.
CREATE TABLE stock_adjustment (
  id                BIGINT AUTO_INCREMENT PRIMARY KEY,
  product_option_id BIGINT       NOT NULL,
  delta             INT          NOT NULL,
  reason            VARCHAR(200) NOT NULL,
  stock_after       INT          NOT NULL,
  created_at        TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  CONSTRAINT fk_adjustment_option FOREIGN KEY (product_option_id) REFERENCES product_option (id)
);

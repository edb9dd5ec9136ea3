-- The seed's monolith: the five domains' tables side by side in one database, so that placing an order
-- is ONE local transaction. Only what the order path reads and writes.
CREATE TABLE product_option (
  id    BIGINT PRIMARY KEY,
  name  VARCHAR(200) NOT NULL,
  price BIGINT       NOT NULL,
  stock INT          NOT NULL,
  CONSTRAINT ck_option_stock CHECK (stock >= 0)
);

CREATE TABLE customer (
  id            BIGINT PRIMARY KEY,
  name          VARCHAR(200) NOT NULL,
  point_balance BIGINT       NOT NULL,
  CONSTRAINT ck_customer_balance CHECK (point_balance >= 0)
);

CREATE TABLE point_ledger (
  id            BIGINT AUTO_INCREMENT PRIMARY KEY,
  customer_id   BIGINT       NOT NULL,
  entry_type    VARCHAR(16)  NOT NULL,
  amount        BIGINT       NOT NULL,
  order_id      BIGINT       NULL,
  balance_after BIGINT       NOT NULL,
  created_at    TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
);

CREATE TABLE user_coupon (
  id             BIGINT PRIMARY KEY,
  customer_id    BIGINT      NOT NULL,
  discount       BIGINT      NOT NULL,
  min_order      BIGINT      NOT NULL,
  status         VARCHAR(16) NOT NULL,
  order_id       BIGINT      NULL
);

CREATE TABLE cart_item (
  customer_id       BIGINT NOT NULL,
  product_option_id BIGINT NOT NULL,
  quantity          INT    NOT NULL,
  PRIMARY KEY (customer_id, product_option_id)
);

CREATE TABLE orders (
  id               BIGINT AUTO_INCREMENT PRIMARY KEY,
  customer_id      BIGINT       NOT NULL,
  status           VARCHAR(16)  NOT NULL,
  user_coupon_id   BIGINT       NULL,
  subtotal         BIGINT       NOT NULL,
  discount         BIGINT       NOT NULL,
  paid_with_points BIGINT       NOT NULL,
  created_at       TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
);

CREATE TABLE order_line (
  order_id          BIGINT NOT NULL,
  product_option_id BIGINT NOT NULL,
  quantity          INT    NOT NULL,
  unit_price        BIGINT NOT NULL,
  PRIMARY KEY (order_id, product_option_id)
);

-- saga_state is the seed's internal state (STARTED .. COMPENSATION_FAILED); status is what the customer
-- sees (PROCESSING, CONFIRMED, FAILED), kept in step with it for queries.
-- in_flight_customer_id holds the customer id while the order is not finished and NULL afterwards:
-- its unique key lets the database refuse a second order in flight, with no check-then-insert race.
CREATE TABLE orders (
  id                    BIGINT AUTO_INCREMENT PRIMARY KEY,
  customer_id           BIGINT       NOT NULL,
  saga_state            VARCHAR(32)  NOT NULL,
  status                VARCHAR(16)  NOT NULL,
  user_coupon_id        BIGINT       NULL,
  subtotal              BIGINT       NULL,
  discount              BIGINT       NULL,
  paid_with_points      BIGINT       NULL,
  failure_code          VARCHAR(64)  NULL,
  failure_reason        VARCHAR(500) NULL,
  saga_id               VARCHAR(100) NULL,
  correlation_id        VARCHAR(100) NOT NULL,
  idempotency_key       VARCHAR(100) NULL,
  request_hash          CHAR(64)     NULL,
  in_flight_customer_id BIGINT       NULL,
  created_at            TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at            TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  CONSTRAINT uk_orders_one_in_flight UNIQUE (in_flight_customer_id),
  CONSTRAINT uk_orders_idempotency_key UNIQUE (customer_id, idempotency_key),
  CONSTRAINT ck_orders_status CHECK (status IN ('PROCESSING', 'CONFIRMED', 'FAILED'))
);
CREATE INDEX ix_orders_customer ON orders (customer_id, id);
CREATE INDEX ix_orders_saga ON orders (saga_id);

-- Names and unit prices come from inventory's StockReserved reply, never from the client.
CREATE TABLE order_line (
  order_id          BIGINT       NOT NULL,
  product_option_id BIGINT       NOT NULL,
  quantity          INT          NOT NULL,
  product_name      VARCHAR(200) NULL,
  option_name       VARCHAR(200) NULL,
  unit_price        BIGINT       NULL,
  PRIMARY KEY (order_id, product_option_id),
  CONSTRAINT fk_order_line_order FOREIGN KEY (order_id) REFERENCES orders (id),
  CONSTRAINT ck_order_line_quantity CHECK (quantity > 0)
);

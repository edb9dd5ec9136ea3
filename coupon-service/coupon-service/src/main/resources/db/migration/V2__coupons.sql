CREATE TABLE coupon (
  id               BIGINT AUTO_INCREMENT PRIMARY KEY,
  name             VARCHAR(200) NOT NULL,
  discount_type    VARCHAR(16)  NOT NULL,
  discount_value   BIGINT       NOT NULL,
  max_discount     BIGINT       NULL,
  min_order_amount BIGINT       NOT NULL DEFAULT 0,
  valid_from       TIMESTAMP(3) NOT NULL,
  valid_until      TIMESTAMP(3) NOT NULL,
  total_quantity   INT          NOT NULL,
  issued_quantity  INT          NOT NULL DEFAULT 0,
  created_at       TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  CONSTRAINT ck_coupon_type CHECK (discount_type IN ('FIXED', 'PERCENTAGE')),
  CONSTRAINT ck_coupon_value CHECK (discount_value > 0 AND (discount_type = 'FIXED' OR discount_value <= 100)),
  CONSTRAINT ck_coupon_issued CHECK (issued_quantity >= 0 AND issued_quantity <= total_quantity),
  CONSTRAINT ck_coupon_period CHECK (valid_until > valid_from)
);

-- A coupon issued to a customer. USED carries the order that used it: RestoreCouponCommand only
-- undoes that order's use, and a redelivered UseCouponCommand for the same order changes nothing.
CREATE TABLE user_coupon (
  id          BIGINT AUTO_INCREMENT PRIMARY KEY,
  coupon_id   BIGINT       NOT NULL,
  customer_id BIGINT       NOT NULL,
  status      VARCHAR(16)  NOT NULL DEFAULT 'AVAILABLE',
  order_id    BIGINT       NULL,
  discount    BIGINT       NULL,
  issued_at   TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  used_at     TIMESTAMP(3) NULL,
  CONSTRAINT fk_user_coupon_coupon FOREIGN KEY (coupon_id) REFERENCES coupon (id),
  CONSTRAINT uk_user_coupon_once_per_customer UNIQUE (coupon_id, customer_id),
  CONSTRAINT ck_user_coupon_status CHECK (status IN ('AVAILABLE', 'USED')),
  CONSTRAINT ck_user_coupon_used CHECK ((status = 'USED') = (order_id IS NOT NULL))
);
CREATE INDEX ix_user_coupon_customer ON user_coupon (customer_id);

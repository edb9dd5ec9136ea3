CREATE TABLE customer (
  id            BIGINT AUTO_INCREMENT PRIMARY KEY,
  name          VARCHAR(200) NOT NULL,
  point_balance BIGINT       NOT NULL DEFAULT 0,
  created_at    TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at    TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  CONSTRAINT ck_customer_balance CHECK (point_balance >= 0)
);

-- Every change of a balance. At most one DEDUCT and one REFUND per order, at most one CHARGE per
-- client request id: a redelivered command or a retried request finds its entry and changes nothing.
-- balance = sum(CHARGE) - sum(DEDUCT) + sum(REFUND), which the reliability audit checks.
CREATE TABLE point_ledger (
  id            BIGINT AUTO_INCREMENT PRIMARY KEY,
  customer_id   BIGINT       NOT NULL,
  entry_type    VARCHAR(16)  NOT NULL,
  amount        BIGINT       NOT NULL,
  order_id      BIGINT       NULL,
  request_id    VARCHAR(100) NULL,
  balance_after BIGINT       NOT NULL,
  created_at    TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  CONSTRAINT fk_ledger_customer FOREIGN KEY (customer_id) REFERENCES customer (id),
  CONSTRAINT ck_ledger_type CHECK (entry_type IN ('CHARGE', 'DEDUCT', 'REFUND')),
  CONSTRAINT ck_ledger_amount CHECK (amount >= 0),
  CONSTRAINT uk_ledger_order UNIQUE (order_id, entry_type),
  CONSTRAINT uk_ledger_request UNIQUE (customer_id, request_id)
);

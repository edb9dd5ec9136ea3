-- Customers' email addresses, learnt from customer-events (null: the customer gave none)
CREATE TABLE customer_contact (
  customer_id BIGINT       PRIMARY KEY,
  email       VARCHAR(254) NULL
);

-- One row per order event, the record of its notification: a replayed event finds it and sends nothing again.
-- outcome: SENT, FAILED (the mail server refused or was away: logged, counted, not retried), SKIPPED (no address)
CREATE TABLE notification (
  event_id    VARCHAR(36)  PRIMARY KEY,
  event_type  VARCHAR(40)  NOT NULL,
  order_id    BIGINT       NOT NULL,
  customer_id BIGINT       NOT NULL,
  recipient   VARCHAR(254) NULL,
  outcome     VARCHAR(16)  NOT NULL,
  reason      VARCHAR(1000) NULL,
  created_at  DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
);

-- One row per order event for the data platform, written before the first attempt: an event is delivered
-- (delivered_at set) or waits here to be retried, so none is lost. claimed_until leases a due row to one
-- retrying instance at a time.
CREATE TABLE platform_delivery (
  event_id        VARCHAR(36)   PRIMARY KEY,
  event_type      VARCHAR(40)   NOT NULL,
  payload         MEDIUMTEXT    NOT NULL,
  attempts        INT           NOT NULL DEFAULT 0,
  last_error      VARCHAR(1000) NULL,
  next_attempt_at DATETIME(3)   NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  claimed_by      VARCHAR(36)   NULL,
  claimed_until   DATETIME(3)   NULL,
  delivered_at    DATETIME(3)   NULL,
  created_at      DATETIME(3)   NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  KEY ix_platform_delivery_due (delivered_at, next_attempt_at)
);

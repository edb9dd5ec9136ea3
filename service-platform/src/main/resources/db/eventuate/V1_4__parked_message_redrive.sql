-- A parked message can be re-driven (put back into this service's outbox under its own id). The mark is on the row;
-- every attempt, done or refused, is a line of parked_message_redrive, which retention keeps.
-- A re-drive moves the reason aside and leaves reason empty: the parking statement (ON DUPLICATE KEY UPDATE reason = ...)
-- then changes the row when the message fails again, so a non-empty reason means "parked", and parked_at (now updated
-- on every change the re-drive does not pin) says when it was parked last.
ALTER TABLE parked_message
  MODIFY parked_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  ADD COLUMN redriven_at     TIMESTAMP(3) NULL,
  ADD COLUMN redriven_by     VARCHAR(255) NULL,
  ADD COLUMN redriven_reason TEXT         NULL;

CREATE TABLE parked_message_redrive (
  id                BIGINT AUTO_INCREMENT PRIMARY KEY,
  parked_message_id BIGINT       NOT NULL,
  subscriber_id     VARCHAR(255) NOT NULL,
  message_id        VARCHAR(255) NOT NULL,
  operator          VARCHAR(255) NOT NULL,
  outcome           VARCHAR(16)  NOT NULL,
  detail            VARCHAR(1000) NULL,
  at                TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
);
CREATE INDEX ix_parked_message_redrive_parked ON parked_message_redrive (parked_message_id);

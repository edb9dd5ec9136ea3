-- The saga's history, written by order-service in the same transaction as the saga's progress: every
-- command sent and reply received, with the saga's own step names. Eventuate's saga_instance keeps only
-- the current step, as an index inside JSON, and no times.
CREATE TABLE saga_step_log (
  id            BIGINT AUTO_INCREMENT PRIMARY KEY,
  order_id      BIGINT       NOT NULL,
  saga_id       VARCHAR(100) NULL,
  step          VARCHAR(64)  NOT NULL,   -- 'reserve stock', 'release stock', 'confirm order', ...
  compensation  BOOLEAN      NOT NULL,   -- true for a step that undoes an earlier one
  kind          VARCHAR(16)  NOT NULL,   -- COMMAND, REPLY, STALE_REPLY, LOCAL, OPERATOR
  participant   VARCHAR(64)  NULL,       -- the channel a command went to or a reply came from
  message_type  VARCHAR(100) NULL,       -- ReserveStockCommand, InsufficientStock, ...
  outcome       VARCHAR(16)  NULL,       -- SENT, SUCCESS, FAILURE, IGNORED
  reason        VARCHAR(500) NULL,
  message_id    VARCHAR(100) NULL,
  headers       TEXT         NULL,       -- a command's headers: what a re-send needs
  payload       MEDIUMTEXT   NULL,
  at            TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
);
CREATE INDEX ix_saga_step_log_order ON saga_step_log (order_id, id);
CREATE INDEX ix_saga_step_log_message ON saga_step_log (message_id);

-- Sagas the detector found without an end state after hh.support.stuck-after (seed 9.4: 5 minutes).
-- A row stays as history; a saga counts as stuck while its order has not ended.
CREATE TABLE stuck_saga (
  saga_id      VARCHAR(100) PRIMARY KEY,
  order_id     BIGINT       NOT NULL,
  waiting_step VARCHAR(64)  NULL,
  detected_at  TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
);

-- Every operator action, done or refused: who, when, why and what happened.
CREATE TABLE support_action (
  id            BIGINT AUTO_INCREMENT PRIMARY KEY,
  saga_id       VARCHAR(100) NOT NULL,
  order_id      BIGINT       NULL,
  action        VARCHAR(32)  NOT NULL,   -- RESEND_COMMAND, START_COMPENSATION
  operator      VARCHAR(100) NOT NULL,
  reason        VARCHAR(500) NOT NULL,
  step          VARCHAR(64)  NULL,       -- the step the saga was waiting on
  outcome       VARCHAR(16)  NOT NULL,   -- DONE, REFUSED
  detail        VARCHAR(500) NULL,
  at            TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
);
CREATE INDEX ix_support_action_saga ON support_action (saga_id, id);

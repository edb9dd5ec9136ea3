-- A notification's row is now written before its mail leaves, as SENDING (the claim), and marked SENT or FAILED
-- after; SKIPPED (no address) is written at once. A row still SENDING after its event was redelivered was
-- interrupted (a crash): the mail may or may not have left, and it is never sent again.
ALTER TABLE notification
  MODIFY outcome VARCHAR(16) NOT NULL COMMENT 'SENDING (claimed, mail not confirmed), SENT, FAILED, SKIPPED',
  ADD CONSTRAINT ck_notification_outcome CHECK (outcome IN ('SENDING', 'SENT', 'FAILED', 'SKIPPED'));

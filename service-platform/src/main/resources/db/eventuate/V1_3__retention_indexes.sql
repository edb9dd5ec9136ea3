-- Retention deletes the oldest rows in batches: found through an index on their time, not a scan of the table.
CREATE INDEX ix_received_messages_creation_time ON received_messages (creation_time);
CREATE INDEX ix_parked_message_parked_at ON parked_message (parked_at);
-- The outbox's (published, id) index serves Eventuate's polling reader only, which we do not use (the CDC reads the
-- binlog); one on creation_time serves the CDC's retention instead, so an insert still maintains one index.
DROP INDEX message_published_idx ON message;
CREATE INDEX ix_message_creation_time ON message (creation_time);

-- Retention deletes the oldest rows in batches: by time, through an index rather than a scan of the table.
CREATE INDEX ix_received_messages_creation_time ON received_messages (creation_time);
CREATE INDEX ix_parked_message_parked_at ON parked_message (parked_at);

-- An ended order keeps its outcome for good; its saga history (saga_instance, saga_step_log, stuck_saga) is
-- deleted after the support window (SagaHistoryRetention), which this column records. The index lets retention
-- find the oldest ended orders whose history is still kept without reading the others.
ALTER TABLE orders ADD COLUMN saga_history_deleted BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX ix_orders_saga_history ON orders (saga_history_deleted, updated_at);

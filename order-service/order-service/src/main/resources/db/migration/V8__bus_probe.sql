-- The probes order-service sends itself through its own outbox, the CDC and Kafka (BusProbes): a step's deadline
-- starts when the first probe written at or after the step's command has come back, since the CDC publishes the
-- outbox in binlog order. sent_at is the database's time, like saga_step_log.at, which it is compared with;
-- returned_at is order-service's clock, which the deadline check measures with. Deleted after hh.bus.probe.keep.
CREATE TABLE bus_probe (
  id           BIGINT AUTO_INCREMENT PRIMARY KEY,
  message_id   VARCHAR(100) NOT NULL UNIQUE,
  sent_at      DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  returned_at  DATETIME(3)  NULL
);
CREATE INDEX ix_bus_probe_sent ON bus_probe (sent_at, returned_at);

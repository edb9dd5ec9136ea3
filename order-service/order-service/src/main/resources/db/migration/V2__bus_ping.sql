-- One row per ping sent by POST /support/bus/pings: proves outbox -> CDC -> Kafka -> participant -> back.
CREATE TABLE bus_ping (
  id           BIGINT AUTO_INCREMENT PRIMARY KEY,
  participant  VARCHAR(64)  NOT NULL,
  channel      VARCHAR(128) NOT NULL,
  command_id   VARCHAR(255) NOT NULL UNIQUE,
  sent_at      TIMESTAMP(3) NOT NULL,
  answered_by  VARCHAR(64),
  replied_at   TIMESTAMP(3),
  replies      INT NOT NULL DEFAULT 0
);

-- Eventuate Tram's tables, in the service's own database (eventuate.database.schema = that database).
-- message is the outbox the CDC tails; received_messages is the consumer's duplicate detection.
CREATE TABLE message (
  id                VARCHAR(255) PRIMARY KEY,
  destination       LONGTEXT NOT NULL,
  headers           LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NOT NULL,
  payload           LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NOT NULL,
  published         SMALLINT DEFAULT 0,
  message_partition SMALLINT,
  creation_time     BIGINT
);
CREATE INDEX message_published_idx ON message (published, id);

CREATE TABLE received_messages (
  consumer_id   VARCHAR(255),
  message_id    VARCHAR(255),
  creation_time BIGINT,
  published     SMALLINT DEFAULT 0,
  PRIMARY KEY (consumer_id, message_id)
);

CREATE TABLE offset_store (
  client_name       VARCHAR(255) NOT NULL PRIMARY KEY,
  serialized_offset LONGTEXT
);


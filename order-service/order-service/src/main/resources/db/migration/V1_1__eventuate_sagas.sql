-- Eventuate Tram Sagas' tables. The saga data and stashed payload columns are TEXT rather than the
-- upstream VARCHAR(1000): order lines and cart snapshots do not fit in 1000 characters.
CREATE TABLE saga_instance_participants (
  saga_type   VARCHAR(255) NOT NULL,
  saga_id     VARCHAR(100) NOT NULL,
  destination VARCHAR(100) NOT NULL,
  resource    VARCHAR(100) NOT NULL,
  PRIMARY KEY (saga_type, saga_id, destination, resource)
);

CREATE TABLE saga_instance (
  saga_type       VARCHAR(255) NOT NULL,
  saga_id         VARCHAR(100) NOT NULL,
  state_name      VARCHAR(100) NOT NULL,
  last_request_id VARCHAR(100),
  end_state       INT(1),
  compensating    INT(1),
  failed          INT(1),
  saga_data_type  VARCHAR(1000) NOT NULL,
  saga_data_json  MEDIUMTEXT NOT NULL,
  PRIMARY KEY (saga_type, saga_id)
);

CREATE TABLE saga_lock_table (
  target    VARCHAR(100) PRIMARY KEY,
  saga_type VARCHAR(255) NOT NULL,
  saga_Id   VARCHAR(100) NOT NULL
);

CREATE TABLE saga_stash_table (
  message_id      VARCHAR(100) PRIMARY KEY,
  target          VARCHAR(100) NOT NULL,
  saga_type       VARCHAR(255) NOT NULL,
  saga_id         VARCHAR(100) NOT NULL,
  message_headers TEXT NOT NULL,
  message_payload MEDIUMTEXT NOT NULL
);

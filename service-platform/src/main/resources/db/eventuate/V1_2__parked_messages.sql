-- Messages a handler could not process for a reason that retrying does not cure (a malformed payload,
-- an unknown command type, a bug). They are kept here with the reason instead of stopping the channel.
CREATE TABLE parked_message (
  id            BIGINT AUTO_INCREMENT PRIMARY KEY,
  subscriber_id VARCHAR(255) NOT NULL,
  message_id    VARCHAR(255) NOT NULL,
  destination   VARCHAR(255) NULL,
  headers       MEDIUMTEXT   NOT NULL,
  payload       MEDIUMTEXT   NOT NULL,
  reason        TEXT         NOT NULL,
  parked_at     TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  CONSTRAINT uk_parked_message UNIQUE (subscriber_id, message_id)
);

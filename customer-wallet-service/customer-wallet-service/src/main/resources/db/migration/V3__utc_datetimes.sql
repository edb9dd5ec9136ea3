-- Instants are stored as DATETIME(3) in UTC: TIMESTAMP ends in January 2038 and starts in 1970, so a
-- coupon valid until 2099 could not be stored. Every session runs in UTC (the JDBC URL sets it); this
-- one too, so that the values already stored keep their instant.
SET time_zone = '+00:00';

ALTER TABLE customer
  MODIFY created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  MODIFY updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3);
ALTER TABLE point_ledger
  MODIFY created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3);
ALTER TABLE parked_message
  MODIFY parked_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3);

-- The customers that exist, as customer-wallet-service's CustomerRegistered events told this service: a
-- coupon is issued only to a customer it has heard of. Written only by the event handler.
CREATE TABLE known_customer (
  customer_id BIGINT      NOT NULL PRIMARY KEY,
  known_since DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
);

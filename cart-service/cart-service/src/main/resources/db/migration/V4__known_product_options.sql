-- The product options that exist, as inventory-service's ProductCreated events told this service: a cart
-- refuses an option it has not heard of. Written only by the event handler; rows are never deleted.
CREATE TABLE known_product_option (
  product_option_id BIGINT      NOT NULL PRIMARY KEY,
  product_id        BIGINT      NOT NULL,
  known_since       DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
);

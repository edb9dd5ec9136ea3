-- Databases and users of hh-commerce on one MySQL 8 / MariaDB server with ROW binlog.
-- Used by the local stack and mounted by docker-compose.yml into MySQL's init folder.
-- Each service owns one database (its tables, outbox and Eventuate tables, all migrated by Flyway)
-- and can reach nothing else. The passwords are the local stack's; docker-compose.yml replaces each with the one its
-- .env gives (deploy/mysql-passwords.sh).
-- Users exist for '%' and for 'localhost': an installation's anonymous ''@'localhost' would otherwise
-- shadow 'user'@'%' on local connections.

CREATE DATABASE IF NOT EXISTS order_service CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE DATABASE IF NOT EXISTS inventory_service CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE DATABASE IF NOT EXISTS coupon_service CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE DATABASE IF NOT EXISTS customer_wallet_service CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE DATABASE IF NOT EXISTS cart_service CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE DATABASE IF NOT EXISTS ranking_service CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE DATABASE IF NOT EXISTS relay_service CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE DATABASE IF NOT EXISTS monolith CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE DATABASE IF NOT EXISTS cdc CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE USER IF NOT EXISTS 'order_service'@'%' IDENTIFIED BY 'order_service';
CREATE USER IF NOT EXISTS 'order_service'@'localhost' IDENTIFIED BY 'order_service';
GRANT ALL PRIVILEGES ON order_service.* TO 'order_service'@'%';
GRANT ALL PRIVILEGES ON order_service.* TO 'order_service'@'localhost';

CREATE USER IF NOT EXISTS 'inventory_service'@'%' IDENTIFIED BY 'inventory_service';
CREATE USER IF NOT EXISTS 'inventory_service'@'localhost' IDENTIFIED BY 'inventory_service';
GRANT ALL PRIVILEGES ON inventory_service.* TO 'inventory_service'@'%';
GRANT ALL PRIVILEGES ON inventory_service.* TO 'inventory_service'@'localhost';

CREATE USER IF NOT EXISTS 'coupon_service'@'%' IDENTIFIED BY 'coupon_service';
CREATE USER IF NOT EXISTS 'coupon_service'@'localhost' IDENTIFIED BY 'coupon_service';
GRANT ALL PRIVILEGES ON coupon_service.* TO 'coupon_service'@'%';
GRANT ALL PRIVILEGES ON coupon_service.* TO 'coupon_service'@'localhost';

CREATE USER IF NOT EXISTS 'customer_wallet_service'@'%' IDENTIFIED BY 'customer_wallet_service';
CREATE USER IF NOT EXISTS 'customer_wallet_service'@'localhost' IDENTIFIED BY 'customer_wallet_service';
GRANT ALL PRIVILEGES ON customer_wallet_service.* TO 'customer_wallet_service'@'%';
GRANT ALL PRIVILEGES ON customer_wallet_service.* TO 'customer_wallet_service'@'localhost';

CREATE USER IF NOT EXISTS 'cart_service'@'%' IDENTIFIED BY 'cart_service';
CREATE USER IF NOT EXISTS 'cart_service'@'localhost' IDENTIFIED BY 'cart_service';
GRANT ALL PRIVILEGES ON cart_service.* TO 'cart_service'@'%';
GRANT ALL PRIVILEGES ON cart_service.* TO 'cart_service'@'localhost';

CREATE USER IF NOT EXISTS 'ranking_service'@'%' IDENTIFIED BY 'ranking_service';
CREATE USER IF NOT EXISTS 'ranking_service'@'localhost' IDENTIFIED BY 'ranking_service';
GRANT ALL PRIVILEGES ON ranking_service.* TO 'ranking_service'@'localhost';
GRANT ALL PRIVILEGES ON ranking_service.* TO 'ranking_service'@'%';

CREATE USER IF NOT EXISTS 'relay_service'@'%' IDENTIFIED BY 'relay_service';
CREATE USER IF NOT EXISTS 'relay_service'@'localhost' IDENTIFIED BY 'relay_service';
GRANT ALL PRIVILEGES ON relay_service.* TO 'relay_service'@'%';
GRANT ALL PRIVILEGES ON relay_service.* TO 'relay_service'@'localhost';

-- The benchmark's baseline: the seed's monolith, every table in one database.
CREATE USER IF NOT EXISTS 'monolith'@'%' IDENTIFIED BY 'monolith';
CREATE USER IF NOT EXISTS 'monolith'@'localhost' IDENTIFIED BY 'monolith';
GRANT ALL PRIVILEGES ON monolith.* TO 'monolith'@'%';
GRANT ALL PRIVILEGES ON monolith.* TO 'monolith'@'localhost';

-- The CDC reads the binlog and keeps its probes in its own database. Of the services' databases it reads and deletes
-- the outbox table only (message): the rows it publishes and, once published, ends. A grant on a table that does not
-- exist yet (Flyway creates it when the service first starts) must include CREATE, which lets the CDC create no
-- table but that one.
CREATE USER IF NOT EXISTS 'cdc'@'%' IDENTIFIED BY 'cdc';
CREATE USER IF NOT EXISTS 'cdc'@'localhost' IDENTIFIED BY 'cdc';
GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO 'cdc'@'%';
GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO 'cdc'@'localhost';
GRANT ALL PRIVILEGES ON cdc.* TO 'cdc'@'%';
GRANT ALL PRIVILEGES ON cdc.* TO 'cdc'@'localhost';
GRANT CREATE, SELECT, DELETE ON order_service.message TO 'cdc'@'%';
GRANT CREATE, SELECT, DELETE ON order_service.message TO 'cdc'@'localhost';
GRANT CREATE, SELECT, DELETE ON inventory_service.message TO 'cdc'@'%';
GRANT CREATE, SELECT, DELETE ON inventory_service.message TO 'cdc'@'localhost';
GRANT CREATE, SELECT, DELETE ON coupon_service.message TO 'cdc'@'%';
GRANT CREATE, SELECT, DELETE ON coupon_service.message TO 'cdc'@'localhost';
GRANT CREATE, SELECT, DELETE ON customer_wallet_service.message TO 'cdc'@'%';
GRANT CREATE, SELECT, DELETE ON customer_wallet_service.message TO 'cdc'@'localhost';
GRANT CREATE, SELECT, DELETE ON cart_service.message TO 'cdc'@'%';
GRANT CREATE, SELECT, DELETE ON cart_service.message TO 'cdc'@'localhost';
GRANT CREATE, SELECT, DELETE ON ranking_service.message TO 'cdc'@'%';
GRANT CREATE, SELECT, DELETE ON ranking_service.message TO 'cdc'@'localhost';
GRANT CREATE, SELECT, DELETE ON relay_service.message TO 'cdc'@'%';
GRANT CREATE, SELECT, DELETE ON relay_service.message TO 'cdc'@'localhost';

-- The CDC's publishing watchdog writes its probes here; the "probe" pipeline publishes them like any outbox.
CREATE TABLE IF NOT EXISTS cdc.message (
  id                VARCHAR(255) PRIMARY KEY,
  destination       LONGTEXT NOT NULL,
  headers           LONGTEXT NOT NULL,
  payload           LONGTEXT NOT NULL,
  published         SMALLINT DEFAULT 0,
  message_partition SMALLINT,
  creation_time     BIGINT,
  KEY ix_message_creation_time (creation_time)
);

CREATE TABLE IF NOT EXISTS cdc.cdc_monitoring (
  reader_id VARCHAR(255) PRIMARY KEY,
  last_time BIGINT
);
FLUSH PRIVILEGES;

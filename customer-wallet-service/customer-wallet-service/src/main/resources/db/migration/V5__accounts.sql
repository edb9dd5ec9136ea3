-- Who may sign in: a customer (one account per customer row) or a member of the shop's staff (an operator or
-- support). The email is stored lower-case; the password only as a salted adaptive hash.
CREATE TABLE account (
  id            BIGINT AUTO_INCREMENT PRIMARY KEY,
  email         VARCHAR(254) NOT NULL,
  password_hash VARCHAR(200) NOT NULL,
  role          VARCHAR(16)  NOT NULL,
  customer_id   BIGINT       NULL,
  disabled      BOOLEAN      NOT NULL DEFAULT FALSE,
  created_at    DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  CONSTRAINT uk_account_email UNIQUE (email),
  CONSTRAINT uk_account_customer UNIQUE (customer_id),
  CONSTRAINT ck_account_role CHECK (role IN ('CUSTOMER', 'OPERATOR', 'SUPPORT')),
  CONSTRAINT ck_account_customer CHECK ((role = 'CUSTOMER') = (customer_id IS NOT NULL)),
  CONSTRAINT fk_account_customer FOREIGN KEY (customer_id) REFERENCES customer (id)
);

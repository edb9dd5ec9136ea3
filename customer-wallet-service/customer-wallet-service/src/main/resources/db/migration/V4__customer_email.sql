-- Where the customer's order notifications go; optional
ALTER TABLE customer ADD COLUMN email VARCHAR(254) NULL AFTER name;

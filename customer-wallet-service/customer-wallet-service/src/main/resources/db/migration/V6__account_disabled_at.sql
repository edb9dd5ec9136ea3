-- When an account was disabled (its customer closed it, or an operator did): from then on it signs in no more and
-- every service refuses its tokens.
ALTER TABLE account ADD COLUMN disabled_at DATETIME(3) NULL;

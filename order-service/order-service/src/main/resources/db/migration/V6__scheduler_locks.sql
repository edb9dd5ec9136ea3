-- ShedLock's lock per scheduled job: with several order-service instances, one at a time runs a job that acts
-- on sagas (the step deadlines). Times are the database's, so the instances' clocks do not matter.
CREATE TABLE shedlock (
  name       VARCHAR(64)  NOT NULL PRIMARY KEY,
  lock_until TIMESTAMP(3) NOT NULL,
  locked_at  TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  locked_by  VARCHAR(255) NOT NULL
);

-- The change feed of deployments. Every write to a deployment (a version added or deleted, an alias
-- put or deleted, the deployment deleted) moves the deployment's row to a sequence higher than any
-- before, in the write's own transaction. A server that remembers the highest sequence it has seen
-- learns what other servers sharing the store changed by reading the rows above it.
CREATE TABLE deployment_changes (
    deployment VARCHAR(128) PRIMARY KEY,
    sequence   BIGINT       NOT NULL UNIQUE
);

-- Job leases. A running job is held by a server (owner_node) in one of its runs (owner_run, new at
-- every start) until lease_until, which the server pushes on while the job runs; once the lease has
-- ended, whoever claims first runs the job again.
ALTER TABLE jobs ADD COLUMN owner_node VARCHAR(128);
ALTER TABLE jobs ADD COLUMN owner_run VARCHAR(64);
ALTER TABLE jobs ADD COLUMN lease_until BIGINT;

-- Jobs that an inferd without leases was running when it stopped: their lease is long over, so the
-- first claim takes them.
UPDATE jobs SET lease_until = 0 WHERE status = 'RUNNING';

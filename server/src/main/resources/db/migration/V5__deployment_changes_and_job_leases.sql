-- The change feed of deployments. Every write to a deployment (a version added or deleted, an alias
-- put or deleted, the deployment deleted) moves the deployment's row to a sequence higher than any
-- before, in the write's own transaction. A server that remembers the highest sequence it has seen
-- learns what other servers sharing the store changed by reading the rows above it.
CREATE TABLE deployment_changes (
    deployment VARCHAR(128) PRIMARY KEY,
    sequence   BIGINT       NOT NULL UNIQUE
);

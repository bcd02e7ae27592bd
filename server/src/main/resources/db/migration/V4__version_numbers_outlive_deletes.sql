-- The highest version number each deployment name has ever had. It outlives the deployment's rows,
-- so a name deleted and deployed again numbers on after its old versions: a client pinned to
-- /name/3 never reaches different code under the same number.
CREATE TABLE version_counters (
    deployment VARCHAR(128) PRIMARY KEY,
    highest    INTEGER      NOT NULL
);

INSERT INTO version_counters (deployment, highest)
SELECT deployment, MAX(number) FROM versions GROUP BY deployment;

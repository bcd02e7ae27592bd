-- The state that inferd replicas share on PostgreSQL: the SQLite schema of db/migration as it stands
-- after its V5, in PostgreSQL's types, and what only replicas need (bundle bytes, the link secret,
-- the live replicas, the call log). Times are epoch milliseconds, as on SQLite.
CREATE TABLE deployments (
    name       VARCHAR(128) PRIMARY KEY,
    created_at BIGINT       NOT NULL
);

CREATE TABLE versions (
    deployment            VARCHAR(128)  NOT NULL REFERENCES deployments (name) ON DELETE CASCADE,
    number                INTEGER       NOT NULL,
    runtime               VARCHAR(16)   NOT NULL,
    main                  VARCHAR(1024) NOT NULL,
    content_hash          CHAR(64)      NOT NULL,
    created_at            BIGINT        NOT NULL,
    rate_limit_per_minute INTEGER,
    PRIMARY KEY (deployment, number)
);

CREATE INDEX versions_by_content_hash ON versions (content_hash);

CREATE TABLE aliases (
    deployment VARCHAR(128) NOT NULL,
    alias      VARCHAR(128) NOT NULL,
    version    INTEGER      NOT NULL,
    updated_at BIGINT       NOT NULL,
    PRIMARY KEY (deployment, alias),
    FOREIGN KEY (deployment, version) REFERENCES versions (deployment, number) ON DELETE CASCADE
);

-- The highest version number each name has ever had; it outlives the name's deployment.
CREATE TABLE version_counters (
    deployment VARCHAR(128) PRIMARY KEY,
    highest    INTEGER      NOT NULL
);

-- The change feed: each deployment's row holds the sequence of its last change.
CREATE TABLE deployment_changes (
    deployment VARCHAR(128) PRIMARY KEY,
    sequence   BIGINT       NOT NULL UNIQUE
);

CREATE TABLE api_keys (
    name        VARCHAR(128) PRIMARY KEY,
    key_hash    CHAR(64)     NOT NULL UNIQUE,
    deployments TEXT,
    admin       INTEGER      NOT NULL,
    created_at  BIGINT       NOT NULL
);

CREATE TABLE jobs (
    id                     VARCHAR(64)   PRIMARY KEY,
    deployment             VARCHAR(128)  NOT NULL,
    version                INTEGER       NOT NULL,
    request                BYTEA         NOT NULL,
    webhook                VARCHAR(4096) NOT NULL,
    ignore_webhook_timeout INTEGER       NOT NULL,
    link_base              VARCHAR(1024),
    status                 VARCHAR(16)   NOT NULL,
    result                 BYTEA,
    result_status          INTEGER,
    created_at             BIGINT        NOT NULL,
    finished_at            BIGINT,
    deliveries             INTEGER       NOT NULL,
    delivered_at           BIGINT,
    next_delivery_at       BIGINT,
    deliver_until          BIGINT,
    last_delivery_error    VARCHAR(2048),
    owner_node             VARCHAR(128),
    owner_run              VARCHAR(64),
    lease_until            BIGINT
);

CREATE INDEX jobs_by_status ON jobs (status, created_at);
CREATE INDEX jobs_by_next_delivery ON jobs (next_delivery_at);

CREATE TABLE result_links (
    id         VARCHAR(64) PRIMARY KEY,
    body       BYTEA       NOT NULL,
    expires_at BIGINT      NOT NULL
);

-- Bundle bytes by content hash, in chunks, so that no single value holds a large bundle and a replica
-- copies one into its cache a chunk at a time. A bundle's row and its chunks are written in one transaction.
CREATE TABLE artifacts (
    content_hash CHAR(64) PRIMARY KEY,
    size         BIGINT   NOT NULL,
    chunks       INTEGER  NOT NULL,
    created_at   BIGINT   NOT NULL
);

CREATE TABLE artifact_chunks (
    content_hash CHAR(64) NOT NULL REFERENCES artifacts (content_hash) ON DELETE CASCADE,
    chunk        INTEGER  NOT NULL,
    bytes        BYTEA    NOT NULL,
    PRIMARY KEY (content_hash, chunk)
);

-- Secrets every replica must agree on, such as the key that signs result links.
CREATE TABLE server_secrets (
    name  VARCHAR(64) PRIMARY KEY,
    value BYTEA       NOT NULL
);

-- The replicas that are alive: each renews its row while it runs. Rate limits are shared among them.
CREATE TABLE replicas (
    node       VARCHAR(128) PRIMARY KEY,
    seen_until BIGINT       NOT NULL
);

-- Recent calls of every replica, written in batches; each write deletes all but the newest of the
-- deployments it wrote to. entry is the call as the logs API shows it (JSON); it goes with its deployment.
CREATE TABLE call_log (
    id         BIGSERIAL    PRIMARY KEY,
    deployment VARCHAR(128) NOT NULL REFERENCES deployments (name) ON DELETE CASCADE,
    node       VARCHAR(128) NOT NULL,
    version    INTEGER      NOT NULL,
    entry      TEXT         NOT NULL,
    at         BIGINT       NOT NULL
);

CREATE INDEX call_log_by_deployment ON call_log (deployment, id);

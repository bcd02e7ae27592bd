-- Async calls (PROTOCOL §3). A row is written before the client gets its batch id, so an accepted
-- job survives any crash; the result stays here until it has been delivered and kept long enough.
CREATE TABLE jobs (
    id                     VARCHAR(64)   PRIMARY KEY,
    deployment             VARCHAR(128)  NOT NULL,
    version                INTEGER       NOT NULL,
    request                BLOB          NOT NULL,
    webhook                VARCHAR(4096) NOT NULL,
    ignore_webhook_timeout INTEGER       NOT NULL,
    -- Base URL for result links, when the call asked for response_format "links"; else NULL.
    link_base              VARCHAR(1024),
    status                 VARCHAR(16)   NOT NULL,
    result                 BLOB,
    result_status          INTEGER,
    created_at             BIGINT        NOT NULL,
    finished_at            BIGINT,
    deliveries             INTEGER       NOT NULL,
    delivered_at           BIGINT,
    next_delivery_at       BIGINT,
    deliver_until          BIGINT,
    last_delivery_error    VARCHAR(2048)
);

CREATE INDEX jobs_by_status ON jobs (status, created_at);
CREATE INDEX jobs_by_next_delivery ON jobs (next_delivery_at);

-- Results answered as links (response_format "links"), fetched by an HMAC-signed token.
CREATE TABLE result_links (
    id         VARCHAR(64) PRIMARY KEY,
    body       BLOB        NOT NULL,
    expires_at BIGINT      NOT NULL
);

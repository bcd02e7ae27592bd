-- Times are epoch milliseconds so the same schema reads the same on SQLite and PostgreSQL.
CREATE TABLE deployments (
    name       VARCHAR(128) PRIMARY KEY,
    created_at BIGINT       NOT NULL
);

CREATE TABLE versions (
    deployment   VARCHAR(128) NOT NULL REFERENCES deployments (name) ON DELETE CASCADE,
    number       INTEGER      NOT NULL,
    runtime      VARCHAR(16)  NOT NULL,
    main         VARCHAR(1024) NOT NULL,
    content_hash CHAR(64)     NOT NULL,
    created_at   BIGINT       NOT NULL,
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

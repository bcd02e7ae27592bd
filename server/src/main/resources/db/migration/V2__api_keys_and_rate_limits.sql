-- API keys are stored as the SHA-256 of the key, never the key itself.
CREATE TABLE api_keys (
    name        VARCHAR(128) PRIMARY KEY,
    key_hash    CHAR(64)     NOT NULL UNIQUE,
    -- Comma-separated deployment names the key may call; NULL means every deployment.
    deployments TEXT,
    admin       INTEGER      NOT NULL,
    created_at  BIGINT       NOT NULL
);

-- The manifest's rate_limit_per_minute, kept with the version so it is known without its bundle.
ALTER TABLE versions ADD COLUMN rate_limit_per_minute INTEGER;

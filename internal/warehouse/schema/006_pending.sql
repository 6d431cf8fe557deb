-- 006_pending: what the metric tables have not seen yet, so that `sijang
-- compute` rebuilds only what changed, and what ingest needs to pass over
-- files it loaded before without reading them again (issue #8: one new
-- month in a small share of a full rebuild).

-- Ingest adds, in the transaction of each load, the first day of each
-- market whose facts or export coverage the load changed; syncing
-- market.yaml adds a row with from_day NULL for a market whose
-- configuration changed (or that is new or gone): rebuild it whole.
-- Compute rebuilds every metric row of a market from its earliest pending
-- day on, then deletes the market's pending rows, in one transaction.
CREATE TABLE metrics_pending (
    market_id VARCHAR NOT NULL,
    from_day  DATE               -- NULL: the whole market
);

-- The SHA-256 of each market's market.yaml entry, to tell a changed
-- configuration from an unchanged one.
ALTER TABLE markets ADD COLUMN config_sha256 VARCHAR;

-- The size and modification time a file had when it was loaded: a file at
-- the same path with both unchanged is taken to be that file, not hashed
-- again (NULL for files loaded before this migration: they are hashed).
ALTER TABLE ingest_files ADD COLUMN size_bytes BIGINT;
ALTER TABLE ingest_files ADD COLUMN modified_at TIMESTAMP;

-- A warehouse built before this migration has metric tables from a full
-- rebuild of unknown age: the next compute rebuilds every market whole.
INSERT INTO metrics_pending (market_id, from_day) SELECT market_id, NULL FROM markets;

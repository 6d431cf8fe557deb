-- 001_init: the first schema of the warehouse.
-- Facts (sales, footfall, events, spend), the ingest ledger, the market
-- dimensions, and the derived tables that compute and evaluate rebuild.

-- Dimensions, replaced from market.yaml on every ingest.
CREATE TABLE markets (
    market_id     VARCHAR NOT NULL PRIMARY KEY,
    name          VARCHAR NOT NULL,
    district      VARCHAR,
    baseline_year INTEGER NOT NULL,
    grade_green   DOUBLE NOT NULL,
    grade_yellow  DOUBLE NOT NULL
);
CREATE TABLE alleys (
    market_id VARCHAR NOT NULL,
    alley_id  VARCHAR NOT NULL,
    name      VARCHAR NOT NULL,
    PRIMARY KEY (market_id, alley_id)
);
CREATE TABLE stalls (
    market_id VARCHAR NOT NULL,
    stall_id  VARCHAR NOT NULL,
    name      VARCHAR NOT NULL,
    alley_id  VARCHAR NOT NULL,
    category  VARCHAR,
    opened_on DATE,
    closed_on DATE,
    PRIMARY KEY (market_id, stall_id)
);
CREATE TABLE programs (
    market_id  VARCHAR NOT NULL,
    program_id VARCHAR NOT NULL,
    name       VARCHAR NOT NULL,
    channel    VARCHAR,
    starts_on  DATE,
    ends_on    DATE,
    PRIMARY KEY (market_id, program_id)
);
CREATE TABLE enrollments (
    market_id   VARCHAR NOT NULL,
    program_id  VARCHAR NOT NULL,
    stall_id    VARCHAR NOT NULL,
    enrolled_on DATE NOT NULL
);
CREATE TABLE sensors (
    market_id VARCHAR NOT NULL,
    sensor_id VARCHAR NOT NULL,
    alley_id  VARCHAR NOT NULL,
    gate      VARCHAR,
    PRIMARY KEY (market_id, sensor_id)
);
CREATE TABLE budget_plan (
    market_id    VARCHAR NOT NULL,
    component    VARCHAR NOT NULL,
    name         VARCHAR NOT NULL,
    plan_krw     BIGINT NOT NULL
);

-- Facts. One row per order line; the natural key is (market_id, source, order_key).
CREATE TABLE sales (
    market_id   VARCHAR NOT NULL,
    stall_id    VARCHAR NOT NULL,
    channel     VARCHAR NOT NULL,   -- offline, smartstore, jangbogi, live, other
    source      VARCHAR NOT NULL,   -- the export kind the line came from
    order_key   VARCHAR NOT NULL,
    sold_at     TIMESTAMP,          -- Asia/Seoul wall-clock
    sale_date   DATE NOT NULL,      -- business day
    gross_krw   BIGINT NOT NULL,
    net_krw     BIGINT NOT NULL,    -- 0 when cancelled or fully returned
    qty         INTEGER,
    status      VARCHAR NOT NULL,   -- paid, confirmed, cancelled, returned, exchanged, …
    buyer_key   VARCHAR,            -- keyed hash of the buyer id, never the id
    file_sha256 VARCHAR NOT NULL,   -- the export that set the current status
    as_of       TIMESTAMP NOT NULL  -- when that export was taken; the newest wins
);
-- Card cancellations, each once (cancel_key); a line's net is its gross
-- less its cancellations. One whose approval is not loaded yet waits here.
CREATE TABLE cancels (
    market_id    VARCHAR NOT NULL,
    source       VARCHAR NOT NULL,
    order_key    VARCHAR NOT NULL,   -- the approval it cancels
    cancel_key   VARCHAR NOT NULL,
    amount_krw   BIGINT NOT NULL,
    cancelled_at TIMESTAMP,
    file_sha256  VARCHAR NOT NULL
);
CREATE TABLE footfall (
    market_id   VARCHAR NOT NULL,
    sensor_id   VARCHAR NOT NULL,
    alley_id    VARCHAR NOT NULL,
    ts          TIMESTAMP NOT NULL, -- start of the counting interval, Asia/Seoul
    visitors    INTEGER NOT NULL,
    file_sha256 VARCHAR NOT NULL
);
CREATE TABLE events (
    market_id  VARCHAR NOT NULL,
    event_date DATE NOT NULL,
    stall_id   VARCHAR NOT NULL,
    kind       VARCHAR NOT NULL,    -- live
    title      VARCHAR,
    file_sha256 VARCHAR NOT NULL
);
CREATE TABLE spend (
    market_id   VARCHAR NOT NULL,
    component   VARCHAR NOT NULL,   -- 비목
    month       DATE NOT NULL,
    amount_krw  BIGINT NOT NULL,
    spent_on    DATE NOT NULL,      -- 집행일자
    item        VARCHAR,            -- 세목
    memo        VARCHAR,            -- 적요
    line_key    VARCHAR NOT NULL,
    file_sha256 VARCHAR NOT NULL
);

-- The ledger: every file ever loaded, and every row refused.
CREATE TABLE ingest_files (
    file_sha256    VARCHAR NOT NULL PRIMARY KEY,
    path           VARCHAR NOT NULL,
    source         VARCHAR NOT NULL,
    market_id      VARCHAR,
    rows_read      BIGINT NOT NULL,
    rows_loaded    BIGINT NOT NULL,
    rows_duplicate BIGINT NOT NULL,
    rows_rejected  BIGINT NOT NULL,
    rows_updated   BIGINT NOT NULL,  -- duplicates whose newer export changed the status
    period_from    DATE,            -- the days the file covers
    period_to      DATE,
    as_of          TIMESTAMP,
    ingested_at    TIMESTAMP NOT NULL
);
CREATE TABLE rejects (
    file_sha256 VARCHAR NOT NULL,
    row_number  BIGINT NOT NULL,
    column_name VARCHAR,
    kind        VARCHAR NOT NULL,   -- bad_date, bad_amount, unknown_stall, …
    reason      VARCHAR NOT NULL
);
-- Which stalls a file had rows for: the days it covers count as observed.
CREATE TABLE file_stalls (
    file_sha256 VARCHAR NOT NULL,
    market_id   VARCHAR NOT NULL,
    stall_id    VARCHAR NOT NULL,
    source      VARCHAR NOT NULL
);

-- Derived tables, rebuilt whole by `sijang compute`.
CREATE TABLE baseline_days (
    market_id    VARCHAR NOT NULL,
    day          DATE NOT NULL,
    baseline_day DATE NOT NULL,
    rule         VARCHAR NOT NULL,  -- weekday, seollal, chuseok
    offset_days  INTEGER            -- days from the holiday, inside a holiday window
);
CREATE TABLE stall_coverage (
    market_id VARCHAR NOT NULL,
    stall_id  VARCHAR NOT NULL,
    day       DATE NOT NULL
);
CREATE TABLE stall_day (
    market_id VARCHAR NOT NULL,
    stall_id  VARCHAR NOT NULL,
    sale_date DATE NOT NULL,
    channel   VARCHAR NOT NULL,
    net_krw   BIGINT NOT NULL,
    gross_krw BIGINT NOT NULL,
    orders    BIGINT NOT NULL,
    qty       BIGINT NOT NULL
);
CREATE TABLE stall_month (
    market_id VARCHAR NOT NULL,
    stall_id  VARCHAR NOT NULL,
    month     DATE NOT NULL,
    channel   VARCHAR NOT NULL,
    net_krw   BIGINT NOT NULL,
    orders    BIGINT NOT NULL
);
-- Each observed stall-day beside its baseline day (see baseline_days).
CREATE TABLE stall_day_pairs (
    market_id         VARCHAR NOT NULL,
    stall_id          VARCHAR NOT NULL,
    day               DATE NOT NULL,
    baseline_day      DATE NOT NULL,
    observed          BOOLEAN NOT NULL, -- an export covers the day
    baseline_observed BOOLEAN NOT NULL, -- an export covers the baseline day
    net_krw           BIGINT NOT NULL,
    online_krw        BIGINT NOT NULL,
    baseline_krw      BIGINT NOT NULL
);
CREATE TABLE stall_recovery (
    market_id     VARCHAR NOT NULL,
    stall_id      VARCHAR NOT NULL,
    month         DATE NOT NULL,
    net_krw       BIGINT,
    baseline_krw  BIGINT,
    recovery      DOUBLE,           -- NULL when the month cannot be compared; see reason
    baseline_from DATE,
    baseline_to   DATE,
    reason        VARCHAR,          -- missing_days, missing_baseline, no_baseline_sales
    missing_days  INTEGER,          -- days of the month without data
    missing_baseline_days INTEGER   -- baseline days without data
);
CREATE TABLE alley_recovery (
    market_id     VARCHAR NOT NULL,
    alley_id      VARCHAR NOT NULL,
    month         DATE NOT NULL,
    net_krw       BIGINT,
    baseline_krw  BIGINT,
    recovery      DOUBLE,
    stalls        INTEGER,          -- stalls compared
    baseline_from DATE,
    baseline_to   DATE
);
CREATE TABLE market_recovery (
    market_id     VARCHAR NOT NULL,
    month         DATE NOT NULL,
    net_krw       BIGINT,
    baseline_krw  BIGINT,
    recovery      DOUBLE,
    online_krw    BIGINT,           -- smartstore + jangbogi + live
    stalls        INTEGER,
    baseline_from DATE,
    baseline_to   DATE
);
CREATE TABLE footfall_hour (
    market_id VARCHAR NOT NULL,
    sensor_id VARCHAR NOT NULL,
    alley_id  VARCHAR NOT NULL,
    hour      TIMESTAMP NOT NULL,
    visitors  BIGINT NOT NULL
);
CREATE TABLE footfall_recovery (
    market_id         VARCHAR NOT NULL,
    alley_id          VARCHAR NOT NULL,
    month             DATE NOT NULL,
    visitors          BIGINT,
    baseline_visitors BIGINT,
    recovery          DOUBLE,
    sensor_hours      BIGINT           -- sensor-hours read on both days
);
CREATE TABLE program_effects (
    market_id  VARCHAR NOT NULL,
    program_id VARCHAR NOT NULL,
    outcome    VARCHAR NOT NULL,
    estimand   VARCHAR NOT NULL,    -- att_gt, simple, dynamic, group
    cohort     INTEGER,
    event_time INTEGER,
    att        DOUBLE,
    se         DOUBLE,
    ci_low     DOUBLE,
    ci_high    DOUBLE
);
CREATE TABLE shortlist (
    market_id         VARCHAR NOT NULL,
    program_id        VARCHAR NOT NULL,
    rank              INTEGER NOT NULL,
    stall_id          VARCHAR NOT NULL,
    expected_gain_krw BIGINT,
    gain_low_krw      BIGINT,
    gain_high_krw     BIGINT,
    reasons           VARCHAR
);

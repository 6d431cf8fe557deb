-- 003_metrics: the derived tables of issue #4 — weekly sales and roll-ups,
-- coverage by source, comparisons (baseline year, prior year, previous
-- period) by week and month, relative recovery and grades, anchor stalls,
-- stall KPIs, footfall by sensor, alley and market with coverage, and sales
-- per visitor by day part. `sijang compute` rebuilds them all
-- (metrics/sql/<table>.sql; see metrics/TABLES.md).

-- stall_month gains gross sales and quantity, as stall_day and stall_week have.
ALTER TABLE stall_month ADD COLUMN gross_krw BIGINT;
ALTER TABLE stall_month ADD COLUMN qty BIGINT;

-- The monthly recovery tables of 001 gain relative recovery and the grade.
ALTER TABLE stall_recovery ADD COLUMN relative_recovery DOUBLE; -- recovery / the alley's recovery
ALTER TABLE stall_recovery ADD COLUMN grade VARCHAR;            -- green, yellow, red; NULL when recovery is NULL
ALTER TABLE alley_recovery ADD COLUMN relative_recovery DOUBLE; -- recovery / the market's recovery
ALTER TABLE alley_recovery ADD COLUMN grade VARCHAR;

-- The hours of the day: the day part each belongs to, and whether the
-- market is open (footfall is expected) then.
CREATE TABLE day_parts (
    hour INTEGER NOT NULL,     -- 0..23, the hour a reading or a payment starts in
    part VARCHAR NOT NULL,     -- morning, midday, evening
    name VARCHAR NOT NULL,     -- 새벽·오전, 낮, 저녁
    open BOOLEAN NOT NULL      -- inside the market's open hours 05:00–23:00
);

-- Every day beside the day it is compared with, per comparison.
CREATE TABLE comparison_days (
    market_id   VARCHAR NOT NULL,
    comparison  VARCHAR NOT NULL, -- baseline (the market's baseline year), prior_year (the year before)
    day         DATE NOT NULL,
    compare_day DATE NOT NULL,
    rule        VARCHAR NOT NULL, -- weekday, seollal, chuseok
    offset_days INTEGER           -- days from the holiday, inside a holiday window
);

CREATE TABLE stall_week (
    market_id VARCHAR NOT NULL,
    stall_id  VARCHAR NOT NULL,
    week      DATE NOT NULL,      -- Monday of the ISO week
    channel   VARCHAR NOT NULL,
    net_krw   BIGINT NOT NULL,
    gross_krw BIGINT NOT NULL,
    orders    BIGINT NOT NULL,
    qty       BIGINT NOT NULL
);
CREATE TABLE alley_sales (
    market_id    VARCHAR NOT NULL,
    alley_id     VARCHAR NOT NULL,
    period       VARCHAR NOT NULL, -- day, week, month
    period_start DATE NOT NULL,    -- the day, the Monday of the ISO week, the first of the month
    channel      VARCHAR NOT NULL,
    net_krw      BIGINT NOT NULL,
    gross_krw    BIGINT NOT NULL,
    orders       BIGINT NOT NULL,
    qty          BIGINT NOT NULL,
    stalls       INTEGER NOT NULL  -- stalls with sales lines
);
CREATE TABLE market_sales (
    market_id    VARCHAR NOT NULL,
    period       VARCHAR NOT NULL,
    period_start DATE NOT NULL,
    channel      VARCHAR NOT NULL,
    net_krw      BIGINT NOT NULL,
    gross_krw    BIGINT NOT NULL,
    orders       BIGINT NOT NULL,
    qty          BIGINT NOT NULL,
    stalls       INTEGER NOT NULL
);

-- Which sales sources cover each stall in each week.
CREATE TABLE stall_week_coverage (
    market_id       VARCHAR NOT NULL,
    stall_id        VARCHAR NOT NULL,
    week            DATE NOT NULL,
    days            INTEGER NOT NULL, -- days of the week the stall is open, within the market's data span
    days_covered    INTEGER NOT NULL, -- of those, days some export covers
    sources         VARCHAR,          -- sources covering at least one day, comma-separated
    missing_sources VARCHAR,          -- sources that covered the stall in the 4 weeks before but not this week
    flagged         BOOLEAN NOT NULL  -- days_covered < days or a source is missing
);

-- Every day of a stall's months with data: is it observed, and its sales.
CREATE TABLE stall_calendar (
    market_id      VARCHAR NOT NULL,
    stall_id       VARCHAR NOT NULL,
    day            DATE NOT NULL,
    week           DATE NOT NULL,
    month          DATE NOT NULL,
    covered        BOOLEAN NOT NULL, -- an export covers the day
    missing_source BOOLEAN NOT NULL, -- covered, but the week lacks a source the stall had (stall_week_coverage)
    observed       BOOLEAN NOT NULL, -- covered and no source missing: the day's sales are known
    net_krw        BIGINT NOT NULL,
    online_krw     BIGINT NOT NULL   -- smartstore + jangbogi + live
);

-- A stall's, alley's or market's week or month against what it is compared with.
CREATE TABLE stall_comparison (
    market_id             VARCHAR NOT NULL,
    stall_id              VARCHAR NOT NULL,
    period                VARCHAR NOT NULL, -- week, month
    period_start          DATE NOT NULL,
    comparison            VARCHAR NOT NULL, -- baseline, prior_year, prior_period
    net_krw               BIGINT,           -- over the observed days
    baseline_krw          BIGINT,           -- over the observed days compared with
    recovery              DOUBLE,           -- NULL when the period cannot be compared; see reason
    relative_recovery     DOUBLE,           -- recovery / the alley's recovery
    grade                 VARCHAR,          -- green, yellow, red
    reason                VARCHAR,          -- missing_days, missing_source, missing_baseline, partial_period, no_baseline_sales
    baseline_from         DATE,             -- the days compared with
    baseline_to           DATE,
    rule                  VARCHAR,          -- weekday, seollal, chuseok (some day aligned to the holiday), calendar
    holiday_days          INTEGER,          -- days aligned holiday to holiday
    offset_from           INTEGER,          -- their offsets from the holiday
    offset_to             INTEGER,
    days                  INTEGER,          -- days of the period the stall is open, within the data span
    missing_days          INTEGER,          -- of those, days not observed
    missing_baseline_days INTEGER,          -- days compared with that are not observed
    matched_days          INTEGER,          -- days observed on both sides (the whole period for prior_period)
    matched_net_krw       BIGINT,           -- sales over the matched days: alley and market pool these
    matched_baseline_krw  BIGINT,
    matched_online_krw    BIGINT
);
CREATE TABLE alley_comparison (
    market_id         VARCHAR NOT NULL,
    alley_id          VARCHAR NOT NULL,
    period            VARCHAR NOT NULL,
    period_start      DATE NOT NULL,
    comparison        VARCHAR NOT NULL,
    net_krw           BIGINT,  -- over the stall-days matched on both sides
    baseline_krw      BIGINT,
    recovery          DOUBLE,
    relative_recovery DOUBLE,  -- recovery / the market's recovery
    grade             VARCHAR,
    reason            VARCHAR, -- no_matched_days, no_baseline_sales
    stalls            INTEGER, -- stalls with matched days
    days              INTEGER, -- stall-days of the period
    matched_days      INTEGER, -- stall-days compared
    baseline_from     DATE,
    baseline_to       DATE,
    rule              VARCHAR,
    holiday_days      INTEGER,
    offset_from       INTEGER,
    offset_to         INTEGER
);
CREATE TABLE market_comparison (
    market_id     VARCHAR NOT NULL,
    period        VARCHAR NOT NULL,
    period_start  DATE NOT NULL,
    comparison    VARCHAR NOT NULL,
    net_krw       BIGINT,
    baseline_krw  BIGINT,
    recovery      DOUBLE,
    online_krw    BIGINT,
    reason        VARCHAR,
    stalls        INTEGER,
    days          INTEGER,
    matched_days  INTEGER,
    baseline_from DATE,
    baseline_to   DATE,
    rule          VARCHAR,
    holiday_days  INTEGER,
    offset_from   INTEGER,
    offset_to     INTEGER
);

-- The stalls that carry an alley's change against the baseline.
CREATE TABLE anchor_stalls (
    market_id    VARCHAR NOT NULL,
    alley_id     VARCHAR NOT NULL,
    month        DATE NOT NULL,
    stall_id     VARCHAR NOT NULL,
    net_krw      BIGINT NOT NULL, -- over the matched days
    baseline_krw BIGINT NOT NULL,
    change_krw   BIGINT NOT NULL, -- net_krw - baseline_krw
    share        DOUBLE,          -- change_krw / the alley's change; sums to 1 over the alley
    rank         INTEGER NOT NULL,
    anchor       BOOLEAN NOT NULL -- share > 0 and the stalls with a larger share carry less than half
);

-- What a seller sees in Smart Store's statistics, per stall and month.
CREATE TABLE stall_kpi (
    market_id      VARCHAR NOT NULL,
    stall_id       VARCHAR NOT NULL,
    month          DATE NOT NULL,
    net_krw        BIGINT NOT NULL,
    orders         BIGINT NOT NULL,  -- sales lines with net > 0, all channels
    aov_krw        BIGINT,           -- net_krw / orders
    online_krw     BIGINT NOT NULL,
    online_orders  BIGINT NOT NULL,
    online_aov_krw BIGINT,
    online_share   DOUBLE,           -- online_krw / net_krw; NULL when a day of the month lacks data
    buyers         BIGINT NOT NULL,  -- distinct buyer keys with a purchase in the month
    repeat_buyers  BIGINT NOT NULL,  -- of those, buyers who bought from the stall in an earlier month
    repeat_rate    DOUBLE,
    missing_days   INTEGER NOT NULL
);

-- Footfall with coverage: a sensor-hour without a reading is missing, not
-- zero. (footfall_hour of 001 holds each sensor-hour read.)
CREATE TABLE footfall_sensor (
    market_id      VARCHAR NOT NULL,
    sensor_id      VARCHAR NOT NULL,
    alley_id       VARCHAR NOT NULL,
    period         VARCHAR NOT NULL,   -- day, month
    period_start   TIMESTAMP NOT NULL,
    visitors       BIGINT,             -- over the hours read; NULL when none was
    hours_read     INTEGER NOT NULL,   -- sensor-hours with a reading
    hours_expected INTEGER NOT NULL    -- open sensor-hours, and any other hour with a reading
);
CREATE TABLE footfall_alley (
    market_id      VARCHAR NOT NULL,
    alley_id       VARCHAR NOT NULL,
    period         VARCHAR NOT NULL,   -- hour, day, month
    period_start   TIMESTAMP NOT NULL,
    visitors       BIGINT,
    hours_read     INTEGER NOT NULL,
    hours_expected INTEGER NOT NULL
);
CREATE TABLE footfall_market (
    market_id      VARCHAR NOT NULL,
    period         VARCHAR NOT NULL,   -- hour, day, month
    period_start   TIMESTAMP NOT NULL,
    visitors       BIGINT,
    hours_read     INTEGER NOT NULL,
    hours_expected INTEGER NOT NULL
);

-- Offline sales against visitors, by alley, month and day part.
CREATE TABLE alley_day_parts (
    market_id            VARCHAR NOT NULL,
    alley_id             VARCHAR NOT NULL,
    month                DATE NOT NULL,
    part                 VARCHAR NOT NULL,
    name                 VARCHAR NOT NULL,
    hours                INTEGER NOT NULL, -- alley-hours counted: every sensor read, every stall's day observed
    hours_skipped        INTEGER NOT NULL, -- open alley-hours left out
    visitors             BIGINT NOT NULL,
    offline_krw          BIGINT NOT NULL,
    transactions         BIGINT NOT NULL,  -- card payments with net > 0
    sales_per_visitor    DOUBLE,           -- offline_krw / visitors
    transactions_per_100 DOUBLE            -- 100 × transactions / visitors
);

-- 004_evaluation: the program evaluation of issue #5 — effects in won and
-- per won spent, a placebo pre-trend check, persistence after the support
-- period, spillover to stalls that never joined, and the daily event study
-- of live commerce, with a verdict per programme. `sijang evaluate`
-- rebuilds program_effects and these tables together (metrics/evaluate.go).

-- program_effects gains the calendar-month aggregate (estimand calendar,
-- month set), the placebo (estimand placebo: every stall's joining moved 6
-- months earlier, event_time -6), the simultaneous band of the event study
-- and the stalls behind each ATT(g,t).
ALTER TABLE program_effects ADD COLUMN month DATE;        -- calendar: the month; att_gt: the period t
ALTER TABLE program_effects ADD COLUMN band_low DOUBLE;   -- dynamic: simultaneous band over event times
ALTER TABLE program_effects ADD COLUMN band_high DOUBLE;
ALTER TABLE program_effects ADD COLUMN n_treated INTEGER; -- att_gt: stalls of the cohort used
ALTER TABLE program_effects ADD COLUMN n_control INTEGER; -- att_gt: comparison stalls used

-- One row per market and programme with enrolments (effect on monthly
-- sales), one for live commerce (daily event study) and one for the whole
-- project (program_id 'all').
CREATE TABLE program_impact (
    market_id            VARCHAR NOT NULL,
    program_id           VARCHAR NOT NULL,
    name                 VARCHAR,
    basis                VARCHAR,          -- what the won figures rest on
    att                  DOUBLE,           -- effect on log sales behind the won figures (live: day 0)
    ci_low               DOUBLE,
    ci_high              DOUBLE,
    sales_krw            BIGINT,           -- the sales that effect applies to
    incremental_krw      BIGINT,           -- sales × (1 − e^(−att)): sales the programme added
    low_krw              BIGINT,           -- the same at ci_low and ci_high
    high_krw             BIGINT,
    spend_krw            BIGINT,           -- own budget components + share of the shared ones
    direct_krw           BIGINT,           -- own components (platform, delivery, live, training)
    shared_krw           BIGINT,           -- promotion, office, … split in proportion to direct_krw
    krw_per_won          DOUBLE,           -- incremental_krw / spend_krw
    low                  DOUBLE,           -- the same at low_krw and high_krw
    high                 DOUBLE,
    krw_per_won_direct   DOUBLE,           -- incremental_krw / direct_krw
    pretrend_p           DOUBLE,           -- placebo test p-value (program_effects estimand placebo)
    wald_p               DOUBLE,           -- did's Wald pre-test over every pre-treatment ATT(g,t)
    sensitivity_multiple DOUBLE,           -- did's sign-flip multiple
    small_cohorts        INTEGER,          -- cohorts of fewer than 5 stalls
    dropped              VARCHAR,          -- what the panel left out, in Korean
    persistence          VARCHAR,          -- persisted, faded, reversed, no_data, unknown
    post_support_months  INTEGER,          -- calendar months with an effect after programs.ends_on
    persist_att          DOUBLE,           -- mean effect in those months, conservative interval
    persist_low          DOUBLE,
    persist_high         DOUBLE,
    verdict              VARCHAR           -- plain Korean, quotable
);

-- Effect of a live broadcast on the featured stalls' Smart Store sales,
-- by days from the broadcast (negative offsets are placebos).
CREATE TABLE live_effects (
    market_id       VARCHAR NOT NULL,
    day_offset      INTEGER NOT NULL,
    att             DOUBLE,   -- log of the multiplier
    se              DOUBLE,   -- clustered by featured stall
    ci_low          DOUBLE,
    ci_high         DOUBLE,
    n_events        INTEGER,  -- featured stall-days used
    n_stalls        INTEGER,  -- distinct featured stalls
    multiplier      DOUBLE,   -- exp(att)
    sales_krw       BIGINT,   -- their Smart Store sales
    incremental_krw BIGINT,   -- sales_krw × (1 − e^(−att)); NULL before the broadcast
    low_krw         BIGINT,
    high_krw        BIGINT
);

-- Did stalls that never joined anything move with their alley's share of
-- enrolled stalls? One row per market and programme with enrolments.
CREATE TABLE spillover (
    market_id   VARCHAR NOT NULL,
    program_id  VARCHAR NOT NULL,
    att         DOUBLE,   -- change in log monthly sales, high- minus low-share alleys
    se          DOUBLE,
    ci_low      DOUBLE,
    ci_high     DOUBLE,
    note        VARCHAR,  -- in Korean: what was compared, or why nothing could be
    first_month DATE,     -- the programme's first month: before / after
    high_alleys VARCHAR,  -- comma-separated alley_id
    low_alleys  VARCHAR,
    n_high      INTEGER,  -- never-enrolled stalls compared
    n_low       INTEGER
);

-- 005_shortlist: the onboarding shortlist of issue #6 — which stalls the
-- programme office should bring into each programme next, with the
-- effects by stall group behind the ranking, the budget view and a
-- backtest of the ranking. `sijang evaluate` rebuilds these tables with
-- the evaluation (metrics/shortlist*.go).

-- market.yaml: what onboarding one more stall costs (NULL: estimate it
-- from the spend ledger) and the stalls a programme cannot take.
ALTER TABLE programs ADD COLUMN onboarding_cost_krw BIGINT;
CREATE TABLE program_exclusions (
    market_id  VARCHAR NOT NULL,
    program_id VARCHAR NOT NULL,
    stall_id   VARCHAR,          -- NULL: any stall
    category   VARCHAR,          -- NULL: any category
    alley_id   VARCHAR,          -- NULL: any alley
    reason     VARCHAR NOT NULL  -- Korean
);

-- shortlist (001) holds one row per candidate: a stall not in the
-- programme, open, with sales in the last 12 months and not excluded,
-- ranked by expected gain = sales_12m_krw × (e^effect − 1), the gain
-- interval at the effect's 95% interval. These columns say what the gain
-- rests on.
ALTER TABLE shortlist ADD COLUMN group_key VARCHAR;          -- the stall group whose effect applies (shortlist_groups)
ALTER TABLE shortlist ADD COLUMN effect DOUBLE;              -- predicted effect on log monthly sales
ALTER TABLE shortlist ADD COLUMN effect_low DOUBLE;
ALTER TABLE shortlist ADD COLUMN effect_high DOUBLE;
ALTER TABLE shortlist ADD COLUMN sales_12m_krw BIGINT;       -- expected sales without the programme over the next 12 months
ALTER TABLE shortlist ADD COLUMN sales_months INTEGER;       -- complete months behind sales_12m_krw (of the last 12)
ALTER TABLE shortlist ADD COLUMN recovery DOUBLE;            -- the stall's last 12 months vs the baseline
ALTER TABLE shortlist ADD COLUMN market_recovery DOUBLE;     -- the market's, same months
ALTER TABLE shortlist ADD COLUMN footfall_recovery DOUBLE;   -- its alley's visitors vs the baseline, same months
ALTER TABLE shortlist ADD COLUMN cost_krw BIGINT;            -- onboarding cost of one stall (shortlist_budget)
ALTER TABLE shortlist ADD COLUMN in_budget BOOLEAN;          -- in the best set the budget left pays for

-- Stalls that are not candidates and why (closed, no recent sales,
-- excluded in market.yaml).
CREATE TABLE shortlist_excluded (
    market_id  VARCHAR NOT NULL,
    program_id VARCHAR NOT NULL,
    stall_id   VARCHAR NOT NULL,
    reason     VARCHAR NOT NULL
);

-- The effect by stall group (category and alley), raw and pulled toward
-- the programme's overall effect (empirical Bayes): att = weight × raw_att
-- + (1 − weight) × overall_att.
CREATE TABLE shortlist_groups (
    market_id   VARCHAR NOT NULL,
    program_id  VARCHAR NOT NULL,
    group_key   VARCHAR NOT NULL,   -- category/alley_id
    category    VARCHAR,
    alley_id    VARCHAR,
    n_stalls    INTEGER NOT NULL,   -- enrolled stalls with a before and after
    raw_att     DOUBLE,             -- mean of their own before/after effects; NULL without stalls
    raw_se      DOUBLE,             -- pooled within-group spread / √n_stalls
    weight      DOUBLE,             -- τ² / (τ² + raw_se²): trust in the group's own estimate
    att         DOUBLE,             -- pulled toward the overall effect
    se          DOUBLE,
    ci_low      DOUBLE,
    ci_high     DOUBLE,
    overall_att DOUBLE,             -- the programme's simple ATT (program_effects)
    overall_se  DOUBLE,
    tau2        DOUBLE              -- between-group variance (DerSimonian–Laird)
);

-- What the budget left buys: the best set of candidates.
CREATE TABLE shortlist_budget (
    market_id        VARCHAR NOT NULL,
    program_id       VARCHAR NOT NULL,
    cost_krw         BIGINT,        -- one stall's onboarding
    cost_source      VARCHAR,       -- market.yaml or ledger
    budget_left_krw  BIGINT,        -- the programme's components: plan − spent
    stalls           INTEGER,       -- how many the budget left pays for
    gain_krw         BIGINT,        -- their expected gain over 12 months
    gain_low_krw     BIGINT,        -- 95% interval (simulated; stalls of one group share its effect)
    gain_high_krw    BIGINT,
    note             VARCHAR        -- Korean, when there is no budget view
);

-- The backtest: the day before an earlier onboarding wave, rank with only
-- the data known then, and compare with what the wave's stalls gained.
CREATE TABLE shortlist_backtest (
    market_id        VARCHAR NOT NULL,
    program_id       VARCHAR NOT NULL,
    cutoff           DATE,           -- the wave's month; only earlier data was used; NULL: no backtest (see note)
    wave_stalls      INTEGER,        -- stalls of the wave ranked and measured
    months_after     INTEGER,        -- months of realised gains measured after joining (up to 12)
    spearman         DOUBLE,         -- rank correlation of predicted and realised gain
    top_third_share  DOUBLE,         -- share of the wave's realised gain in the top third of the ranking
    random_share     DOUBLE,         -- expected share of a random third (its size / wave size)
    random_p         DOUBLE,         -- share of all thirds of the wave that capture at least top_third_share
    note             VARCHAR
);
CREATE TABLE shortlist_backtest_stalls (
    market_id         VARCHAR NOT NULL,
    program_id        VARCHAR NOT NULL,
    stall_id          VARCHAR NOT NULL,
    predicted_rank    INTEGER,       -- among the wave's stalls
    predicted_gain_krw BIGINT,
    realised_effect   DOUBLE,        -- the stall's own before/after effect
    realised_gain_krw BIGINT         -- over months_after
);

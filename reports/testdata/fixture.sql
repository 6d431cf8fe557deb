-- A small market for the report tests. The figures the tests look for,
-- worked out by hand:
--
-- market_recovery (baseline 2019)
--   2020-03  61,000,000 / 100,000,000 = 61.0%   (코로나19 기간)   online 0 → 0.0%
--   2022-10 123,456,789 / 100,000,000 = 123.5%  → 1억 2,346만원, 기준 1억원
--                                                  online 12,345,679 / 123,456,789 = 10.0% → 1,235만원
--   2022-11  50,000,000 / NULL        = NULL    → 자료 부족, a gap in the chart
--   2022-12  94,100,000 / 100,000,000 = 94.1%   → 9,410만원
--                                                  online 18,820,000 / 94,100,000 = 20.0% → 1,882만원
-- alley_recovery
--   A1 생선골목  2020-03 50.0%; 2022-10 130.0%, ÷ 1.23456789 = 1.053 → 1.05배;
--               2022-12 84.69% → 84.7%, ÷ 0.941 = 0.900 → 0.90배
--   A2 <script>  2022-10 NULL → 자료 부족; 2022-12 103.51% → 103.5%, ÷ 0.941 = 1.100 → 1.10배
-- footfall_recovery
--   A1 2022-12  8,000 / 10,000 = 80.0%
-- program_effects (simple)
--   smartstore total att 0.10 → exp(0.10)-1 = +10.5%;
--   ci 0.02 → +2.0%, 0.18 → +19.7%; the interval is above 0 → 늘었다고 볼 수 있습니다
--   smartstore offline att -0.05 → -4.9%, ci -0.12 → -11.3%, 0.02 → +2.0%: 단정하기 어렵습니다
--   smartstore online_krw att 1,234,567 → +123만원 a month, ci 234,567 → +234,567원, 2,234,567 → +223만원
--   an att_gt row with att 0.50 (+64.9%) must not show.
-- program_effects (dynamic, total): event time -2 +1.0% (-2.0% ~ +4.1%), -1 -1.0% (-4.9% ~ +3.0%),
--   0 +10.5% (+2.0% ~ +19.7%), +1 +22.1% (+10.5% ~ +35.0%); both months before joining include 0.
-- program_effects (group, total): cohort 202210 +12.7% (+1.0% ~ +25.9%); S1 joined 2022-10-05
--   (on or before the 15th, so cohort 2022-10): 1 stall, seen 2022-10..2022-12 = 3 months.
-- Data cut-off: the last sale_date, 2022-12-30.
--
-- stall_month and stall_recovery (grade thresholds green 0.95, yellow 0.80)
--   S1 영광굴비 2022-09  2,000,000 / 2,500,000 = 80.0%, compared with 2019.09.09 – 2019.10.06
--              2022-10  offline 2,500,000 + smartstore 500,000 = 3,000,000 → 300만원;
--                       / 2,400,000 = 125.0%
--              2022-11  no stall_month row (자료 부족); recovery NULL, missing_days 3 → 자료 없는 날 3일
--              2022-12  1,800,000 / 2,000,000 = 90.0% → 노랑 (0.80 ≤ 0.90 < 0.95)
--   S2 <script> 2022-11  recovery NULL, no_baseline_sales → 기준년도 매출 없음
--              2022-12  smartstore 12,000; recovery NULL, missing_baseline → 기준년도 자료 없음 → 자료 부족
--   The latest comparable month (any stall's recovery known) is 2022-12.
-- alley A1 on its page: 2022-10 7,800만원 / 6,000만원 = 130.0%, market 123.5%, 1.30 / 1.2346 = 1.05배
-- ledger: card file 10 rows read, 8 loaded, 1 duplicate, 1 rejected (row 7, 승인금액, bad_amount → 금액 오류);
--   smartstore file 5 read, 3 loaded, 2 duplicate. Counter G1 counted 1 hour in 2022-11 and 2 in
--   2022-12; G2 never counted.

INSERT INTO markets (market_id, name, district, baseline_year, grade_green, grade_yellow) VALUES ('namgwangju', '남광주시장', '광주광역시 동구', 2019, 0.95, 0.80);
INSERT INTO alleys (market_id, alley_id, name) VALUES
    ('namgwangju', 'A1', '생선골목'),
    ('namgwangju', 'A2', '<script>alert(1)</script>');
INSERT INTO stalls (market_id, stall_id, name, alley_id, category) VALUES
    ('namgwangju', 'S1', '영광굴비', 'A1', 'fish'),
    ('namgwangju', 'S2', '<script>alert(1)</script>', 'A2', 'banchan');
INSERT INTO programs (market_id, program_id, name, channel) VALUES
    ('namgwangju', 'smartstore', '스마트스토어 입점 지원', 'smartstore');
INSERT INTO sales (market_id, stall_id, channel, source, order_key, sold_at, sale_date,
                   gross_krw, net_krw, qty, status, buyer_key, file_sha256, as_of) VALUES
    ('namgwangju', 'S1', 'offline',    'pos',        'o1', '2022-12-29 10:00', '2022-12-29', 30000, 30000, 1, 'paid',      NULL, 'f1', '2023-01-02 09:00'),
    ('namgwangju', 'S2', 'smartstore', 'smartstore', 'o2', '2022-12-30 11:00', '2022-12-30', 12000, 12000, 1, 'confirmed', 'k1', 'f2', '2023-01-02 09:00'),
    ('namgwangju', 'S2', 'smartstore', 'smartstore', 'o3', '2022-12-28 12:00', '2022-12-28', 8000,  0,     1, 'cancelled', 'k2', 'f2', '2023-01-02 09:00');
INSERT INTO market_recovery (market_id, month, net_krw, baseline_krw, recovery, online_krw, stalls) VALUES
    ('namgwangju', '2020-03-01',  61000000, 100000000, 0.61,       0,        2),
    ('namgwangju', '2022-10-01', 123456789, 100000000, 1.23456789, 12345679, 2),
    ('namgwangju', '2022-11-01',  50000000, NULL,      NULL,       5000000,  2),
    ('namgwangju', '2022-12-01',  94100000, 100000000, 0.941,      18820000, 2);
INSERT INTO alley_recovery (market_id, alley_id, month, net_krw, baseline_krw, recovery, stalls) VALUES
    ('namgwangju', 'A1', '2020-03-01', 30000000, 60000000, 0.5,      1),
    ('namgwangju', 'A1', '2022-10-01', 78000000, 60000000, 1.3,      1),
    ('namgwangju', 'A1', '2022-12-01', 50814000, 60000000, 0.8469,   1),
    ('namgwangju', 'A2', '2022-10-01', 45456789, NULL,     NULL,     1),
    ('namgwangju', 'A2', '2022-12-01', 41404000, 40000000, 1.0351,   1);
INSERT INTO footfall_recovery (market_id, alley_id, month, visitors, baseline_visitors, recovery) VALUES
    ('namgwangju', 'A1', '2022-12-01', 8000, 10000, 0.8);
INSERT INTO program_effects (market_id, program_id, outcome, estimand, cohort, event_time, att, se, ci_low, ci_high) VALUES
    ('namgwangju', 'smartstore', 'total', 'simple', NULL, NULL, 0.10, 0.04, 0.02, 0.18),
    ('namgwangju', 'smartstore', 'total', 'att_gt', 2022, 2022, 0.50, 0.10, 0.30, 0.70);
INSERT INTO programs (market_id, program_id, name, channel) VALUES
    ('namgwangju', 'live', '라이브커머스', NULL);
INSERT INTO enrollments (market_id, program_id, stall_id, enrolled_on) VALUES
    ('namgwangju', 'smartstore', 'S1', '2022-10-05');
INSERT INTO events (market_id, event_date, stall_id, kind, title, file_sha256) VALUES
    ('namgwangju', '2022-12-10', 'S1', 'live', '굴비 <b>특가</b> 라이브', 'f3');
INSERT INTO stall_month (market_id, stall_id, month, channel, net_krw, orders) VALUES
    ('namgwangju', 'S1', '2022-09-01', 'offline',    2000000, 40),
    ('namgwangju', 'S1', '2022-10-01', 'offline',    2500000, 50),
    ('namgwangju', 'S1', '2022-10-01', 'smartstore',  500000, 10),
    ('namgwangju', 'S1', '2022-12-01', 'offline',    1800000, 36),
    ('namgwangju', 'S2', '2022-12-01', 'smartstore',   12000,  1);
INSERT INTO stall_recovery (market_id, stall_id, month, net_krw, baseline_krw, recovery, baseline_from, baseline_to,
                            reason, missing_days, missing_baseline_days) VALUES
    ('namgwangju', 'S1', '2022-09-01', 2000000, 2500000, 0.80, '2019-09-09', '2019-10-06', NULL,                0, 0),
    ('namgwangju', 'S1', '2022-10-01', 3000000, 2400000, 1.25, '2019-10-07', '2019-11-03', NULL,                0, 0),
    ('namgwangju', 'S1', '2022-11-01', 1500000, NULL,    NULL, '2019-11-04', '2019-12-01', 'missing_days',      3, 0),
    ('namgwangju', 'S1', '2022-12-01', 1800000, 2000000, 0.90, '2019-12-02', '2019-12-29', NULL,                0, 0),
    ('namgwangju', 'S2', '2022-11-01',    5000, 0,       NULL, '2019-11-04', '2019-12-01', 'no_baseline_sales', 0, 0),
    ('namgwangju', 'S2', '2022-12-01',   12000, NULL,    NULL, '2019-12-02', '2019-12-29', 'missing_baseline',  0, 28);
INSERT INTO ingest_files (file_sha256, path, source, market_id, rows_read, rows_loaded, rows_duplicate, rows_rejected,
                          rows_updated, period_from, period_to, as_of, ingested_at) VALUES
    ('f1', 'inbox/card/2022-12.csv', 'card', 'namgwangju', 10, 8, 1, 1, 0, '2022-12-01', '2022-12-31', '2023-01-02 09:00', '2023-01-03 10:00'),
    ('f2', 'inbox/smartstore/주문_20230102.xlsx', 'smartstore', 'namgwangju', 5, 3, 2, 0, 1, '2022-12-28', '2022-12-30', '2023-01-02 09:00', '2023-01-03 10:00');
INSERT INTO rejects (file_sha256, row_number, column_name, kind, reason) VALUES
    ('f1', 7, '승인금액', 'bad_amount', '"abc원" is not an amount');
INSERT INTO sensors (market_id, sensor_id, alley_id, gate) VALUES
    ('namgwangju', 'G1', 'A1', '1번 출입구'),
    ('namgwangju', 'G2', 'A2', NULL);
INSERT INTO footfall_hour (market_id, sensor_id, alley_id, hour, visitors) VALUES
    ('namgwangju', 'G1', 'A1', '2022-11-30 10:00', 120),
    ('namgwangju', 'G1', 'A1', '2022-12-01 10:00', 100),
    ('namgwangju', 'G1', 'A1', '2022-12-01 11:00', 140);
INSERT INTO program_effects (market_id, program_id, outcome, estimand, cohort, event_time, att, se, ci_low, ci_high) VALUES
    ('namgwangju', 'smartstore', 'offline',    'simple',  NULL,   NULL, -0.05,    0.04,   -0.12,    0.02),
    ('namgwangju', 'smartstore', 'online_krw', 'simple',  NULL,   NULL, 1234567,  510000, 234567,   2234567),
    ('namgwangju', 'smartstore', 'total',      'dynamic', NULL,   -2,   0.01,     0.015,  -0.02,    0.04),
    ('namgwangju', 'smartstore', 'total',      'dynamic', NULL,   -1,   -0.01,    0.02,   -0.05,    0.03),
    ('namgwangju', 'smartstore', 'total',      'dynamic', NULL,   0,    0.10,     0.04,   0.02,     0.18),
    ('namgwangju', 'smartstore', 'total',      'dynamic', NULL,   1,    0.20,     0.05,   0.10,     0.30),
    ('namgwangju', 'smartstore', 'total',      'group',   202210, NULL, 0.12,     0.056,  0.01,     0.23);

-- The comparisons, day parts, anchors, KPIs, programme impact and budget
-- of issues #4, #5 and #7, worked out by hand:
--
-- market_comparison (week, baseline); the index shows the 26 weeks ending
-- with the latest, 2022-12-26, so from 2022-07-04:
--   2022-06-27  33.3%: one week too old, not shown
--   2022-09-05  60,000,000 / 50,000,000 = 120.0% → 6,000만원, 5,000만원;
--               compared with 2019.09.08 – 09.14, 7 days aligned to 추석 at −5 … +1
--   2022-12-19  30,000,000 / 24,000,000 = 125.0%, 2019.12.16 – 12.22, same weekday
--   2022-12-26  no day matched on both sides → 자료 부족, 견줄 수 있는 기준년도 자료 없음
--   The chart spans 2022-09-05 … 2022-12-26, 17 weeks: 120.0, 14 gaps, 125.0, a gap.
-- alley_day_parts (the day parts in the order of the day: 새벽·오전 before 저녁)
--   A1 2022-12 morning 5,000 visitors, 30,000,000원 → 6,000원 a visitor; 60 hours counted
--   A1 2022-12 evening 2,000 visitors,  9,000,000원 → 4,500원; 60 counted, 6 skipped
--   A1 2022-11 morning 4,000 visitors, 20,000,000원 → 5,000원; 60 counted
--   A1 2022-11 evening no hour counted (60 skipped) → 자료 부족
--   A2 2022-12 morning 1,000 visitors,  3,000,000원 → 3,000원; 60 counted
--   market 2022-12 morning (30,000,000 + 3,000,000) / (5,000 + 1,000) = 5,500원;
--                  hours counted 60 + 60 + 60 = 180 of 186 open → 96.8%
--   market 2022-11 morning 5,000원; counted 60 of 120 → 50.0%
--   alley A1 2022-12 counted 120 of 126 → 95.2%
-- program_impact (by start, then id: live, smartstore; the whole project last)
--   smartstore  10억원 (6억 ~ 14억) → 10.0억원, 6.0 ~ 14.0억원; spend 2억 5,000만원;
--               per won 10 / 2.5 = 4.0원 (6 / 2.5 = 2.4 ~ 14 / 2.5 = 5.6원); above 0 → 늘었음
--   live        1,500만원 (−500만원 ~ 3,500만원); spend 7,000만원;
--               per won 15 / 70 = 0.21원 (−5 / 70 = −0.07 ~ 35 / 70 = 0.50원); includes 0 → 단정할 수 없음
--   all         the sums: 10억 1,500만원 → 10.2억원 (5억 9,500만원 → 6.0억원 ~ 14억 3,500만원 → 14.4억원);
--               spend 3억 2,000만원; per won 1,015 / 320 = 3.17 → 3.2원 (1.86 → 1.9 ~ 4.48 → 4.5원)
--   chart axis: up to 14.0 → 15 (half of 10 a step), down to −0.05
-- budget_plan and spend (largest plan first); the spend matches program_impact's split below:
-- direct 2억 (platform, smartstore) + 5,600만 (live) = 2억 5,600만, shared 5,400만 + 1,000만 = 6,400만,
-- smartstore's share 6,400만 × 2억 / 2억 5,600만 = 5,000만, live's 6,400만 × 5,600만 / 2억 5,600만 = 1,400만
--   platform  plan 3억원, spent 1억 5,000만원 (2021-03-15) + 5,000만원 (2021-09-30) = 2억원 → 66.7%, left 1억원
--   promotion plan 1억원, spent 5,400만원 (2021-05-02) → 54.0%, left 4,600만원
--   live      plan 8,000만원, spent 5,600만원 (2021-06-10) → 70.0%, left 2,400만원
--   office    no plan, spent 1,000만원 (2021-12-20) → 계획 없음, no rate
--   total     4억 8,000만원, 3억 2,000만원 → 66.7%, left 1억 6,000만원; spent 2021.03.15 – 2021.12.20
-- alley_comparison (month); the alley page shows the 24 months ending 2022-12, so from 2021-01:
--   A1 2020-11  44.4%: too old, not shown
--   A1 2022-09  baseline 125.0% → 초록, 2019.08.28 – 09.27 aligned to 추석 at −9 … +3 (13 days);
--               prior year 110.0%, 2021.09.04 – 10.01, the same alignment
--   A1 2022-10  baseline 130.0%; prior year: no day matched → 견줄 수 있는 전년 자료 없음
--   A1 2022-12  baseline 84.7% → 노랑; prior year 50,814,000 / 42,345,000 = 120.0%
--   A2 2022-12  baseline no_baseline_sales → 기준년도 매출 없음, 자료 부족
-- anchor_stalls: A1's latest month, 2022-12: S1 1,800,000 − 2,000,000 = −200,000, share 100.0%, the anchor;
--   S3 (no row in stalls) changed 0 and is no anchor. The alley changed −200,000원 over 2 stalls.
--   A1 2022-11 is older and not shown.
-- stall_comparison (month, S1): 2022-09 aligned to 추석 at −9 … +3, prior year 125.0%;
--   2022-10 prior year missing_baseline → 전년 자료 없음; 2022-11 prior year missing_days
--   (the note says it once); 2022-12 prior year 75.0%. stall_recovery.relative_recovery
--   2022-12 0.90 / 0.8469 = 1.063 → 1.06배.
-- stall_kpi (S1): 2022-10 300만원, 60 orders, 50,000원 a order, online 16.7%, 8 buyers, 25.0% repeat;
--   2022-11 online share NULL (3 days without data), no buyer → –; 2021-06 (999 orders) is older than
--   the 12 months shown.
-- shortlist (smartstore; 입점 후보 page)
--   rank 1 S2 <script>: gain 3,408,305 → (3,408,305 + 5,000) / 10,000 = 341만원; 1,969,948 → 197만원;
--     4,994,756 → 499만원; effect 0.25 → e^0.25 − 1 = +28.4%; 12,000,000 → 1,200만원; recovery 82.0% (94.1%);
--     in the budget → 예; its reasons hold HTML, shown as text.
--   budget: 5,000,000 a stall from the ledger, 7,000,000 left → 1 stall, 341만원 (200만원 ~ 490만원).
--   excluded: S3 (no row in stalls, so shown by its id) 입점 상담에서 참여를 원하지 않음.
--   group banchan/A2: 2 stalls, raw 0.30 → +35.0%, weight 0.8 → 80.0%, pooled 0.26 → +29.7%,
--     0.18 → +19.7% ~ 0.34 → +40.5%.
--   backtest: the 2022-10 wave of 3 stalls, 2 months after; Spearman 0.50 → 대략적인 참고용;
--     top third 60.0% vs 33.3%. S1 predicted rank 1, 1,000,000 → 100만원, realised 500,000원, effect 0.1 → +10.5%.
INSERT INTO shortlist (market_id, program_id, rank, stall_id, expected_gain_krw, gain_low_krw, gain_high_krw, reasons,
                       group_key, effect, effect_low, effect_high, sales_12m_krw, sales_months, recovery, market_recovery,
                       footfall_recovery, cost_krw, in_budget) VALUES
    ('namgwangju', 'smartstore', 1, 'S2', 3408305, 1969948, 4994756, '같은 품목·골목 <b>참여</b> 점포 2곳.',
     'banchan/A2', 0.25, 0.152, 0.348, 12000000, 12, 0.82, 0.941, NULL, 5000000, true);
INSERT INTO shortlist_budget (market_id, program_id, cost_krw, cost_source, budget_left_krw, stalls, gain_krw,
                              gain_low_krw, gain_high_krw, note) VALUES
    ('namgwangju', 'smartstore', 5000000, 'ledger', 7000000, 1, 3408305, 2000000, 4900000, NULL);
INSERT INTO shortlist_excluded (market_id, program_id, stall_id, reason) VALUES
    ('namgwangju', 'smartstore', 'S3', '입점 상담에서 참여를 원하지 않음');
INSERT INTO shortlist_groups (market_id, program_id, group_key, category, alley_id, n_stalls, raw_att, raw_se, weight,
                              att, se, ci_low, ci_high, overall_att, overall_se, tau2) VALUES
    ('namgwangju', 'smartstore', 'banchan/A2', 'banchan', 'A2', 2, 0.30, 0.05, 0.8, 0.26, 0.04, 0.18, 0.34, 0.10, 0.02, 0.01);
INSERT INTO shortlist_backtest (market_id, program_id, cutoff, wave_stalls, months_after, spearman, top_third_share,
                                random_share, random_p, note) VALUES
    ('namgwangju', 'smartstore', '2022-10-01', 3, 2, 0.5, 0.6, 0.333333, 0.333333, NULL);
INSERT INTO shortlist_backtest_stalls (market_id, program_id, stall_id, predicted_rank, predicted_gain_krw,
                                       realised_effect, realised_gain_krw) VALUES
    ('namgwangju', 'smartstore', 'S1', 1, 1000000, 0.1, 500000);
INSERT INTO market_comparison (market_id, period, period_start, comparison, net_krw, baseline_krw, recovery, online_krw,
                               reason, stalls, days, matched_days, baseline_from, baseline_to, rule, holiday_days,
                               offset_from, offset_to) VALUES
    ('namgwangju', 'week', '2022-06-27', 'baseline', 10000000, 30000000, 0.333,  0, NULL, 2, 14, 14, '2019-06-24', '2019-06-30', 'weekday', 0, NULL, NULL),
    ('namgwangju', 'week', '2022-09-05', 'baseline', 60000000, 50000000, 1.2,    0, NULL, 2, 14, 14, '2019-09-08', '2019-09-14', 'chuseok', 7, -5,   1),
    ('namgwangju', 'week', '2022-12-19', 'baseline', 30000000, 24000000, 1.25,   0, NULL, 2, 14, 14, '2019-12-16', '2019-12-22', 'weekday', 0, NULL, NULL),
    ('namgwangju', 'week', '2022-12-26', 'baseline', 0,        0,        NULL,   0, 'no_matched_days', 0, 12, 0, NULL, NULL, 'weekday', 0, NULL, NULL),
    ('namgwangju', 'week', '2022-12-19', 'prior_year', 30000000, 10000000, 3.0,  0, NULL, 2, 14, 14, '2021-12-20', '2021-12-26', 'weekday', 0, NULL, NULL);
INSERT INTO alley_day_parts (market_id, alley_id, month, part, name, hours, hours_skipped, visitors, offline_krw,
                             transactions, sales_per_visitor, transactions_per_100) VALUES
    ('namgwangju', 'A1', '2022-11-01', 'evening', '저녁',      0,  60, 0,    0,        0,   NULL, NULL),
    ('namgwangju', 'A1', '2022-11-01', 'morning', '새벽·오전', 60, 0,  4000, 20000000, 400, 5000, 10),
    ('namgwangju', 'A1', '2022-12-01', 'evening', '저녁',      60, 6,  2000, 9000000,  150, 4500, 7.5),
    ('namgwangju', 'A1', '2022-12-01', 'morning', '새벽·오전', 60, 0,  5000, 30000000, 600, 6000, 12),
    ('namgwangju', 'A2', '2022-12-01', 'morning', '새벽·오전', 60, 0,  1000, 3000000,  50,  3000, 5);
INSERT INTO program_impact (market_id, program_id, name, basis, att, ci_low, ci_high, sales_krw, incremental_krw,
                            low_krw, high_krw, spend_krw, direct_krw, shared_krw, krw_per_won, low, high, verdict) VALUES
    ('namgwangju', 'smartstore', '스마트스토어 입점 지원', 'simple ATT', 0.1, 0.06, 0.14, 11000000000, 1000000000,
     600000000, 1400000000, 250000000, 200000000, 50000000, 4.0, 2.4, 5.6, '스마트스토어 입점 지원: 참여 점포의 월 매출이 늘었습니다.'),
    ('namgwangju', 'live', '라이브커머스', 'daily', 0.2, -0.1, 0.5, 90000000, 15000000,
     -5000000, 35000000, 70000000, 56000000, 14000000, 0.2142857, -0.0714286, 0.5, '라이브커머스: 방송 <b>효과</b>는 단정할 수 없습니다.'),
    ('namgwangju', 'all', '사업 전체', 'sum', NULL, NULL, NULL, 11090000000, 1015000000,
     595000000, 1435000000, 320000000, 320000000, 0, 3.171875, 1.859375, 4.484375, '사업 전체: 2개 사업으로 늘어난 매출은 약 10.2억 원입니다.');
INSERT INTO budget_plan (market_id, component, name, plan_krw) VALUES
    ('namgwangju', 'platform',  '플랫폼 입점 지원', 300000000),
    ('namgwangju', 'promotion', '홍보',            100000000),
    ('namgwangju', 'live',      '라이브커머스',      80000000);
INSERT INTO spend (market_id, component, month, amount_krw, spent_on, item, memo, line_key, file_sha256) VALUES
    ('namgwangju', 'platform',  '2021-03-01', 150000000, '2021-03-15', NULL, NULL, 'l1', 'f4'),
    ('namgwangju', 'platform',  '2021-09-01',  50000000, '2021-09-30', NULL, NULL, 'l2', 'f4'),
    ('namgwangju', 'promotion', '2021-05-01',  54000000, '2021-05-02', NULL, NULL, 'l3', 'f4'),
    ('namgwangju', 'live',      '2021-06-01',  56000000, '2021-06-10', NULL, NULL, 'l5', 'f4'),
    ('namgwangju', 'office',    '2021-12-01',  10000000, '2021-12-20', NULL, NULL, 'l4', 'f4');
INSERT INTO alley_comparison (market_id, alley_id, period, period_start, comparison, net_krw, baseline_krw, recovery,
                              relative_recovery, grade, reason, stalls, days, matched_days, baseline_from, baseline_to,
                              rule, holiday_days, offset_from, offset_to) VALUES
    ('namgwangju', 'A1', 'month', '2020-11-01', 'baseline',   20000000, 45000000, 0.444,  NULL, 'red',    NULL, 1, 30, 30, '2019-10-29', '2019-11-27', 'weekday', 0,  NULL, NULL),
    ('namgwangju', 'A1', 'month', '2022-09-01', 'baseline',   50000000, 40000000, 1.25,   NULL, 'green',  NULL, 1, 30, 30, '2019-08-28', '2019-09-27', 'chuseok', 13, -9,   3),
    ('namgwangju', 'A1', 'month', '2022-09-01', 'prior_year', 50000000, 45454545, 1.1,    NULL, 'green',  NULL, 1, 30, 30, '2021-09-04', '2021-10-01', 'chuseok', 13, -9,   3),
    ('namgwangju', 'A1', 'month', '2022-10-01', 'baseline',   78000000, 60000000, 1.3,    1.053, 'green', NULL, 1, 31, 31, '2019-09-28', '2019-10-28', 'weekday', 0,  NULL, NULL),
    ('namgwangju', 'A1', 'month', '2022-10-01', 'prior_year', 0,        0,        NULL,   NULL, NULL,     'no_matched_days', 0, 31, 0, NULL, NULL, 'weekday', 0, NULL, NULL),
    ('namgwangju', 'A1', 'month', '2022-12-01', 'baseline',   50814000, 60000000, 0.8469, 0.9,  'yellow', NULL, 1, 31, 31, '2019-11-28', '2019-12-28', 'weekday', 0,  NULL, NULL),
    ('namgwangju', 'A1', 'month', '2022-12-01', 'prior_year', 50814000, 42345000, 1.2,    NULL, 'green',  NULL, 1, 31, 31, '2021-12-02', '2021-12-31', 'weekday', 0,  NULL, NULL),
    ('namgwangju', 'A2', 'month', '2022-12-01', 'baseline',   41404000, 0,        NULL,   NULL, NULL,     'no_baseline_sales', 1, 31, 31, '2019-11-28', '2019-12-28', 'weekday', 0, NULL, NULL);
INSERT INTO anchor_stalls (market_id, alley_id, month, stall_id, net_krw, baseline_krw, change_krw, share, rank, anchor) VALUES
    ('namgwangju', 'A1', '2022-11-01', 'S1', 1500000, 1000000,  500000, 1.0, 1, true),
    ('namgwangju', 'A1', '2022-12-01', 'S1', 1800000, 2000000, -200000, 1.0, 1, true),
    ('namgwangju', 'A1', '2022-12-01', 'S3',  500000,  500000,       0, 0.0, 2, false);
INSERT INTO stall_comparison (market_id, stall_id, period, period_start, comparison, net_krw, baseline_krw, recovery,
                              reason, baseline_from, baseline_to, rule, holiday_days, offset_from, offset_to,
                              days, missing_days, missing_baseline_days) VALUES
    ('namgwangju', 'S1', 'month', '2022-09-01', 'baseline',   2000000, 2500000, 0.80, NULL,               '2019-09-09', '2019-10-06', 'chuseok', 13, -9, 3, 30, 0, 0),
    ('namgwangju', 'S1', 'month', '2022-09-01', 'prior_year', 2000000, 1600000, 1.25, NULL,               '2021-09-04', '2021-10-01', 'chuseok', 13, -9, 3, 30, 0, 0),
    ('namgwangju', 'S1', 'month', '2022-10-01', 'baseline',   3000000, 2400000, 1.25, NULL,               '2019-10-07', '2019-11-03', 'weekday', 0, NULL, NULL, 31, 0, 0),
    ('namgwangju', 'S1', 'month', '2022-10-01', 'prior_year', 3000000, NULL,    NULL, 'missing_baseline', '2021-10-02', '2021-11-01', 'weekday', 0, NULL, NULL, 31, 0, 31),
    ('namgwangju', 'S1', 'month', '2022-11-01', 'baseline',   1500000, NULL,    NULL, 'missing_days',     '2019-11-04', '2019-12-01', 'weekday', 0, NULL, NULL, 30, 3, 0),
    ('namgwangju', 'S1', 'month', '2022-11-01', 'prior_year', 1500000, NULL,    NULL, 'missing_days',     '2021-11-02', '2021-12-01', 'weekday', 0, NULL, NULL, 30, 3, 0),
    ('namgwangju', 'S1', 'month', '2022-12-01', 'baseline',   1800000, 2000000, 0.90, NULL,               '2019-12-02', '2019-12-29', 'weekday', 0, NULL, NULL, 31, 0, 0),
    ('namgwangju', 'S1', 'month', '2022-12-01', 'prior_year', 1800000, 2400000, 0.75, NULL,               '2021-12-02', '2021-12-31', 'weekday', 0, NULL, NULL, 31, 0, 0);
UPDATE stall_recovery SET relative_recovery = 0.90 / 0.8469 WHERE stall_id = 'S1' AND month = '2022-12-01';
INSERT INTO stall_kpi (market_id, stall_id, month, net_krw, orders, aov_krw, online_krw, online_orders, online_aov_krw,
                       online_share, buyers, repeat_buyers, repeat_rate, missing_days) VALUES
    ('namgwangju', 'S1', '2021-06-01', 9990000, 999, 10000, 0,      0,  NULL,  0.0,      0, 0, NULL, 0),
    ('namgwangju', 'S1', '2022-10-01', 3000000, 60,  50000, 500000, 10, 50000, 0.166667, 8, 2, 0.25, 0),
    ('namgwangju', 'S1', '2022-11-01', 1500000, 30,  50000, 0,      0,  NULL,  NULL,     0, 0, NULL, 3),
    ('namgwangju', 'S1', '2022-12-01', 1800000, 36,  50000, 0,      0,  NULL,  0.0,      0, 0, NULL, 0);

-- The rest of the evaluation page (issue #7), worked out by hand:
--
-- program_impact, smartstore (with the columns above)
--   effect 0.1 (0.06 ~ 0.14) → +10.5% (95% 신뢰구간 +6.2% ~ +15.0%); sales 110억 → 110.0억원;
--   incremental 10.0억원 (95% 구간 6.0 ~ 14.0억원); spend 2억 5,000만원 = direct 2억원 + shared 5,000만원;
--   per won 4.0원 (2.4 ~ 5.6원); per direct won 10억 / 2억 = 5.0원
--   budget shares (see budget_plan and spend): 플랫폼 입점 지원 2억원, all of it (직접비);
--     홍보 5,400만 × 5,000만 / 6,400만 = 42,187,500 → 4,219만원; office 1,000만 × 5,000만 / 6,400만 = 7,812,500 → 781만원;
--     together 2억 5,000만원, its spend_krw
--   placebo (program_effects, estimand placebo, event time −6) 0.02 (−0.03 ~ 0.07) → +2.0% (−3.0% ~ +7.3%),
--     pretrend_p 0.41 → 0과 구별되지 않습니다; wald_p 0.03 → below 0.05, the note says so
--   sensitivity_multiple 0.8 → 0.80배, below 1 → 추세 가정에 민감
--   persisted 3 months after support at 0.08 (0.01 ~ 0.15) → +8.3% (+1.0% ~ +16.2%); programs has no
--     ends_on, so no month after 지원 종료
--   1 small cohort; dropped 개점·폐점한 달의 점포-월 4개 제외
-- program_impact, live: day 0 effect 0.2 (−0.1 ~ 0.5) → 1.22배 (0.90 ~ 1.65배); sales 9,000만원;
--   spend 7,000만원 = direct 5,600만원 + shared 1,400만원; per direct won 1,500만 / 5,600만 = 0.27원;
--   budget shares 라이브커머스 5,600만원 (직접비), 홍보 5,400만 × 1,400만 / 6,400만 = 11,812,500 → 1,181만원,
--   office 1,000만 × 1,400만 / 6,400만 = 2,187,500 → 219만원; persistence unknown, so no 지속 part
-- live_effects (the page shows them as stored: they are not made to add up to program_impact's live row)
--   −3 day  0.05 (−0.15 ~ 0.25) → 1.05배 (0.86 ~ 1.28배), 1배 inside → 구별되지 않음
--   −2 day  no row → a gap: 자료 부족
--   −1 day  0.30 (0.05 ~ 0.55) → 1.35배 (1.05 ~ 1.73배), 1배 outside → 주의; incremental 0 (as metrics writes it), not shown
--    0 day  0.20 (−0.10 ~ 0.50) → 1.22배 (0.90 ~ 1.65배), 5 stall-days of 3 stalls;
--           9,000,000 × (1 − e^−0.2) = 1,631,423 → 163만원, × (1 − e^0.1) = −946,538원, × (1 − e^−0.5) = 3,541,224 → 354만원
--   +1 day  0.10 (0.02 ~ 0.18) → 1.11배 (1.02 ~ 1.20배); 6,000,000 × (1 − e^−0.1) = 570,975원,
--           × (1 − e^−0.02) = 118,808원, × (1 − e^−0.18) = 988,379원 → 늘었음
--   chart: multipliers 1.05, -, 1.35, 1.22, 1.11; band 0.86 + 0.42, -, 1.05 + 0.68, 0.90 + 0.75, 1.02 + 0.18
-- spillover, smartstore: 0.01 (−0.02 ~ 0.04) → +1.0% (−2.0% ~ +4.1%), includes 0 → 파급의 징후 없음;
--   high A1 생선골목 (3곳), low A2 <script> (4곳), shown escaped
INSERT INTO program_effects (market_id, program_id, outcome, estimand, cohort, event_time, att, se, ci_low, ci_high) VALUES
    ('namgwangju', 'smartstore', 'total', 'placebo', NULL, -6, 0.02, 0.025, -0.03, 0.07);
UPDATE program_impact SET krw_per_won_direct = 5.0, pretrend_p = 0.41, wald_p = 0.03, sensitivity_multiple = 0.8,
    small_cohorts = 1, dropped = '개점·폐점한 달의 점포-월 4개 제외', persistence = 'persisted', post_support_months = 3,
    persist_att = 0.08, persist_low = 0.01, persist_high = 0.15
WHERE program_id = 'smartstore';
UPDATE program_impact SET krw_per_won_direct = 15000000 / 56000000, small_cohorts = 0, dropped = '',
    persistence = 'unknown', persist_att = 0, persist_low = 0, persist_high = 0
WHERE program_id = 'live';
INSERT INTO live_effects (market_id, day_offset, att, se, ci_low, ci_high, n_events, n_stalls, multiplier, sales_krw,
                          incremental_krw, low_krw, high_krw) VALUES
    ('namgwangju', -3, 0.05, 0.1,  -0.15, 0.25, 4, 2, 1.0512711, 2000000, NULL,    NULL,    NULL),
    ('namgwangju', -1, 0.30, 0.125, 0.05, 0.55, 5, 3, 1.3498588, 2500000, 0,       0,       0),
    ('namgwangju',  0, 0.20, 0.15, -0.10, 0.50, 5, 3, 1.2214028, 9000000, 1631423, -946538, 3541224),
    ('namgwangju',  1, 0.10, 0.04,  0.02, 0.18, 5, 3, 1.1051709, 6000000, 570975,  118808,  988379);
INSERT INTO spillover (market_id, program_id, att, se, ci_low, ci_high, note, first_month, high_alleys, low_alleys,
                       n_high, n_low) VALUES
    ('namgwangju', 'smartstore', 0.01, 0.015, -0.02, 0.04,
     '참여 비율이 높은 골목(A1)의 미참여 점포 3곳과 낮은 골목(A2)의 미참여 점포 4곳의 2022년 10월 전후 매출 변화 비교.',
     '2022-10-01', 'A1', 'A2', 3, 4);

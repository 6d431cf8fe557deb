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

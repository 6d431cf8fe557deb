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
--   smartstore log_net_krw att 0.10 → exp(0.10)-1 = +10.5%;
--   ci 0.02 → +2.0%, 0.18 → +19.7%; the interval is above 0 → 늘었다고 볼 수 있습니다
--   an att_gt row with att 0.50 (+64.9%) must not show.
-- Data cut-off: the last sale_date, 2022-12-30.

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

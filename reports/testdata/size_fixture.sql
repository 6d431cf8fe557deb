-- A market the size of the default demo (sijang demo: 150 stalls in 6
-- alleys, 2019-01 to 2022-12, 1,216 export files), for the report's size
-- budget. The figures are filler; only the amount of data is realistic:
-- every stall sells offline every month, 40 on Smart Store and 20 on
-- 동네시장 장보기 from 2020-11, 12 counters count 18 hours a day, and three
-- programs have event studies from 45 months before joining to 25 after.

INSERT INTO markets (market_id, name, district, baseline_year, grade_green, grade_yellow) VALUES ('namgwangju', '남광주시장', '광주광역시 동구', 2019, 1.0, 0.8);
INSERT INTO alleys (market_id, alley_id, name) VALUES
    ('namgwangju', 'seafood', '수산물 거리'), ('namgwangju', 'gukbap', '국밥 거리'),
    ('namgwangju', 'banchan', '반찬 거리'), ('namgwangju', 'fruit', '청과 거리'),
    ('namgwangju', 'meat', '정육 거리'), ('namgwangju', 'tteok', '떡·분식 거리');
INSERT INTO stalls (market_id, stall_id, name, alley_id, category)
SELECT 'namgwangju', printf('S%03d', i), '형제젓갈 완도수산 ' || i,
       ['seafood', 'gukbap', 'banchan', 'fruit', 'meat', 'tteok'][i % 6 + 1], '수산'
FROM range(1, 151) AS t(i);
INSERT INTO programs (market_id, program_id, name, channel, starts_on, ends_on) VALUES
    ('namgwangju', 'smartstore', '스마트스토어 입점', 'smartstore', '2020-11-02', '2022-12-31'),
    ('namgwangju', 'jangbogi', '동네시장 장보기', 'jangbogi', '2020-11-23', '2022-12-31'),
    ('namgwangju', 'training', '스마트 플랫폼 교육', NULL, '2021-01-01', '2022-12-31'),
    ('namgwangju', 'live', '라이브커머스', NULL, '2021-01-01', '2022-12-31');
INSERT INTO enrollments (market_id, program_id, stall_id, enrolled_on)
SELECT 'namgwangju', ['smartstore', 'jangbogi', 'training'][i % 3 + 1], printf('S%03d', i),
       DATE '2020-11-02' + INTERVAL (i * 11) DAY
FROM range(1, 61) AS t(i);
INSERT INTO events (market_id, event_date, stall_id, kind, title, file_sha256)
SELECT 'namgwangju', DATE '2021-01-05' + INTERVAL (i * 9) DAY, printf('S%03d', i % 150 + 1), 'live',
       '남광주시장 새벽장 라이브: 나주수산·떡갈비본가 덕이네 흑산도 홍어회 500g', 'f'
FROM range(1, 121) AS t(i);
INSERT INTO sales (market_id, stall_id, channel, source, order_key, sold_at, sale_date,
                   gross_krw, net_krw, qty, status, buyer_key, file_sha256, as_of) VALUES
    ('namgwangju', 'S001', 'offline', 'card', 'o1', '2019-01-01 10:00', '2019-01-01', 1000, 1000, 1, 'paid', NULL, 'f', '2023-01-02'),
    ('namgwangju', 'S001', 'offline', 'card', 'o2', '2022-12-31 10:00', '2022-12-31', 1000, 1000, 1, 'paid', NULL, 'f', '2023-01-02');

CREATE TEMP TABLE months AS
SELECT (DATE '2019-01-01' + INTERVAL (m) MONTH)::DATE AS month FROM range(48) AS t(m);
INSERT INTO stall_month (market_id, stall_id, month, channel, net_krw, orders)
SELECT 'namgwangju', s.stall_id, m.month, c.channel, 10000000 + hash(s.stall_id, m.month, c.channel) % 30000000, 300
FROM stalls AS s CROSS JOIN months AS m CROSS JOIN (VALUES ('offline'), ('smartstore'), ('jangbogi')) AS c(channel)
WHERE c.channel = 'offline'
   OR (m.month >= DATE '2020-11-01' AND c.channel = 'smartstore' AND s.stall_id <= 'S040')
   OR (m.month >= DATE '2020-11-01' AND c.channel = 'jangbogi' AND s.stall_id > 'S130');
INSERT INTO stall_recovery (market_id, stall_id, month, net_krw, baseline_krw, recovery, baseline_from, baseline_to,
                            reason, missing_days, missing_baseline_days)
SELECT 'namgwangju', s.stall_id, m.month, 20000000 + hash(s.stall_id, m.month) % 9000000, 25000000,
       CASE WHEN hash(s.stall_id, m.month) % 20 = 0 THEN NULL ELSE 0.6 + (hash(s.stall_id, m.month) % 600) / 1000 END,
       (m.month - INTERVAL 1095 DAY)::DATE, (m.month - INTERVAL 1066 DAY)::DATE,
       CASE WHEN hash(s.stall_id, m.month) % 20 = 0 THEN 'missing_days' END,
       CASE WHEN hash(s.stall_id, m.month) % 20 = 0 THEN 3 ELSE 0 END, 0
FROM stalls AS s CROSS JOIN months AS m;
INSERT INTO market_recovery (market_id, month, net_krw, baseline_krw, recovery, online_krw, stalls, baseline_from, baseline_to)
SELECT 'namgwangju', month, 3400000000, 3600000000, 0.944, 120000000, 150, month, month FROM months;
INSERT INTO alley_recovery (market_id, alley_id, month, net_krw, baseline_krw, recovery, stalls, baseline_from, baseline_to)
SELECT 'namgwangju', a.alley_id, m.month, 560000000, 600000000, 0.933, 25, m.month, m.month
FROM alleys AS a CROSS JOIN months AS m;
INSERT INTO footfall_recovery (market_id, alley_id, month, visitors, baseline_visitors, recovery, sensor_hours)
SELECT 'namgwangju', a.alley_id, m.month, 75000, 80000, 0.9375, 1116 FROM alleys AS a CROSS JOIN months AS m;
INSERT INTO sensors (market_id, sensor_id, alley_id, gate)
SELECT 'namgwangju', 'G-' || upper(alley_id) || '-' || g, alley_id, g || '번 출입구'
FROM alleys CROSS JOIN range(1, 3) AS t(g);
INSERT INTO footfall_hour (market_id, sensor_id, alley_id, hour, visitors)
SELECT 'namgwangju', s.sensor_id, s.alley_id, DATE '2019-01-01' + INTERVAL (d) DAY + INTERVAL (5 + h) HOUR, 100
FROM sensors AS s CROSS JOIN range(1461) AS t(d) CROSS JOIN range(18) AS u(h);

INSERT INTO ingest_files (file_sha256, path, source, market_id, rows_read, rows_loaded, rows_duplicate, rows_rejected,
                          rows_updated, period_from, period_to, as_of, ingested_at)
SELECT printf('%064d', i), printf('/home/namgwangju/sijang/inbox/smartstore/namgwangju/S%03d/네이버페이_전체주문발주발송관리_2021%02d02_0900.xlsx', i % 150, i % 12 + 1),
       'smartstore', 'namgwangju', 190, 95, 95, 0, 20, '2021-05-02', '2021-06-01', '2021-06-02 09:00', '2023-01-03 10:00'
FROM range(1, 1217) AS t(i);
INSERT INTO rejects (file_sha256, row_number, column_name, kind, reason)
SELECT printf('%064d', i % 1216 + 1), 3000 + i, '승인금액', 'bad_amount', '"abc원" is not an amount'
FROM range(250) AS t(i);

INSERT INTO program_effects (market_id, program_id, outcome, estimand, cohort, event_time, att, se, ci_low, ci_high)
SELECT 'namgwangju', p.program_id, o.outcome, 'simple', NULL, NULL, 0.1, 0.02, 0.06, 0.14
FROM (VALUES ('smartstore'), ('jangbogi'), ('training')) AS p(program_id)
CROSS JOIN (VALUES ('total'), ('offline'), ('online_krw')) AS o(outcome);
INSERT INTO program_effects (market_id, program_id, outcome, estimand, cohort, event_time, att, se, ci_low, ci_high)
SELECT 'namgwangju', p.program_id, o.outcome, 'dynamic', NULL, e, 0.01 * (e % 5), 0.03, 0.01 * (e % 5) - 0.06, 0.01 * (e % 5) + 0.06
FROM (VALUES ('smartstore'), ('jangbogi'), ('training')) AS p(program_id)
CROSS JOIN (VALUES ('total'), ('offline'), ('online_krw')) AS o(outcome)
CROSS JOIN range(-45, 26) AS t(e);
INSERT INTO program_effects (market_id, program_id, outcome, estimand, cohort, event_time, att, se, ci_low, ci_high)
SELECT 'namgwangju', p.program_id, o.outcome, 'group', c, NULL, 0.1, 0.03, 0.04, 0.16
FROM (VALUES ('smartstore'), ('jangbogi'), ('training')) AS p(program_id)
CROSS JOIN (VALUES ('total'), ('offline'), ('online_krw')) AS o(outcome)
CROSS JOIN (VALUES (202011), (202103), (202107), (202111)) AS t(c);

-- The tables of issues #4 and #5 the report reads, at the default demo's
-- size: comparisons by week and month against the baseline and the prior
-- year (holiday-aligned near 추석), KPIs, anchors, day parts, programme
-- impact with verdicts as long as the demo's, budget plan and spend.
CREATE TEMP TABLE weeks AS
SELECT (DATE '2018-12-31' + INTERVAL (7 * w) DAY)::DATE AS week FROM range(209) AS t(w);
INSERT INTO market_comparison (market_id, period, period_start, comparison, net_krw, baseline_krw, recovery, online_krw,
                               reason, stalls, days, matched_days, baseline_from, baseline_to, rule, holiday_days,
                               offset_from, offset_to)
SELECT 'namgwangju', 'week', week, c, 580000000, 550000000, 1.0545, 72000000, NULL, 145, 1036, 1015,
       (week - INTERVAL 1099 DAY)::DATE, (week - INTERVAL 1079 DAY)::DATE, 'chuseok', 7, -10, 3
FROM weeks CROSS JOIN (VALUES ('baseline'), ('prior_year')) AS t(c);
INSERT INTO alley_comparison (market_id, alley_id, period, period_start, comparison, net_krw, baseline_krw, recovery,
                              relative_recovery, grade, reason, stalls, days, matched_days, baseline_from, baseline_to,
                              rule, holiday_days, offset_from, offset_to)
SELECT 'namgwangju', a.alley_id, 'month', m.month, c, 1008356650, 894293900, 1.1275, 1.0918, 'green', NULL, 25, 1395, 1395,
       (m.month - INTERVAL 1099 DAY)::DATE, (m.month - INTERVAL 1066 DAY)::DATE, 'chuseok', 13, -10, 3
FROM alleys AS a CROSS JOIN months AS m CROSS JOIN (VALUES ('baseline'), ('prior_year')) AS t(c);
INSERT INTO stall_comparison (market_id, stall_id, period, period_start, comparison, net_krw, baseline_krw, recovery,
                              reason, baseline_from, baseline_to, rule, holiday_days, offset_from, offset_to,
                              days, missing_days, missing_baseline_days)
SELECT 'namgwangju', s.stall_id, 'month', m.month, c, 20000000, 25000000,
       CASE WHEN c = 'prior_year' AND m.month < DATE '2020-01-01' THEN NULL ELSE 0.8 END,
       CASE WHEN c = 'prior_year' AND m.month < DATE '2020-01-01' THEN 'missing_baseline' END,
       (m.month - INTERVAL 1095 DAY)::DATE, (m.month - INTERVAL 1066 DAY)::DATE, 'chuseok', 13, -10, 3, 30, 0, 0
FROM stalls AS s CROSS JOIN months AS m CROSS JOIN (VALUES ('baseline'), ('prior_year')) AS t(c);
UPDATE stall_recovery SET relative_recovery = 0.9876;
INSERT INTO stall_kpi (market_id, stall_id, month, net_krw, orders, aov_krw, online_krw, online_orders, online_aov_krw,
                       online_share, buyers, repeat_buyers, repeat_rate, missing_days)
SELECT 'namgwangju', s.stall_id, m.month, 33478300, 696, 48101, 14240200, 476, 29916, 0.4253, 309, 215, 0.6958, 0
FROM stalls AS s CROSS JOIN months AS m;
INSERT INTO anchor_stalls (market_id, alley_id, month, stall_id, net_krw, baseline_krw, change_krw, share, rank, anchor)
SELECT 'namgwangju', s.alley_id, m.month, s.stall_id, 55931800, 40725800, 15206000, 0.04,
       row_number() OVER (PARTITION BY s.alley_id, m.month ORDER BY s.stall_id), s.stall_id <= 'S060'
FROM stalls AS s CROSS JOIN months AS m;
INSERT INTO alley_day_parts (market_id, alley_id, month, part, name, hours, hours_skipped, visitors, offline_krw,
                             transactions, sales_per_visitor, transactions_per_100)
SELECT 'namgwangju', a.alley_id, m.month, p.part, p.name, 186, 0, 77789, 412070900, 4793, 5297.29, 6.16
FROM alleys AS a CROSS JOIN months AS m
CROSS JOIN (VALUES ('morning', '새벽·오전'), ('midday', '낮'), ('evening', '저녁')) AS p(part, name);
INSERT INTO program_impact (market_id, program_id, name, basis, att, ci_low, ci_high, sales_krw, incremental_krw,
                            low_krw, high_krw, spend_krw, direct_krw, shared_krw, krw_per_won, low, high, verdict)
SELECT 'namgwangju', p, p, 'basis', 0.22, 0.19, 0.25, 15141872193, 2994142303, 2608975429, 3367472047,
       348287944, 237500000, 110787944, 8.6, 7.5, 9.7, repeat('참여 점포의 월 매출(전 채널)이 같은 품목의 비교 점포보다 늘었습니다. ', 15)
FROM (VALUES ('smartstore'), ('jangbogi'), ('training'), ('live'), ('all')) AS t(p);
INSERT INTO budget_plan (market_id, component, name, plan_krw) VALUES
    ('namgwangju', 'platform', '플랫폼 입점 지원', 250000000), ('namgwangju', 'delivery', '배송 지원', 150000000),
    ('namgwangju', 'live', '라이브커머스', 180000000), ('namgwangju', 'training', '교육', 100000000),
    ('namgwangju', 'promotion', '홍보', 170000000), ('namgwangju', 'office', '사업단 운영', 150000000);
INSERT INTO spend (market_id, component, month, amount_krw, spent_on, item, memo, line_key, file_sha256)
SELECT 'namgwangju', b.component, m.month, 3800000, m.month + INTERVAL 14 DAY, NULL, NULL, b.component || m.month, 'f'
FROM budget_plan AS b CROSS JOIN months AS m WHERE m.month >= DATE '2021-01-01';

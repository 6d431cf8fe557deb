-- day_parts: the hours of the day with their day part and whether the market is open; the one place day parts are defined.
-- grain: one row per hour 0..23 (the hour a reading or a payment starts in): 새벽·오전 before 11:00, 낮 11:00–17:00, 저녁 from 17:00; open 05:00–23:00.
-- inputs: none.
INSERT INTO day_parts (hour, part, name, open)
SELECT h,
       CASE WHEN h < 11 THEN 'morning' WHEN h < 17 THEN 'midday' ELSE 'evening' END,
       CASE WHEN h < 11 THEN '새벽·오전' WHEN h < 17 THEN '낮' ELSE '저녁' END,
       h BETWEEN 5 AND 22
FROM range(24) AS t(h)

-- Returns every stall's monthly net sales by channel.
-- Grain: one row per stall, month and channel, by stall then month.
-- Inputs: ? market_id.
SELECT stall_id, month, channel, net_krw
FROM stall_month
WHERE market_id = ?
ORDER BY stall_id, month, channel

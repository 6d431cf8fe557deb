-- sales_span: how many lines of the batch's source and markets the warehouse holds in the batch's days (none: nothing
-- stored can contend with the batch).
-- grain: one row. inputs: sales; $1 source, $2..$3 the batch's days, $4 its markets.
SELECT count(*) FROM sales WHERE source = $1 AND sale_date BETWEEN $2::DATE AND $3::DATE AND market_id = ANY($4)

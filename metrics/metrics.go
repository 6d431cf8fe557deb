// Package metrics rebuilds the derived tables of the warehouse from its
// facts: sales by stall, alley and market per day, week and month; which
// days and sources each stall has data for; like-for-like comparison days
// (MatchDay) and, on them, recovery per stall, alley and market by week and
// month against the baseline year, the prior year and the previous period,
// with relative recovery, grades and anchor stalls; stall KPIs; footfall
// with its coverage, footfall recovery and sales per visitor by day part.
// Each table is built by the embedded sql/<table>.sql (TABLES.md lists
// them); the day matching is Go. Update rebuilds the rows that can depend on
// the days ingest marked changed (metrics_pending); Rebuild replaces every
// derived table. Each runs in one transaction, so re-running is safe and a
// failure leaves the previous tables in place.
package metrics

// Package metrics rebuilds the derived tables of the warehouse from its
// facts: sales by stall and day, coverage, like-for-like baseline days,
// and recovery per stall, alley and market, and for footfall. Each table is
// built by the embedded sql/<table>.sql; the day matching is Go (MatchDay).
// Rebuild replaces every derived table in one transaction, so re-running is
// safe and a failure leaves the previous tables in place.
package metrics

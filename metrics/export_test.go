package metrics

// Tables lists the derived tables Rebuild and Update build, for the tests
// of package metrics_test.
func Tables() []string {
	var tables []string
	for _, s := range steps {
		tables = append(tables, s.table)
	}
	return tables
}

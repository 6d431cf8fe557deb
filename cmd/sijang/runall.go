package main

import (
	"context"
)

func runAll(ctx context.Context, e *env, args []string) error {
	fs, dir := newFlags(e, "run", "run [-w dir]")
	if err := parse(fs, args); err != nil {
		return err
	}
	_, err := pipeline(ctx, e, workspace{*dir})
	return err
}

// pipeline runs ingest, compute, evaluate and report on a workspace and
// returns the report's index path. A file refused by ingest does not stop
// the later stages; its error is returned at the end.
func pipeline(ctx context.Context, e *env, ws workspace) (string, error) {
	w, err := ws.open(ctx)
	if err != nil {
		return "", err
	}
	defer w.Close()
	_, ingestErr := ingestAll(ctx, e, ws, w.DB, nil, false)
	if ingestErr != nil && ctx.Err() != nil {
		return "", ingestErr
	}
	if err := compute(ctx, e, w.DB); err != nil {
		return "", err
	}
	if err := evaluate(ctx, e, w.DB); err != nil {
		return "", err
	}
	index, err := report(ctx, e, ws, w.DB, "")
	if err != nil {
		return "", err
	}
	return index, ingestErr
}

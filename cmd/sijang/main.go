// Command sijang tells a traditional market and its district office whether
// their support money is working: it loads the market's exports into a
// DuckDB warehouse, computes sales recovery against the pre-COVID baseline,
// evaluates each program and renders an offline HTML report.
//
// Usage: sijang <command> [flags]; run `sijang help` for the commands.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// errUsage marks bad command-line usage (exit status 2).
var errUsage = errors.New("usage")

type usageError struct{ msg string }

func (e *usageError) Error() string   { return e.msg }
func (e *usageError) Is(t error) bool { return t == errUsage }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

func exitCode(err error, stderr io.Writer) int {
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errUsage):
		fmt.Fprintln(stderr, "sijang:", err)
		return 2
	default:
		fmt.Fprintln(stderr, "sijang:", err)
		return 1
	}
}

// command is one subcommand.
type command struct {
	name, summary string
	run           func(ctx context.Context, e *env, args []string) error
}

// env is what a command may use of the outside world.
type env struct {
	getenv         func(string) string
	stdout, stderr io.Writer
}

var commands []command

func init() {
	commands = []command{
		{"demo", "write a demo market workspace and run the whole pipeline on it", runDemo},
		{"ingest", "load exports into the warehouse", runIngest},
		{"compute", "rebuild the metric tables", runCompute},
		{"evaluate", "estimate program effects and the onboarding shortlist", runEvaluate},
		{"shortlist", "print the onboarding shortlist; --out writes .xlsx or .csv", runShortlist},
		{"report", "render the HTML report", runReport},
		{"run", "ingest + compute + evaluate + report", runAll},
		{"did", "staggered difference-in-differences on any panel CSV", runDiD},
	}
}

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	e := &env{getenv: getenv, stdout: stdout, stderr: stderr}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		printUsage(stdout)
		if len(args) == 0 {
			return usagef("no command given")
		}
		return nil
	}
	for _, c := range commands {
		if c.name == args[0] {
			err := c.run(ctx, e, args[1:])
			if errors.Is(err, errHelp) {
				return nil
			}
			return err
		}
	}
	return usagef("unknown command %q (see 'sijang help')", args[0])
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "Usage: sijang <command> [flags]")
	fmt.Fprintln(w)
	for _, c := range commands {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run 'sijang <command> -h' for a command's flags.")
}

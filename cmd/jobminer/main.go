// Command jobminer turns customer conversations into Jobs-to-be-Done
// evidence. This file only parses flags and wires the pipeline; every
// behaviour lives in the packages under pipeline/ and lexicon/.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
)

// version is written to run.json and to the Parquet footers. It is a
// constant, not build info, so that output bytes do not depend on the build.
const version = "0.1.0"

// Exit codes, documented in the README for schedulers.
const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
	// exitRejects: the run finished and its output is committed, but more
	// records than --max-reject-rate allows were rejected.
	exitRejects = 3
	// exitInterrupted: stopped by Ctrl-C or SIGTERM before committing,
	// 128 + SIGINT as shells report it.
	exitInterrupted = 130
)

// interruptedError is a run stopped by a signal; it says what was kept.
type interruptedError struct{ kept string }

func (e *interruptedError) Error() string { return "interrupted; " + e.kept }

// errUsage marks errors that are the caller's (exit code 2).
var errUsage = errors.New("usage")

type command struct {
	name, summary string
	run           func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

// commands is the explicit table of subcommands.
var commands = []command{
	{"run", "analyse exports and write Parquet: jobminer run IN... --out DIR", cmdRun},
	{"runs", "list the runs of a dataset written with --state: jobminer runs OUT", cmdRuns},
	{"compact", "merge the small partitions of a dataset written with --state: jobminer compact OUT", cmdCompact},
	{"inspect", "show the top jobs of a run in the terminal: jobminer inspect DIR", cmdInspect},
	{"report", "write a self-contained HTML report of a run: jobminer report DIR -o report.html", cmdReport},
	{"export", "write a run as a REFI-QDA project for QDA tools: jobminer export --refi-qda DIR -o project.qdpx", cmdExport},
	{"eval", "measure tagging against a labelled gold set: jobminer eval --gold FILE", cmdEval},
	{"explain", "show tokens, stems, mentions and jobs of one text: jobminer explain \"TEXT\"", cmdExplain},
	{"lexicon", "check lexicons: jobminer lexicon test|lint [FILE...]", cmdLexicon},
	{"formats", "list the input formats and how each finds speaker, role and time", cmdFormats},
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := Main(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Main runs jobminer with args and returns the exit code; tests call it.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) > 1 && args[0] == "help" { // help CMD: CMD's own help
		args = append(args[1:], "--help")
	}
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stdout)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	if args[0] == "--version" || args[0] == "version" {
		fmt.Fprintln(stdout, "jobminer", version)
		return exitOK
	}
	for _, c := range commands {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, args[1:], stdout, stderr)
		switch {
		case err == nil:
			return exitOK
		case errors.Is(err, flag.ErrHelp):
			return exitOK
		case errors.As(err, new(*interruptedError)):
			fmt.Fprintln(stderr, "jobminer "+c.name+": "+err.Error())
			return exitInterrupted
		case errors.As(err, new(*rejectRateError)):
			fmt.Fprintln(stderr, "jobminer "+c.name+": "+err.Error())
			return exitRejects
		case errors.Is(err, errUsage):
			if msg := strings.TrimPrefix(err.Error(), errUsage.Error()+": "); msg != errUsage.Error() {
				fmt.Fprintln(stderr, "jobminer "+c.name+": "+msg)
			}
			return exitUsage
		default:
			fmt.Fprintln(stderr, "jobminer "+c.name+": "+err.Error())
			return exitFail
		}
	}
	fmt.Fprintf(stderr, "jobminer: unknown command %q\n\n", args[0])
	usage(stderr)
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "jobminer turns customer conversations into Jobs-to-be-Done evidence.")
	fmt.Fprintln(w, "\nUsage: jobminer COMMAND [flags]\n\nCommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'jobminer COMMAND --help' or 'jobminer help COMMAND' for a command's flags.")
	fmt.Fprintln(w, "Exit codes: 0 done, 1 failed, 2 usage error, 3 done but rejects above --max-reject-rate, 130 interrupted (nothing committed).")
}

// usageErr wraps a message as a usage error.
func usageErr(format string, a ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{errUsage}, a...)...)
}

// newFlags makes a FlagSet that reports parse errors as usage errors.
func newFlags(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: jobminer %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags that may come before or after positional arguments
// ("jobminer run exports/ --out results/").
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, fmt.Errorf("%w: %v", errUsage, err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// listFlag collects a repeatable flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// mapFlag collects repeatable KEY=VALUE pairs.
type mapFlag map[string]string

func (m mapFlag) String() string {
	var parts []string
	for k, v := range m {
		parts = append(parts, k+"="+v)
	}
	sort.Strings(parts)
	return strings.Join(parts, ",")
}

func (m mapFlag) Set(v string) error {
	k, val, ok := strings.Cut(v, "=")
	if !ok || strings.TrimSpace(k) == "" || strings.TrimSpace(val) == "" {
		return fmt.Errorf("want FIELD=COLUMN, got %q", v)
	}
	m[strings.ToLower(strings.TrimSpace(k))] = strings.TrimSpace(val)
	return nil
}

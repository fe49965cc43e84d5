package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"

	"jobminer/lexicon"
	"jobminer/pipeline"
	"jobminer/pipeline/ingest"
	"jobminer/pipeline/output"
	"jobminer/pipeline/redact"
)

func cmdRun(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("run", "run IN... --out DIR [flags]", stderr)
	out := fs.String("out", "", "output folder (required); written atomically")
	format := fs.String("format", "", "read every input as this format instead of detecting it")
	lang := fs.String("lang", "", "language of records that name none (nl, en, ru): texts too short to identify take it, a text identified with confidence as another language keeps that; default: identify every text")
	workers := fs.Int("workers", 0, "cores to use: N analysis workers share N cores with the reader and the writer (0 = all cores)")
	logFormat := fs.String("log-format", "text", "log format on stderr: text or json")
	progress := fs.String("progress", "auto", "progress bar on stderr: auto (when a terminal), always, never")
	maps := mapFlag{}
	fs.Var(maps, "map", "FIELD=COLUMN: read FIELD (text, id, speaker, role, channel, lang, created_at, updated_at, customer_id, conversation_id) from COLUMN (repeatable)")
	encoding := fs.String("encoding", "", "read every input in this encoding (utf-8, utf-16le, utf-16be, windows-1252, ...) instead of sniffing it")
	var interviewers, customers, agents, lexicons listFlag
	fs.Var(&interviewers, "interviewer", "speaker NAME is an interviewer (repeatable)")
	fs.Var(&customers, "customer", "speaker NAME (or e-mail address, or @domain) is a customer (repeatable)")
	fs.Var(&agents, "agent", "speaker NAME (or e-mail address, or @domain) is an agent (repeatable)")
	fs.Var(&lexicons, "lexicon", "lexicon FILE adding or overriding entries (repeatable)")
	noRedact := fs.Bool("no-redact", false, "keep personal data (e-mail, phone, IBAN, BSN, card, address, URL tokens) in the text; redacted by default")
	pseudonymise := fs.Bool("pseudonymise", false, "replace speaker names with keyed pseudonyms (person-...); key from --pseudonym-key-file or $"+redact.KeyEnv)
	keyFile := fs.String("pseudonym-key-file", "", "FILE holding the pseudonym key (at least 16 bytes; never written to the output)")
	surveyFile := fs.String("survey", "", "CSV FILE of survey ratings (columns id|job_id|outcome_id|statement, importance, satisfaction, optional scale 0-10|1-5|percent): adds opportunity = importance + max(importance - satisfaction, 0) to the jobs and outcomes it names")
	state := fs.String("state", "", "incremental run: state FOLDER; OUT becomes a partitioned dataset that each run extends with only new and updated records (README: Scheduled runs)")
	since := fs.String("since", "", "with --state: only records updated (else created) at or after TIME (RFC 3339 or YYYY-MM-DD, UTC)")
	dryRun := fs.Bool("dry-run", false, "with --state: list what would be processed, change nothing and exit")
	memLimit := fs.String("memory-limit", defaultMemoryLimit, "soft limit on the Go heap, GOMEMLIMIT syntax (512MiB, 1GiB; 0 = none): near it the garbage collector works harder instead of letting the heap double; $GOMEMLIMIT wins")
	maxRejectRate := rateFlag(-1)
	fs.Var(&maxRejectRate, "max-reject-rate", "exit 3 (output still written) when rejects / (records + rejects) of the run is above this `fraction`, 0-1")
	var excludes listFlag
	fs.Var(&excludes, "exclude", "do not read input files (or folders) whose path relative to the input folder, or whose name, matches `GLOB` (repeatable; listed in run.json): --exclude README.md --exclude 'archive/*'")
	allowEmpty := fs.Bool("allow-empty", false, "let a run that finds no input file replace --out with empty tables (else an error that leaves --out as it was)")
	inputs, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(inputs) == 0 {
		return usageErr("no input: give files or folders to read")
	}
	if maxRejectRate != -1 && (maxRejectRate < 0 || maxRejectRate > 1) {
		return usageErr("--max-reject-rate %g: want a fraction from 0 to 1", float64(maxRejectRate))
	}
	if *workers < 0 {
		return usageErr("--workers %d: want a number of cores, or 0 for all", *workers)
	}
	for _, g := range excludes {
		if _, err := path.Match(g, ""); err != nil {
			return usageErr("--exclude %q: %v", g, err)
		}
	}
	if *state == "" && (*since != "" || *dryRun) {
		return usageErr("--since and --dry-run need --state")
	}
	if *out == "" {
		return usageErr("--out DIR is required")
	}
	log, err := newLogger(*logFormat, stderr)
	if err != nil {
		return err
	}
	limit, err := parseSize(*memLimit)
	if err != nil {
		return usageErr("--memory-limit: %v", err)
	}
	if limit > 0 && os.Getenv("GOMEMLIMIT") == "" {
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(limit))
	}
	// --workers N means N cores, as a thread count does in DuckDB or make
	// -j: the reader, the writer and the garbage collector run beside the
	// workers and would otherwise take another core, so "1 worker" would
	// quietly use two on a shared machine.
	if *workers > 0 && *workers < runtime.GOMAXPROCS(0) {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(*workers))
	}
	lex, err := loadLexicon(lexicons)
	if err != nil {
		return err
	}
	if *lang != "" && lex.Lang(*lang) == nil {
		return usageErr("--lang %q: the lexicons know %s", *lang, strings.Join(lex.Languages(), ", "))
	}
	stages := pipeline.Stages{NoRedact: *noRedact, Lang: *lang}
	if *pseudonymise {
		key, err := redact.LoadKey(*keyFile, os.Getenv)
		if err != nil {
			return usageErr("%v", err)
		}
		if stages.Pseudonymiser, err = redact.NewPseudonymiser(key); err != nil {
			return usageErr("%v", err)
		}
	} else if *keyFile != "" {
		return usageErr("--pseudonym-key-file is only used with --pseudonymise")
	}
	in := ingest.Options{Map: maps, Interviewers: interviewers, Customers: customers, Agents: agents,
		Format: *format, Encoding: *encoding}
	if err := in.Validate(); err != nil {
		return usageErr("%v", err)
	}
	var survey *pipeline.Survey
	if *surveyFile != "" {
		if survey, err = pipeline.ReadSurvey(*surveyFile); err != nil {
			return usageErr("--survey: %v", err)
		}
	}
	// Recorded only when given, so run.json stays as it was without them.
	withExclude := func(m map[string]any) map[string]any {
		if len(excludes) > 0 {
			m["exclude"] = []string(excludes)
		}
		if *lang != "" {
			m["lang"] = *lang
		}
		return m
	}
	if *state != "" {
		if survey != nil {
			return usageErr("--survey is not supported with --state yet")
		}
		return runIncremental(ctx, incremental{state: *state, out: *out, since: *since, dryRun: *dryRun, maxRejectRate: float64(maxRejectRate),
			progress: *progress, inputs: inputs, lex: lex, in: in, stages: stages, workers: *workers, log: log,
			exclude: excludes, allowEmpty: *allowEmpty, settings: withExclude(map[string]any{
				"inputs": inputs, "format": *format, "map": map[string]string(maps),
				"interviewer": []string(interviewers), "customer": []string(customers), "agent": []string(agents),
				"encoding": *encoding, "lexicon": []string(lexicons),
				"redact": !*noRedact, "pseudonymise": *pseudonymise, "state": *state, "since": *since,
			})}, stdout, stderr)
	}
	opts := pipeline.Options{
		Inputs: inputs, Out: *out, Lexicon: lex, Workers: *workers, Version: version, Log: log, Ingest: in, Survey: survey,
		Settings: withExclude(map[string]any{
			"inputs": inputs, "format": *format, "map": map[string]string(maps),
			"interviewer": []string(interviewers), "customer": []string(customers), "agent": []string(agents),
			"encoding": *encoding, "lexicon": []string(lexicons),
			"redact": !*noRedact, "pseudonymise": *pseudonymise, "survey": *surveyFile, "memory_limit": *memLimit,
		}),
		Stages: stages, Exclude: excludes, AllowEmpty: *allowEmpty,
	}
	if showProgress(*progress, stderr) {
		opts.Progress = newBar(stderr)
	}
	sum, err := pipeline.Run(ctx, opts)
	if err != nil && ctx.Err() != nil {
		return &interruptedError{"the previous output in " + *out + " is unchanged"}
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d inputs, %d documents, %d utterances, %d mentions, %d jobs, %d rejects -> %s\n",
		sum.Inputs, sum.Documents, sum.Utterances, sum.Mentions, sum.Jobs, sum.Rejects, *out)
	if sum.Rejects > 0 {
		warnRejects(stderr, filepath.Join(*out, output.RejectsFile), sum.Rejects)
	}
	return checkRejectRate(sum.Rejects, sum.Documents+sum.Rejects, float64(maxRejectRate))
}

// rateFlag is --max-reject-rate: a fraction, or -1 for no limit, which
// the usage shows as "off" rather than as a magic number.
type rateFlag float64

func (r *rateFlag) String() string {
	if r == nil || *r < 0 {
		return "off"
	}
	return strconv.FormatFloat(float64(*r), 'g', -1, 64)
}

func (r *rateFlag) Set(s string) error {
	if s == "off" {
		*r = -1
		return nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return fmt.Errorf("%q is not a fraction", s)
	}
	*r = rateFlag(f)
	return nil
}

// defaultMemoryLimit keeps a large run's heap from doubling past its live
// size: Go's collector otherwise lets the heap grow to twice what is live.
const defaultMemoryLimit = "256MiB"

// parseSize reads a byte count in GOMEMLIMIT syntax: a number with an
// optional B, KiB, MiB, GiB or TiB suffix.
func parseSize(s string) (int64, error) {
	units := []struct {
		suffix string
		mult   int64
	}{{"TiB", 1 << 40}, {"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"B", 1}}
	mult := int64(1)
	num := s
	for _, u := range units {
		if strings.HasSuffix(s, u.suffix) {
			num, mult = strings.TrimSuffix(s, u.suffix), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n < 0 || n > math.MaxInt64/mult {
		return 0, fmt.Errorf("%q is not a size (examples: 512MiB, 2GiB, 0)", s)
	}
	return n * mult, nil
}

// warnRejects tells the person at the terminal that records were rejected,
// with the first few reasons, so nothing is lost silently.
func warnRejects(stderr io.Writer, path string, n int64) {
	fmt.Fprintf(stderr, "warning: %d input records rejected (details in %s):\n", n, path)
	rows, err := output.ReadRejects(path)
	if err != nil {
		return
	}
	for i, r := range rows {
		if i == 5 {
			fmt.Fprintf(stderr, "  ... and %d more\n", len(rows)-i)
			break
		}
		loc := r.Source
		if r.Line > 0 {
			loc = fmt.Sprintf("%s:%d", r.Source, r.Line)
		}
		fmt.Fprintf(stderr, "  %s: %s\n", loc, r.Reason)
	}
}

func newLogger(format string, stderr io.Writer) (*slog.Logger, error) {
	switch format {
	case "text":
		return slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn})), nil
	case "json":
		return slog.New(slog.NewJSONHandler(stderr, nil)), nil
	}
	return nil, usageErr("--log-format %q: want text or json", format)
}

// loadLexicon loads the built-in lexicons plus the user's files and compiles them.
func loadLexicon(files []string) (*lexicon.Compiled, error) {
	_, c, err := loadSet(files)
	return c, err
}

func addLexiconFile(set *lexicon.Set, path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	return set.AddFile(path, data)
}

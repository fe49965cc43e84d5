package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"time"

	"jobminer/lexicon"
	"jobminer/pipeline"
	"jobminer/pipeline/dataset"
	"jobminer/pipeline/ingest"
)

// incremental holds `run --state` settings (parsed by cmdRun).
type incremental struct {
	state, out, since, progress string
	dryRun                      bool
	maxRejectRate               float64
	inputs                      []string
	lex                         *lexicon.Compiled
	in                          ingest.Options
	stages                      pipeline.Stages
	workers                     int
	log                         *slog.Logger
	settings                    map[string]any
	exclude                     []string
	allowEmpty                  bool
}

// runIncremental is `jobminer run --state DIR IN... --out OUT`: only new and
// updated records, committed as a new generation of the dataset.
func runIncremental(ctx context.Context, a incremental, stdout, stderr io.Writer) error {
	o := dataset.Options{State: a.state, Out: a.out, Inputs: a.inputs, Ingest: a.in, Lexicon: a.lex, Stages: a.stages,
		Workers: a.workers, Version: version, Log: a.log, Settings: a.settings,
		Exclude: a.exclude, AllowEmpty: a.allowEmpty}
	if a.since != "" {
		t, err := parseSince(a.since)
		if err != nil {
			return usageErr("--since: %v", err)
		}
		o.Since = t
	}
	if a.dryRun {
		o.DryRun = stdout
	} else if showProgress(a.progress, stderr) {
		o.Progress = newBar(stderr)
	}
	sum, err := dataset.Run(ctx, o)
	if err != nil && ctx.Err() != nil {
		return &interruptedError{"no run committed; the dataset " + a.out + " is unchanged"}
	}
	if err != nil {
		return err
	}
	if sum.Stale != "" {
		fmt.Fprintf(stderr, "warning: took over the lock of a run that died (%s)\n", sum.Stale)
	}
	if a.dryRun {
		return nil
	}
	c := sum.Counts
	if !sum.Committed {
		fmt.Fprintf(stdout, "nothing new: %d of %d inputs unchanged, %d records unchanged; %s not changed\n",
			c.InputsUnchanged, len(sum.Inputs), c.RecordsUnchanged, a.out)
		return nil
	}
	fmt.Fprintf(stdout, "run %s: %d inputs (%d unchanged), %d new and %d updated documents, %d unchanged records, %d rejects; dataset: %d documents, %d mentions, %d jobs -> %s\n",
		sum.RunID, len(sum.Inputs), c.InputsUnchanged, c.DocumentsNew, c.DocumentsUpdated, c.RecordsUnchanged, c.Rejects,
		c.Documents, c.Mentions, c.Jobs, a.out)
	if c.Rejects > 0 {
		warnRejects(stderr, filepath.Join(a.out, "rejects", "run_date="+sum.RunDate, "part-"+sum.RunID+".parquet"), c.Rejects)
	}
	records := c.DocumentsNew + c.DocumentsUpdated + c.RecordsUnchanged + c.RecordsBeforeSince
	return checkRejectRate(c.Rejects, records+c.Rejects, a.maxRejectRate)
}

// parseSince reads --since: an RFC 3339 time or a date (midnight UTC).
func parseSince(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("%q: want RFC 3339 (2026-11-22T00:00:00Z) or a date (2026-11-22)", s)
}

// rejectRateError is a finished run with too many rejects (exit code 3).
type rejectRateError struct {
	rejects, total int64
	max            float64
}

func (e *rejectRateError) Error() string {
	return fmt.Sprintf("%d of %d records rejected (%.1f%%), above --max-reject-rate %g; the output is written",
		e.rejects, e.total, 100*float64(e.rejects)/float64(e.total), e.max)
}

// checkRejectRate returns a rejectRateError when rejects/total is above max
// (max < 0: no limit).
func checkRejectRate(rejects, total int64, max float64) error {
	if max < 0 || total == 0 || float64(rejects)/float64(total) <= max {
		return nil
	}
	return &rejectRateError{rejects: rejects, total: total, max: max}
}

// datasetArg checks the one positional argument of runs and compact.
func datasetArg(args []string, cmd string) (string, error) {
	if len(args) != 1 || strings.TrimSpace(args[0]) == "" {
		return "", usageErr("want one dataset folder: jobminer %s OUT", cmd)
	}
	return args[0], nil
}

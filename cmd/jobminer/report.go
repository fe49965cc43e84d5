package main

import (
	"context"
	"fmt"
	"io"

	"jobminer/pipeline/report"
)

func cmdReport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("report", "report DIR [-o report.html] [--lang en|nl] [--max-jobs N] [--max-quotes N]", stderr)
	out := fs.String("o", "report.html", "the HTML file to write")
	fs.StringVar(out, "out", "report.html", "same as -o")
	lang := fs.String("lang", "en", "label language: en or nl")
	maxJobs := fs.Int("max-jobs", report.DefaultMaxJobs, "embed the top N jobs by score (totals always count every job)")
	maxQuotes := fs.Int("max-quotes", report.DefaultMaxQuotes, "embed at most N evidence quotes per job")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageErr("want one output folder or dataset, got %d arguments", len(pos))
	}
	if *lang != "en" && *lang != "nl" {
		return usageErr("--lang %q: want en or nl", *lang)
	}
	if *maxJobs < 1 || *maxQuotes < 1 {
		return usageErr("--max-jobs and --max-quotes must be at least 1")
	}
	data, err := report.WriteFile(pos[0], *out, *lang, report.Options{MaxJobs: *maxJobs, MaxQuotes: *maxQuotes})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d of %d jobs, %d quotes -> %s\n", data.Limits.JobsShown, data.Limits.JobsTotal, data.Limits.QuotesShown, *out)
	return nil
}

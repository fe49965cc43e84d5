package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"jobminer/pipeline/output"
)

func cmdInspect(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("inspect", "inspect DIR [--top N]", stderr)
	top := fs.Int("top", 10, "how many jobs to show")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageErr("want one output folder, got %d arguments", len(pos))
	}
	rows, err := output.ReadJobs(filepath.Join(pos[0], output.JobsFile))
	if err != nil {
		return err
	}
	if len(rows) == 0 {
		fmt.Fprintln(stdout, "no jobs found")
		return nil
	}
	fmt.Fprintf(stdout, "%d jobs; top %d by score\n\n", len(rows), min(*top, len(rows)))
	for i, r := range rows {
		if i == *top {
			break
		}
		fmt.Fprintf(stdout, "%2d. %s  [%s]\n", i+1, r.Statement, r.Language)
		fmt.Fprintf(stdout, "    score %.2f   reach %d respondents, %d documents   struggle %s progress %s anxiety %s habit %s\n",
			r.Score, r.NRespondents, r.NDocuments, num(r.Struggle), num(r.Progress), num(r.Anxiety), num(r.Habit))
		if len(r.Examples) > 0 {
			fmt.Fprintf(stdout, "    “%s”\n", clip(r.Examples[0], 110))
		}
		for k := 1; k < len(r.Languages) && k < len(r.Statements); k++ {
			fmt.Fprintf(stdout, "    also [%s]: %s\n", r.Languages[k], r.Statements[k])
		}
		if r.JobStory != nil {
			fmt.Fprintf(stdout, "    story: %s\n", clip(*r.JobStory, 160))
		}
		if r.Opportunity != nil {
			fmt.Fprintf(stdout, "    survey: importance %s satisfaction %s opportunity %s\n", num(*r.Importance), num(*r.Satisfaction), num(*r.Opportunity))
		}
		fmt.Fprintln(stdout)
	}
	return nil
}

func num(f float64) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.2f", f), "0"), ".")
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

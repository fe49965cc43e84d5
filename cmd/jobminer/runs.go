package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"

	"jobminer/pipeline/dataset"
)

// cmdRuns lists the committed runs of a dataset written with --state.
func cmdRuns(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("runs", "runs OUT [flags]", stderr)
	asJSON := fs.Bool("json", false, "print the run manifests as a JSON array")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	out, err := datasetArg(pos, "runs")
	if err != nil {
		return err
	}
	runs, err := dataset.Runs(out)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if runs == nil {
			runs = []dataset.Manifest{}
		}
		return enc.Encode(runs)
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "run_id\tkind\tstarted\tsecs\tinputs\tunchanged\tnew\tupdated\tmentions\trejects\tdocuments\tjobs\t")
	for _, m := range runs {
		c := m.Counts
		fmt.Fprintf(tw, "%s\t%s\t%s\t%.1f\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t\n",
			m.RunID, m.Kind, m.StartedAt.UTC().Format("2006-01-02 15:04"), float64(m.DurationMS)/1000,
			len(m.Inputs), c.InputsUnchanged, c.DocumentsNew, c.DocumentsUpdated, c.MentionsNew, c.Rejects, c.Documents, c.Jobs)
	}
	return tw.Flush()
}

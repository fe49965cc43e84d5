package main

import (
	"context"
	"fmt"
	"io"

	"jobminer/pipeline/dataset"
)

// cmdCompact merges each partition's parts into one file, under the
// dataset's lock, without changing the table's content.
func cmdCompact(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("compact", "compact OUT [flags]", stderr)
	logFormat := fs.String("log-format", "text", "log format on stderr: text or json")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	out, err := datasetArg(pos, "compact")
	if err != nil {
		return err
	}
	log, err := newLogger(*logFormat, stderr)
	if err != nil {
		return err
	}
	sum, err := dataset.Compact(dataset.CompactOptions{Out: out, Version: version, Log: log})
	if err != nil {
		return err
	}
	if !sum.Committed {
		fmt.Fprintf(stdout, "nothing to compact: every partition of %s has one file\n", out)
		return nil
	}
	fmt.Fprintf(stdout, "compacted %s: %d part files merged (%s)\n", out, sum.Counts.PartsRewritten, sum.RunID)
	return nil
}

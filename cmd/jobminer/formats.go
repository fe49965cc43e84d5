package main

import (
	"context"
	"io"

	"jobminer/pipeline/ingest"
)

// cmdFormats lists every input format with how it finds speaker, role and
// time; the README's format table is the same text (TestREADMEFormats).
func cmdFormats(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("formats", "formats", stderr)
	if _, err := parse(fs, args); err != nil {
		return err
	}
	return ingest.WriteFormats(stdout)
}

// Package ingest finds input files, opens them (gunzipping transparently),
// tells their format and reads their records into record.Documents or
// record.Rejects.
//
// Reading streams: memory is bounded by the largest document (a CSV/JSONL
// conversation group or one transcript file) and by the 16 MiB line limit,
// never by the file size. A bad record is emitted as a Reject and reading goes
// on; only I/O failures stop a file.
//
// Formats are an explicit table (Formats); each lives in its own file
// (csv.go, jsonl.go, json.go, transcript.go). The CSV and JSON readers share
// the field aliases in fields.go and the row-to-document assembly in rows.go.
package ingest

import (
	"fmt"
	"strings"

	"jobminer/pipeline/record"
)

// Options steer the readers; the zero value is valid.
type Options struct {
	Map          map[string]string // canonical field -> column/field name override, from --map text=Beschrijving
	Interviewers []string          // --interviewer NAME: speakers (case-insensitive) who are interviewers
	Format       string            // --format: force a format by name ("" = detect)
	Encoding     string            // --encoding: force the input encoding ("" = sniff; see encoding.go)
	Customers    []string          // --customer NAME|EMAIL|@DOMAIN: e-mail senders (case-insensitive) who are customers
	Agents       []string          // --agent NAME|EMAIL|@DOMAIN: e-mail senders (case-insensitive) who are agents
	// TempDir is where an archive too large to hold in memory is spooled;
	// "" means os.TempDir(). pipeline.Run points it into the output's own
	// temporary folder, so a run writes nothing outside --out.
	TempDir string
}

// Validate reports a --format or --map value that no file could satisfy, so
// the command can refuse it up front instead of rejecting every file.
func (o Options) Validate() error {
	if o.Format != "" {
		if _, ok := Lookup(o.Format); !ok {
			return fmt.Errorf("unknown format %q (known: %s)", o.Format, strings.Join(FormatNames(), ", "))
		}
	}
	if o.Encoding != "" {
		if _, err := lookupEncoding(o.Encoding); err != nil {
			return err
		}
	}
	_, err := overrides(o)
	return err
}

// Input is one file to read.
type Input struct {
	Path string // OS path to open
	Rel  string // path relative to the input root, slash-separated; used as record.Source.File
	Size int64
}

// Item is what a reader emits: exactly one of Doc or Reject is set.
type Item struct {
	Doc    *record.Document
	Reject *record.Reject
}

// Stats describes one read input file.
type Stats struct {
	Format string
	Bytes  int64  // bytes of the file as stored (compressed size for .gz)
	SHA256 string // hex sha256 of the file as stored
}

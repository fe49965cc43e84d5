package ingest

import (
	"flag"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "update golden files")

// dump renders items in a stable, readable form for golden files and
// failure messages.
func dump(items []Item) string {
	var b strings.Builder
	for _, it := range items {
		if it.Reject != nil {
			fmt.Fprintf(&b, "reject %s\n", it.Reject)
			continue
		}
		d := it.Doc
		fmt.Fprintf(&b, "doc %s id=%q format=%s channel=%s lang=%q created=%s updated=%s customer=%q\n",
			d.Source, d.Source.RecordID, d.Format, d.Channel, d.Language, fmtTime(d.CreatedAt), fmtTime(d.UpdatedAt), d.CustomerID)
		for _, u := range d.Utterances {
			offset := ""
			if u.Offset != 0 {
				offset = " offset=" + u.Offset.String()
			}
			fmt.Fprintf(&b, "  %d speaker=%q role=%s lang=%q time=%s%s\n    %s\n",
				u.Line, u.Speaker, u.Role, u.Language, fmtTime(u.Time), offset, strconv.Quote(u.Text))
		}
	}
	return b.String()
}

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Format(time.RFC3339Nano)
}

// readAll reads one file and collects what it emits.
func readAll(t *testing.T, path string, opts Options) ([]Item, Stats) {
	t.Helper()
	var items []Item
	st, err := Read(Input{Path: path, Rel: filepath.Base(path)}, opts, func(it Item) { items = append(items, it) })
	if err != nil {
		t.Fatalf("Read(%s): %v", path, err)
	}
	return items, st
}

func TestGolden(t *testing.T) {
	tests := []struct {
		name   string
		file   string
		opts   Options
		format string
	}{
		{name: "dutch ticket export with ; and Dutch headers", file: "tickets-nl.csv", format: "csv"},
		{name: "chat export as jsonl", file: "chat.jsonl", format: "jsonl"},
		{name: "Dutch transcript with times and conventions", file: "interview-nl.txt", format: "transcript"},
		{name: "English Otter transcript with named speakers", file: "interview-en.txt", format: "transcript",
			opts: Options{Interviewers: []string{"sarah jones"}}},
		{name: "a customer's letter as plain text", file: "letter-nl.txt", format: "text", opts: Options{Format: "text"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join("testdata", tt.file)
			items, st := readAll(t, path, tt.opts)
			if st.Format != tt.format {
				t.Errorf("format = %q, want %q", st.Format, tt.format)
			}
			checkGolden(t, path, items)
		})
	}
}

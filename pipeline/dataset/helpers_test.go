package dataset

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"jobminer/lexicon"
	"jobminer/pipeline"
	"jobminer/pipeline/output"
)

var (
	lexOnce sync.Once
	lexC    *lexicon.Compiled
	lexErr  error
)

func compiled(t testing.TB) *lexicon.Compiled {
	lexOnce.Do(func() {
		lexC, lexErr = pipeline.BuiltinLexicon()
	})
	if lexErr != nil {
		t.Fatal(lexErr)
	}
	return lexC
}

// ticket is one Zendesk ticket export line.
type ticket struct {
	ID, Requester int
	Text          string
	Created       string
	Updated       string // "" = no updated_at
}

func (tk ticket) line() string {
	m := map[string]any{"id": tk.ID, "subject": "Ticket", "description": tk.Text, "requester_id": tk.Requester, "created_at": tk.Created, "status": "open"}
	if tk.Updated != "" {
		m["updated_at"] = tk.Updated
	}
	b, _ := json.Marshal(m)
	return string(b)
}

// writeExport writes tickets as dir/name (JSONL) and returns the path.
func writeExport(t testing.TB, dir, name string, tks ...ticket) string {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, tk := range tks {
		b.WriteString(tk.line() + "\n")
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// The texts say jobs that cluster across tickets, so job ids depend on all
// data; v2 texts change what a ticket says.
var texts = []string{
	"I need to export my invoices to Excel every month and it takes ages.",
	"Exporting invoices to Excel is so frustrating, I want to export invoices to Excel in one click.",
	"I can't log in since the update, it is really annoying.",
	"I want to send reminders to customers automatically, chasing people by hand is a pain.",
	"I'm worried that switching to the new plan gets expensive.",
	"We have always used spreadsheets for this and it works fine for us.",
	"I need to export my invoices to Excel for my accountant, it is slow and painful.",
	"I would love to send payment reminders automatically instead of chasing customers by hand.",
	"Finally I can file the VAT return straight from the app, that is a relief.",
	"It is annoying that I cannot find the invoice export, I need to export my invoices every week.",
}

func day(d int) time.Time { return time.Date(2026, 11, 20+d, 2, 0, 0, 0, time.UTC) }

func runOpts(t testing.TB, state, out string, now time.Time, inputs ...string) Options {
	return Options{State: state, Out: out, Inputs: inputs, Lexicon: compiled(t), Version: "test", Workers: 2,
		Now: func() time.Time { return now }}
}

func mustRun(t testing.TB, o Options) Summary {
	t.Helper()
	s, err := Run(context.Background(), o)
	if err != nil {
		t.Fatalf("run %v: %v", o.Inputs, err)
	}
	return s
}

// content is a dataset's tables as sorted, comparable text lines.
type content struct {
	Documents, Mentions, Jobs, Rejects, Outcomes []string
	Runs                                         int
}

// drop clears provenance columns that legitimately differ between an
// incremental and a one-off run (the export file and line a version came from).
type drop struct{ source, line bool }

// dump reads a dataset the way a reader globbing it does: through the link,
// every part of every partition.
func dump(t testing.TB, out string, d drop) *content {
	t.Helper()
	if _, err := os.Stat(out); os.IsNotExist(err) {
		return nil
	}
	c := &content{}
	glob := func(table string) []string {
		ps, err := filepath.Glob(filepath.Join(out, table, "*", "*.parquet"))
		if err != nil {
			t.Fatal(err)
		}
		return ps
	}
	line := func(v any) string {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	for _, p := range glob(documentsDir) {
		rows, err := output.ReadDocuments(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if d.source {
				r.Source = ""
			}
			c.Documents = append(c.Documents, line(r))
		}
	}
	for _, p := range glob(mentionsDir) {
		rows, err := output.ReadMentions(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if d.source {
				r.Source = ""
			}
			if d.line {
				r.Line = 0
			}
			c.Mentions = append(c.Mentions, line(r))
		}
	}
	for _, p := range glob(rejectsDir) {
		rows, err := output.ReadRejects(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			c.Rejects = append(c.Rejects, line(r))
		}
	}
	jobs, err := output.ReadJobs(filepath.Join(out, output.JobsFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range jobs {
		c.Jobs = append(c.Jobs, line(r))
	}
	outcomes, err := output.ReadOutcomes(filepath.Join(out, output.OutcomesFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range outcomes {
		c.Outcomes = append(c.Outcomes, line(r))
	}
	runs, _ := filepath.Glob(filepath.Join(out, runsDir, "*.json"))
	c.Runs = len(runs)
	for _, s := range [][]string{c.Documents, c.Mentions, c.Jobs, c.Rejects, c.Outcomes} {
		sort.Strings(s)
	}
	return c
}

func (c *content) String() string {
	if c == nil {
		return "<no dataset>"
	}
	return fmt.Sprintf("%d documents, %d mentions, %d jobs, %d rejects, %d runs", len(c.Documents), len(c.Mentions), len(c.Jobs), len(c.Rejects), c.Runs)
}

func equalContent(a, b *content) bool {
	if a == nil || b == nil {
		return a == b
	}
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}

// diffLines reports the first differing line of two sorted tables.
func diffLines(t *testing.T, table string, got, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d rows, want %d", table, len(got), len(want))
	}
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			t.Errorf("%s row %d:\n got %s\nwant %s", table, i, got[i], want[i])
			return
		}
	}
}

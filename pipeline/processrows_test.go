package pipeline_test

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"jobminer/pipeline"
	"jobminer/pipeline/ingest"
	"jobminer/pipeline/jobs"
	"jobminer/pipeline/output"
	"jobminer/pipeline/record"
	"jobminer/pipeline/text"
)

// runOnDoc is a document whose first customer utterance is n bytes of
// speech without a full stop, dense with forces and a job, then an agent's
// and a customer's short turn.
func runOnDoc(n int) *record.Document {
	unit := "it is frustrating and I am worried and I always use the old tool and I want to export my invoices to Excel and "
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	return &record.Document{
		Source: record.Source{File: "runon.jsonl", Line: 1, RecordID: "runon"}, Format: "jsonl", CreatedAt: at,
		Utterances: []record.Utterance{
			{Line: 1, Speaker: "klant", Role: record.Customer, Language: "en", Text: strings.Repeat(unit, n/len(unit))},
			{Line: 1, Speaker: "agent", Role: record.Agent, Language: "en", Text: "I see."},
			{Line: 1, Speaker: "klant", Role: record.Customer, Language: "en", Text: "Exporting my invoices is so frustrating.", Time: at.Add(time.Minute)},
		},
	}
}

// cloneDoc copies d deeply enough for Process, which works in place.
func cloneDoc(d *record.Document) *record.Document {
	c := *d
	c.Utterances = append([]record.Utterance(nil), d.Utterances...)
	return &c
}

// TestLongUtterance pins what Process promises for a customer utterance
// longer than text.MaxPart: it becomes consecutive utterances, one per
// text.Parts, with the turn's speaker, role and line, offsets into the
// part's text, and the utterances after it numbered on from them.
func TestLongUtterance(t *testing.T) {
	lex := builtin(t)
	d := runOnDoc(3*text.MaxPart + 1000)
	whole := text.Normalize(d.Utterances[0].Text)
	parts := text.Parts(whole)
	if len(parts) != 4 {
		t.Fatalf("%d parts, want 4", len(parts))
	}
	pipeline.Process(d, text.NewAnalyzer(), lex, pipeline.Stages{NoRedact: true})
	if got, want := len(d.Utterances), len(parts)+2; got != want {
		t.Fatalf("%d utterances, want %d", got, want)
	}
	for i, p := range parts {
		u := &d.Utterances[i]
		if u.Text != p || u.Speaker != "klant" || u.Role != record.Customer || u.Line != 1 {
			t.Errorf("utterance %d: %d bytes by %s (%s), line %d; want part %d, %d bytes by klant", i, len(u.Text), u.Speaker, u.Role, u.Line, i, len(p))
		}
		if len(u.Tokens) == 0 || len(u.Mentions) == 0 || len(u.Jobs) == 0 {
			t.Errorf("part %d: %d tokens, %d mentions, %d jobs", i, len(u.Tokens), len(u.Mentions), len(u.Jobs))
		}
		for _, tok := range u.Tokens {
			if tok.End > len(u.Text) || strings.ToLower(tok.In(u.Text)) != tok.Norm {
				t.Fatalf("part %d: token %q at %d-%d does not point into the part", i, tok.Norm, tok.Start, tok.End)
			}
		}
	}
	if u := d.Utterances[len(parts)]; u.Role != record.Agent || u.Text != "I see." {
		t.Errorf("utterance %d is %q by %s, want the agent's turn", len(parts), u.Text, u.Role)
	}
}

// TestProcessRows: ProcessRows gives the rows and occurrences that Process,
// Rows and Occurrences give, for the demo's documents and for a record cut
// into parts, whether or not its rows are flushed on the way; and it drops
// each utterance's analysis once its rows are made.
func TestProcessRows(t *testing.T) {
	lex := builtin(t)
	inputs, _, err := ingest.Walk([]string{"../testdata/demo"})
	if err != nil {
		t.Fatal(err)
	}
	var docs []*record.Document
	for _, in := range inputs {
		if _, err := ingest.Read(in, ingest.Options{}, func(it ingest.Item) {
			if it.Doc != nil {
				docs = append(docs, it.Doc)
			}
		}); err != nil {
			t.Fatal(err)
		}
	}
	if len(docs) < 10 {
		t.Fatalf("%d demo documents", len(docs))
	}
	long := runOnDoc(12 * text.MaxPart) // some 26,000 mention rows
	docs = append(docs, long)

	a := text.NewAnalyzer()
	var wantDocs []output.DocumentRow
	var wantRows []output.MentionRow
	var wantOcc []jobs.Occurrence
	for _, d := range docs {
		d = cloneDoc(d)
		pipeline.Process(d, a, lex, pipeline.Stages{})
		dr, ms := pipeline.Rows(d)
		wantDocs, wantRows = append(wantDocs, dr), append(wantRows, ms...)
		wantOcc = append(wantOcc, pipeline.Occurrences(d)...)
	}
	if n := len(wantRows); n < pipeline.FlushRows {
		t.Fatalf("%d mention rows: too few to flush", n)
	}

	for _, flushing := range []bool{false, true} {
		var gotDocs []output.DocumentRow
		var gotRows, ms []output.MentionRow
		var gotOcc []jobs.Occurrence
		var flushes int
		var flush func([]output.MentionRow) []output.MentionRow
		if flushing {
			flush = func(rows []output.MentionRow) []output.MentionRow {
				flushes++
				for _, r := range rows {
					if r.MentionID == "" {
						t.Fatal("a flushed row without its mention id")
					}
				}
				gotRows = append(gotRows, rows...)
				return rows[:0]
			}
		}
		a := text.NewAnalyzer()
		for _, d := range docs {
			d = cloneDoc(d)
			var dr output.DocumentRow
			dr, ms = pipeline.ProcessRows(d, a, lex, pipeline.Stages{}, ms, func(o jobs.Occurrence) { gotOcc = append(gotOcc, o) }, flush)
			gotDocs = append(gotDocs, dr)
			for i, u := range d.Utterances {
				if u.Tokens != nil || u.Sentences != nil || u.Mentions != nil || u.Jobs != nil {
					t.Fatalf("%s utterance %d: analysis kept after its rows were made", d.Source.File, i)
				}
			}
		}
		gotRows = append(gotRows, ms...)
		if flushing && flushes == 0 {
			t.Error("flush never called")
		}
		if !reflect.DeepEqual(gotDocs, wantDocs) {
			t.Errorf("flush %v: document rows differ from Rows'", flushing)
		}
		if len(gotRows) != len(wantRows) {
			t.Fatalf("flush %v: %d mention rows, want %d", flushing, len(gotRows), len(wantRows))
		}
		for i := range gotRows {
			if !reflect.DeepEqual(gotRows[i], wantRows[i]) {
				t.Fatalf("flush %v: mention row %d:\n got %+v\nwant %+v", flushing, i, gotRows[i], wantRows[i])
			}
		}
		if !reflect.DeepEqual(gotOcc, wantOcc) {
			t.Errorf("flush %v: occurrences differ from Occurrences'", flushing)
		}
	}
}

// TestFlushedRowsDeterministic: records big enough that workers write
// their mention rows to the spill before their batch is done give the same
// bytes with one worker or several, and every row once.
func TestFlushedRowsDeterministic(t *testing.T) {
	lex := builtin(t)
	unit := "it is frustrating and I am worried and I always use the old tool and I want to export my invoices to Excel and "
	var b strings.Builder
	for i := range 60 {
		switch i {
		case 10, 13, 16: // in three batches, processed at once
			fmt.Fprintf(&b, `{"id":"runon-%d","role":"customer","text":%q}`+"\n", i, strings.Repeat(unit, (1<<20)/len(unit)))
		default:
			fmt.Fprintf(&b, `{"id":"r-%d","role":"customer","text":"I want to export my invoices to Excel, it is so slow (%d)."}`+"\n", i, i)
		}
	}
	in := filepath.Join(t.TempDir(), "runon.jsonl")
	if err := os.WriteFile(in, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	dirs := []string{t.TempDir(), t.TempDir(), t.TempDir()}
	for i, d := range dirs {
		sum := run(t, lex, d, i+1, "../testdata/demo", in)
		docs, err := output.ReadDocuments(filepath.Join(d, output.DocumentsFile))
		if err != nil {
			t.Fatal(err)
		}
		var n int64
		for _, dr := range docs {
			n += int64(dr.NMentions)
		}
		if sum.Mentions != n || n < 3*pipeline.FlushRows {
			t.Errorf("%d workers: %d mention rows written, the documents have %d", i+1, sum.Mentions, n)
		}
	}
	sameTables(t, dirs)
}

package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"jobminer/pipeline/output"
)

func jobminer(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = Main(context.Background(), args, &o, &e)
	return code, o.String(), e.String()
}

func TestExitCodes(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		out  string // substring of stdout+stderr
	}{
		{"no args", nil, exitUsage, "Usage: jobminer COMMAND"},
		{"help", []string{"--help"}, exitOK, "Commands:"},
		{"unknown command", []string{"frobnicate"}, exitUsage, `unknown command "frobnicate"`},
		{"run help", []string{"run", "--help"}, exitOK, "-out"},
		{"run without out", []string{"run", "x"}, exitUsage, "--out DIR is required"},
		{"run without input", []string{"run", "--out", "x"}, exitUsage, "no input"},
		{"run bad flag", []string{"run", "--bogus"}, exitUsage, "flag provided but not defined"},
		{"run bad map", []string{"run", "--map", "text", "x", "--out", "y"}, exitUsage, "want FIELD=COLUMN"},
		{"run missing input", []string{"run", "does-not-exist", "--out", "OUT"}, exitFail, "does-not-exist"},
		{"inspect help", []string{"inspect", "-h"}, exitOK, "-top"},
		{"inspect nothing", []string{"inspect"}, exitUsage, "want one output folder"},
		{"eval without gold", []string{"eval"}, exitUsage, "--gold FILE is required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for i, a := range tt.args {
				if a == "OUT" {
					tt.args[i] = t.TempDir()
				}
			}
			code, o, e := jobminer(t, tt.args...)
			if code != tt.code || !strings.Contains(o+e, tt.out) {
				t.Errorf("exit %d, want %d; output does not contain %q:\n%s%s", code, tt.code, tt.out, o, e)
			}
		})
	}
}

// A CSV with a malformed row: the row is rejected with its line, every other
// row is processed, the run exits 0 and warns on stderr.
func TestMalformedCSVRow(t *testing.T) {
	in := t.TempDir()
	csv := "id,role,lang,text\n" +
		"1,customer,en,\"I want to export my invoices to Excel, it takes forever.\"\n" +
		"2,customer,en,this row has,one field too many\n" +
		"3,klant,nl,Ik wil graag mijn facturen naar Excel exporteren.\n"
	if err := os.WriteFile(filepath.Join(in, "tickets.csv"), []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	code, stdout, stderr := jobminer(t, "run", in, "--out", out)
	if code != exitOK {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	if !strings.Contains(stderr, "warning: 1 input records rejected") || !strings.Contains(stderr, "tickets.csv:3") {
		t.Errorf("no warning naming the row on stderr:\n%s", stderr)
	}
	rej, err := output.ReadRejects(filepath.Join(out, output.RejectsFile))
	if err != nil {
		t.Fatal(err)
	}
	if len(rej) != 1 || rej[0].Source != "tickets.csv" || rej[0].Line != 3 || rej[0].Reason == "" {
		t.Errorf("rejects %+v", rej)
	}
	docs, err := output.ReadDocuments(filepath.Join(out, output.DocumentsFile))
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 || docs[0].RecordID != "1" || docs[1].RecordID != "3" {
		t.Errorf("documents %+v", docs)
	}
	code, stdout, _ = jobminer(t, "inspect", out)
	if code != exitOK || !strings.Contains(stdout, "score") {
		t.Errorf("inspect: exit %d\n%s", code, stdout)
	}
}

// The README's format table is what `jobminer formats` prints.
func TestREADMEFormats(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	s := string(readme)
	i := strings.Index(s, "<!-- formats:begin")
	j := strings.Index(s, "<!-- formats:end -->")
	if i < 0 || j < i {
		t.Fatal("README has no formats:begin/end markers")
	}
	table := s[strings.Index(s[i:], "\n")+i+1 : j]
	code, out, _ := jobminer(t, "formats")
	if code != exitOK || out != table {
		t.Errorf("README format table differs from `jobminer formats` (exit %d); paste its output between the markers:\n%s", code, out)
	}
}

// --progress always draws the bar even into a pipe; the default (auto)
// draws nothing when stderr is not a terminal, as in a scheduler's log.
func TestProgressBar(t *testing.T) {
	for _, tt := range []struct {
		flag string
		bar  bool
	}{{"always", true}, {"auto", false}, {"never", false}} {
		code, _, stderr := jobminer(t, "run", "../../testdata/demo/interviews", "--out", t.TempDir(), "--progress", tt.flag)
		if code != exitOK || strings.Contains(stderr, "reading") != tt.bar {
			t.Errorf("--progress %s: exit %d, bar drawn %v, want %v:\n%s", tt.flag, code, !tt.bar, tt.bar, stderr)
		}
	}
}

// eval --entries adds the per-entry table; without it neither the table nor
// the JSON field is there.
func TestEvalEntries(t *testing.T) {
	gold := filepath.Join(t.TempDir(), "gold.jsonl")
	if err := os.WriteFile(gold, []byte(`{"id":"1","lang":"en","role":"customer","text":"It is so frustrating.","labels":["anxiety"]}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, o, e := jobminer(t, "eval", "--gold", gold, "--errors=false", "--entries")
	if code != exitOK || !strings.Contains(o, "alone wrong") || !regexp.MustCompile(`en\.struggle\.frustrating +struggle +1 +0 +1 +0\.000 +0 +1`).MatchString(o) {
		t.Errorf("exit %d, no entries row for en.struggle.frustrating:\n%s%s", code, o, e)
	}
	code, o, e = jobminer(t, "eval", "--gold", gold, "--json")
	if code != exitOK || strings.Contains(o, `"entries"`) {
		t.Errorf("exit %d, entries without --entries:\n%s%s", code, o, e)
	}
}

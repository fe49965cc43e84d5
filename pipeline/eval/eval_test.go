package eval_test

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"jobminer/lexicon"
	"jobminer/pipeline"
	"jobminer/pipeline/eval"
	"jobminer/pipeline/record"
)

var updateBaseline = flag.Bool("update-baseline", false, "record the current scores on testdata/gold as the new baseline")

func builtin(t *testing.T) *lexicon.Compiled {
	t.Helper()
	c, err := pipeline.BuiltinLexicon()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// On the shared development gold set, agent and interviewer speech must
// never give a mention (skips where ../shared is absent).
func TestSharedGoldHasNoLeaks(t *testing.T) {
	path := filepath.Join("..", "..", "..", "shared", "gold", "gold.jsonl")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("shared gold set not here: %v", err)
	}
	recs, err := eval.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	rep := eval.Run(recs, builtin(t))
	nonCustomer := 0
	for _, r := range recs {
		if r.Role == "agent" || r.Role == "interviewer" {
			nonCustomer++
		}
	}
	if nonCustomer == 0 {
		t.Fatal("no agent or interviewer records: the test would prove nothing")
	}
	for _, l := range rep.Languages {
		if l.Leaks != 0 {
			t.Errorf("%s: %d agent/interviewer records gave mentions", l.Lang, l.Leaks)
		}
	}
}

// Baseline is the regression gate on our own gold set: CI fails when a
// figure drops below what is recorded in testdata/gold/baseline.json.
type Baseline map[string]struct {
	MicroF1   float64            `json:"micro_f1"`
	Precision float64            `json:"precision"`
	ForceF1   map[string]float64 `json:"force_f1"`
	JobRate   float64            `json:"job_rate"`
}

const slack = 1e-9 // figures are ratios of counts: equal runs give equal floats

func TestOwnGoldRegressionGate(t *testing.T) {
	recs, err := eval.Load(filepath.Join("..", "..", "testdata", "gold", "gold.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	rep := eval.Run(recs, builtin(t))
	got := Baseline{}
	for _, l := range rep.Languages {
		b := got[l.Lang]
		b.MicroF1, b.Precision, b.JobRate = round(l.Micro.F1()), round(l.Micro.Precision()), round(l.JobRate())
		b.ForceF1 = map[string]float64{}
		for _, f := range record.Forces {
			b.ForceF1[string(f)] = round(l.Forces[string(f)].F1())
		}
		got[l.Lang] = b
	}
	path := filepath.Join("..", "..", "testdata", "gold", "baseline.json")
	if *updateBaseline {
		data, _ := json.MarshalIndent(got, "", "  ")
		if err := os.WriteFile(path, append(data, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (record one with: go test ./pipeline/eval -run Gate -update-baseline)", err)
	}
	var want Baseline
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	for lang, w := range want {
		g, ok := got[lang]
		if !ok {
			t.Errorf("%s: no records any more", lang)
			continue
		}
		check := func(what string, g, w float64) {
			if g+slack < w {
				t.Errorf("%s %s dropped: %.3f, baseline %.3f", lang, what, g, w)
			}
		}
		check("micro F1", g.MicroF1, w.MicroF1)
		check("precision", g.Precision, w.Precision)
		check("job rate", g.JobRate, w.JobRate)
		for f, v := range w.ForceF1 {
			check(f+" F1", g.ForceF1[f], v)
		}
	}
}

func round(f float64) float64 { return float64(int64(f*1000+0.5)) / 1000 }

func TestCounts(t *testing.T) {
	tests := []struct {
		name    string
		c       eval.Counts
		p, r, f float64
	}{
		{"perfect", eval.Counts{TP: 4}, 1, 1, 1},
		{"half", eval.Counts{TP: 1, FP: 1, FN: 1}, 0.5, 0.5, 0.5},
		{"nothing claimed, nothing there", eval.Counts{}, 1, 1, 1},
		{"nothing found", eval.Counts{FN: 3}, 0, 0, 0},
		{"only false hits", eval.Counts{FP: 2}, 0, 0, 0},
	}
	for _, tt := range tests {
		if p, r, f := tt.c.Precision(), tt.c.Recall(), tt.c.F1(); p != tt.p || r != tt.r || f != tt.f {
			t.Errorf("%s: got %v %v %v, want %v %v %v", tt.name, p, r, f, tt.p, tt.r, tt.f)
		}
	}
}

func TestRunScoresRecords(t *testing.T) {
	job := "export my invoices to Excel"
	recs := []eval.Record{
		{ID: "1", Lang: "en", Role: "customer", Text: "I want to export my invoices to Excel, it is so frustrating.", Labels: []string{"struggle", "progress"}, Job: &job},
		{ID: "2", Lang: "en", Role: "interviewer", Text: "Was that frustrating?"},
		{ID: "3", Lang: "en", Role: "customer", Text: "Thanks, have a nice day.", Labels: []string{"habit"}},
	}
	rep := eval.Run(recs, builtin(t))
	if len(rep.Languages) != 1 {
		t.Fatalf("languages %+v", rep.Languages)
	}
	l := rep.Languages[0]
	if l.Forces["struggle"].TP != 1 || l.Forces["progress"].TP != 1 || l.Forces["habit"].FN != 1 {
		t.Errorf("forces %+v", l.Forces)
	}
	if l.GoldJobs != 1 || l.JobsFound != 1 || l.Leaks != 0 {
		t.Errorf("jobs %d/%d leaks %d", l.JobsFound, l.GoldJobs, l.Leaks)
	}
}

// TestRunCountsPhasesAndSubForces: the production rates count customer
// utterances with a phase and counting struggle/anxiety/habit mentions with
// a sub-force; interviewers, progress and negated mentions stay out.
func TestRunCountsPhasesAndSubForces(t *testing.T) {
	recs := []eval.Record{
		{ID: "1", Lang: "en", Role: "customer", Text: "I started looking at other banks because the app takes forever to load."},
		{ID: "2", Lang: "en", Role: "customer", Text: "It's so frustrating, and it isn't expensive."},
		{ID: "3", Lang: "en", Role: "interviewer", Text: "So when did you start looking at other banks?"},
		{ID: "4", Lang: "en", Role: "customer", Text: "I would love to link my bank account."},
	}
	l := eval.Run(recs, builtin(t)).Languages[0]
	if l.Customer != 3 || l.WithPhase != 1 || l.Phases["active_looking"] != 1 {
		t.Errorf("phases: %d of %d customer utterances, %v", l.WithPhase, l.Customer, l.Phases)
	}
	// takes forever (struggle/time), frustrating (none); expensive is negated;
	// the wish is progress.
	if l.SubForceable != 2 || l.WithSubForce != 1 || l.SubForces["struggle/time"] != 1 || l.Mentions < 3 {
		t.Errorf("sub-forces: %d of %d (of %d mentions), %v", l.WithSubForce, l.SubForceable, l.Mentions, l.SubForces)
	}
	if l.PhaseRate() != 1.0/3 || l.SubForceRate() != 0.5 {
		t.Errorf("rates %v %v", l.PhaseRate(), l.SubForceRate())
	}
}

// Entries count, per entry, the customer records it gave its force to,
// whether the gold agreed, and whether it was the only entry to give it.
func TestRunCountsEntries(t *testing.T) {
	recs := []eval.Record{
		{ID: "1", Lang: "en", Role: "customer", Text: "It is so frustrating.", Labels: []string{"struggle"}},
		{ID: "2", Lang: "en", Role: "customer", Text: "It is so frustrating.", Labels: []string{"anxiety"}},
		{ID: "3", Lang: "en", Role: "customer", Text: "This is so frustrating and annoying.", Labels: []string{"struggle"}},
		{ID: "4", Lang: "en", Role: "interviewer", Text: "Was that frustrating?"},
	}
	rep := eval.Run(recs, builtin(t))
	got := map[string]eval.EntryStat{}
	for _, e := range rep.Entries {
		got[e.Entry] = e
	}
	want := eval.EntryStat{Entry: "en.struggle.frustrating", Force: "struggle", Right: 2, Wrong: 1, AloneRight: 1, AloneWrong: 1,
		AloneWrongIDs: []string{"2"}}
	if !reflect.DeepEqual(got[want.Entry], want) {
		t.Errorf("entry stats %+v, want %+v (all: %+v)", got[want.Entry], want, rep.Entries)
	}
	// Worst first: no entry after the first lost more records alone than it.
	for i := 1; i < len(rep.Entries); i++ {
		a, b := rep.Entries[i-1], rep.Entries[i]
		if b.AloneWrong-b.AloneRight > a.AloneWrong-a.AloneRight {
			t.Errorf("entries out of order: %+v before %+v", a, b)
		}
	}
}

package eval_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"jobminer/lexicon"
	"jobminer/pipeline/eval"
	"jobminer/pipeline/record"
)

var updateModel = flag.Bool("update-model", false, "retrain lexicon/<lang>/<force>-model.txt from the development sets")

// modelSpecs say what each learned model learns from, and how sure it must
// be to speak (a log-odds threshold). They learn from development sets
// only: the gate (testdata/gold), the blind sets, testdata/dev12 (held out
// to measure the anxiety and habit models on unseen text) and
// ../shared/gold measure the models and are never learnt from.
var modelSpecs = []struct {
	force     record.Force
	sets      []string
	minSets   int // a feature must occur in the force's turns of this many sets
	threshold float64
	byLang    map[string]float64 // a language's own threshold, where it differs
}{
	// Every model learns from every development set, and only from words
	// and pairs that occur in the force's turns of two sets or more: one
	// set's domain words made its other turns look like the force (habit
	// F1 on dev7 en fell from 0.95 to 0.55 with them). Struggle at
	// ln(0.99999/0.00001), a probability of 0.99999 (until session 15 it
	// learnt every feature of dev2-4 only; retraining it on dev2-9 with
	// every feature had lowered the gate).
	//
	// Russian speaks at lower thresholds (struggle 9, anxiety 14): its
	// lexicon finds fewer of the forces on unseen text, and on both held-out
	// sets (dev12, dev13, session 16) the lower threshold raised micro F1
	// (struggle +0.010 and +0.023, anxiety +1 record each, no false hit);
	// struggle at 9 costs the gate 0.010 (5 false hits, 2 hits). English and
	// Dutch were best at the shared thresholds on one of the two sets or both.
	{record.Struggle, devSets, 2, 11.5129, map[string]float64{"ru": 9}},
	// Anxiety and habit are rarer (12-15% of customer turns against
	// struggle's 35-50%), and their sums run higher. At 18 they moved no
	// figure of the gate or ../shared/gold by more than one record and
	// raised held-out dev12 (lexicon/README.md, "Learned models").
	{record.Anxiety, devSets, 2, 18, map[string]float64{"ru": 14}},
	{record.Habit, devSets, 2, 18, nil},
}

var devSets = []string{"dev2", "dev3", "dev4", "dev6", "dev7", "dev8", "dev9", "dev10", "dev11"}

// The models in lexicon/ are what training on the development sets gives:
// retrain with go test ./pipeline/eval -run Models -update-model.
func TestModelsUpToDate(t *testing.T) {
	for _, spec := range modelSpecs {
		texts := map[string][]string{}
		labels := map[string][]bool{}
		groups := map[string][]string{}
		for _, set := range spec.sets {
			recs, err := eval.Load(filepath.Join("..", "..", "testdata", set, "gold.jsonl"))
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range recs {
				if r.Role != "customer" {
					continue
				}
				texts[r.Lang] = append(texts[r.Lang], r.Text)
				groups[r.Lang] = append(groups[r.Lang], set)
				labels[r.Lang] = append(labels[r.Lang], slices.Contains(r.Labels, string(spec.force)))
			}
		}
		for _, lang := range []string{"en", "nl", "ru"} {
			threshold := spec.threshold
			if t, ok := spec.byLang[lang]; ok {
				threshold = t
			}
			m := lexicon.TrainModelAcross(texts[lang], labels[lang], groups[lang], spec.minSets, threshold)
			f := string(spec.force)
			header := strings.ToUpper(f[:1]) + f[1:] + " model for " + lang + " (lexicon/README.md, \"Learned models\"): naive Bayes over word\n" +
				"features, trained on the customer turns of testdata/" + strings.Join(spec.sets, ", testdata/") + minSetsNote(spec.minSets) + "\n" +
				"by go test ./pipeline/eval -run Models -update-model. Generated: do not edit."
			got := m.Marshal(header)
			path := filepath.Join("..", "..", "lexicon", lang, f+"-model.txt")
			if *updateModel {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (write it with: go test ./pipeline/eval -run Models -update-model)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from what the development sets train; retrain with: go test ./pipeline/eval -run Models -update-model", path)
			}
		}
	}
}

func minSetsNote(n int) string {
	if n < 2 {
		return ""
	}
	return fmt.Sprintf(",\nkeeping the features present in the force's turns of at least %d of those sets,", n)
}

package eval_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jobminer/lexicon"
	"jobminer/pipeline/eval"
)

var updateModel = flag.Bool("update-model", false, "retrain lexicon/<lang>/struggle-model.txt from the development sets")

// modelSets are the labelled sets the struggle models learn from: the
// development sets only. The gate (testdata/gold), the blind sets and
// ../shared/gold measure the models and are never learnt from.
var modelSets = []string{"dev2", "dev3", "dev4"}

// modelThreshold is the log-odds the model must reach to call a turn a
// struggle: ln(0.99999/0.00001), a probability of 0.99999.
const modelThreshold = 11.5129

// The struggle models in lexicon/ are what training on the development sets
// gives: retrain with go test ./pipeline/eval -run StruggleModel -update-model.
func TestStruggleModelUpToDate(t *testing.T) {
	texts := map[string][]string{}
	labels := map[string][]bool{}
	for _, set := range modelSets {
		recs, err := eval.Load(filepath.Join("..", "..", "testdata", set, "gold.jsonl"))
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range recs {
			if r.Role != "customer" {
				continue
			}
			texts[r.Lang] = append(texts[r.Lang], r.Text)
			struggle := false
			for _, l := range r.Labels {
				struggle = struggle || l == "struggle"
			}
			labels[r.Lang] = append(labels[r.Lang], struggle)
		}
	}
	for _, lang := range []string{"en", "nl", "ru"} {
		m := lexicon.TrainModel(texts[lang], labels[lang], modelThreshold)
		header := "Struggle model for " + lang + " (lexicon/README.md, \"Struggle model\"): naive Bayes over word\n" +
			"features, trained on the customer turns of testdata/" + strings.Join(modelSets, ", testdata/") + "\n" +
			"by go test ./pipeline/eval -run StruggleModel -update-model. Generated: do not edit."
		got := m.Marshal(header)
		path := filepath.Join("..", "..", "lexicon", lang, "struggle-model.txt")
		if *updateModel {
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (write it with: go test ./pipeline/eval -run StruggleModel -update-model)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from what the development sets train; retrain with: go test ./pipeline/eval -run StruggleModel -update-model", path)
		}
	}
}

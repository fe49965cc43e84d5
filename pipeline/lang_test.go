package pipeline_test

import (
	"testing"

	"jobminer/pipeline"
	"jobminer/pipeline/record"
	"jobminer/pipeline/text"
)

// TestStagesLang: --lang is the language of a record that names none. A text
// too short to identify takes it; one identified with confidence as another
// language keeps its own; a record that names its language keeps that.
func TestStagesLang(t *testing.T) {
	lex := builtin(t)
	short, dutch := "idk", "Ik wil graag mijn abonnement opzeggen, het is veel te duur geworden."
	for _, c := range []struct {
		name, stageLang, docLang string
		want                     [2]string // the languages of short and dutch
	}{
		{"without --lang", "", "", [2]string{"nl", "nl"}},
		{"--lang en", "en", "", [2]string{"en", "nl"}},
		{"the record names ru", "en", "ru", [2]string{"ru", "nl"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := &record.Document{Source: record.Source{File: "x.csv", Line: 2}, Language: c.docLang,
				Utterances: []record.Utterance{{Text: short, Role: record.Customer}, {Text: dutch, Role: record.Customer}}}
			pipeline.Process(d, text.NewAnalyzer(), lex, pipeline.Stages{Lang: c.stageLang})
			if got := [2]string{d.Utterances[0].Language, d.Utterances[1].Language}; got != c.want {
				t.Errorf("languages %v, want %v", got, c.want)
			}
		})
	}
}

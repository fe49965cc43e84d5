package jtbd_test

import (
	"sync"
	"testing"

	"jobminer/lexicon"
	"jobminer/pipeline"
	"jobminer/pipeline/jtbd"
	"jobminer/pipeline/record"
	"jobminer/pipeline/text"
)

var compiled = sync.OnceValues(func() (*lexicon.Compiled, error) {
	set, err := lexicon.Builtin()
	if err != nil {
		return nil, err
	}
	return lexicon.Compile(set, text.NewAnalyzer())
})

// analyse runs the per-record stages on one customer utterance.
func analyse(t testing.TB, lang, s string) *record.Utterance {
	t.Helper()
	lex, err := compiled()
	if err != nil {
		t.Fatal(err)
	}
	d := &record.Document{Source: record.Source{File: "t", Line: 1}, Language: lang,
		Utterances: []record.Utterance{{Role: record.Customer, Language: lang, Text: s}}}
	pipeline.Process(d, text.NewAnalyzer(), lex, pipeline.Stages{NoRedact: true})
	return &d.Utterances[0]
}

func jtbdLex(t testing.TB) *jtbd.Lexicon {
	t.Helper()
	l, err := jtbd.Builtin(text.NewAnalyzer())
	if err != nil {
		t.Fatal(err)
	}
	return l
}

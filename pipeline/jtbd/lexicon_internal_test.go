package jtbd

import (
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"jobminer/lexicon"
	"jobminer/pipeline/text"
)

// Every outcome cue finds itself written out: a cue whose words stem
// differently from running text would never fire.
func TestEveryOutcomeCueMatchesItsOwnWords(t *testing.T) {
	a := text.NewAnalyzer()
	l, err := Builtin(a)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for lang, cs := range writtenCues(t) {
		for _, c := range cs {
			phrase := c.phrase
			toks := a.Tokenize(lang, phrase)
			found := false
			for _, cu := range l.cues[lang] {
				if end, ok := matchCue(toks, 0, cu.words); ok && end == len(wordTokens(a, lang, phrase)) {
					found = true
				}
			}
			if !found {
				t.Errorf("%s cue %q does not match its own words", lang, c.pattern)
			}
			n++
		}
	}
	if n == 0 {
		t.Fatal("no cues")
	}
}

type writtenCue struct{ pattern, phrase string }

// writtenCues returns the outcome cues of lexicon/outcomes.yaml by language,
// each with its pattern written out as plain words.
func writtenCues(t *testing.T) map[string][]writtenCue {
	t.Helper()
	var oc struct {
		Cues map[string][]struct {
			Pattern string `yaml:"pattern"`
		} `yaml:"cues"`
	}
	if err := yaml.Unmarshal(lexicon.OutcomesYAML, &oc); err != nil {
		t.Fatal(err)
	}
	out := map[string][]writtenCue{}
	for lang, cs := range oc.Cues {
		for _, c := range cs {
			out[lang] = append(out[lang], writtenCue{c.Pattern, strings.NewReplacer("=", "", "*", "").Replace(c.Pattern)})
		}
	}
	return out
}

func TestCompileRejectsBadFiles(t *testing.T) {
	a := text.NewAnalyzer()
	good := "templates: {en: {minimise time: \"minimise the time it takes to {object}\"}}\ncues: {en: [{pattern: slow, direction: minimise, metric: time}]}\n"
	if _, err := Compile([]byte("concepts: {invoice: {en: [invoice]}}"), []byte(good), a); err != nil {
		t.Fatalf("good files: %v", err)
	}
	for name, c := range map[string][2]string{
		"unknown key":       {"concepts: {invoice: {en: [invoice]}}\nconcept: {}", good},
		"two words":         {"concepts: {invoice: {en: [sales invoice]}}", good},
		"bad metric":        {"", strings.Replace(good, "metric: time", "metric: joy", 1)},
		"no template":       {"", strings.Replace(good, "minimise time:", "minimise cost:", 1)},
		"template sans obj": {"", strings.Replace(good, " {object}", "", 1)},
	} {
		if _, err := Compile([]byte(c[0]), []byte(c[1]), a); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

package jtbd_test

import (
	"testing"

	"gopkg.in/yaml.v3"

	"jobminer/lexicon"
	"jobminer/pipeline/internal/lextest"
)

// A bilingual concept word that compound splitting took apart would never
// reach its concept: job keys would hold its parts instead. Such words must
// be known words in the language's compounds.txt.
func TestConceptWordsStayWhole(t *testing.T) {
	a, lex := lextest.Builtin(t)
	var bi struct {
		Concepts map[string]map[string][]string `yaml:"concepts"`
	}
	if err := yaml.Unmarshal(lexicon.BilingualYAML, &bi); err != nil {
		t.Fatal(err)
	}
	n := 0
	for id, langs := range bi.Concepts {
		for lang, words := range langs {
			l := lex.Lang(lang)
			if l == nil {
				continue
			}
			for _, w := range words {
				for _, tok := range a.Tokenize(lang, w) {
					n++
					if parts := l.Split(tok.Norm, tok.Stem); parts != nil {
						t.Errorf("concept %s: %s word %q splits into %q; add it to lexicon/%s/compounds.txt", id, lang, w, parts, lang)
					}
				}
			}
		}
	}
	if n < 100 {
		t.Fatalf("only %d concept words checked", n)
	}
}

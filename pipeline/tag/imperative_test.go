package tag

import (
	"slices"
	"strings"
	"testing"

	"jobminer/lexicon"
)

// The imperative job cues (lexicon/<lang>/jobs.yaml) and Imperative, which
// makes the same sentences progress, know the same verbs.
func TestImperativeVerbsMatchCues(t *testing.T) {
	set, err := lexicon.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	for lang, id := range map[string]string{"en": "en.job.imperative", "nl": "nl.job.imperatief"} {
		var cue *lexicon.Cue
		for i := range set.Langs[lang].Cues {
			if c := &set.Langs[lang].Cues[i]; c.ID == id {
				cue = c
			}
		}
		if cue == nil {
			t.Fatalf("no cue %s", id)
		}
		var fromCue []string
		for _, w := range strings.Split(cue.Pattern, "|") {
			fromCue = append(fromCue, strings.TrimPrefix(w, "="))
		}
		var fromTag []string
		for w := range imperativeVerbs[lang] {
			fromTag = append(fromTag, w)
		}
		slices.Sort(fromCue)
		slices.Sort(fromTag)
		if !slices.Equal(fromCue, fromTag) {
			t.Errorf("%s: cue %s has verbs %q, Imperative %q", lang, id, fromCue, fromTag)
		}
	}
}

package extract

import (
	"testing"

	"jobminer/lexicon"
	"jobminer/pipeline/text"
)

// A joined separable verb gets particle + the verb's stem as its stem; the
// Dutch Snowball stemmer only strips suffixes, so that should be the stem of
// the joined word as written ("in te plannen" keys like "inplannen").
func TestJoinedParticleStem(t *testing.T) {
	a := text.NewAnalyzer()
	verbs := []string{"plannen", "vragen", "zeggen", "sturen", "typen", "halen", "melden", "stellen", "leveren", "nemen", "zetten", "loggen", "betalen", "sluiten", "schrijven", "werken"}
	bad, n := 0, 0
	for _, p := range lexicon.Particles() {
		if !separable(p) {
			continue
		}
		for _, v := range verbs {
			n++
			if got, want := p+a.Stem("nl", v), a.Stem("nl", p+v); got != want {
				t.Logf("%s + %s: joined stem %q, stem of %s%s %q", p, v, got, p, v, want)
				bad++
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d joined stems differ", bad, n)
	}
}

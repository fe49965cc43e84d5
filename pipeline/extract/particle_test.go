package extract

import (
	"testing"

	"jobminer/pipeline/text"
)

// A joined separable verb gets particle + the verb's stem as its stem; the
// Dutch Snowball stemmer only strips suffixes, so that should be the stem of
// the joined word as written ("in te plannen" keys like "inplannen").
func TestJoinedParticleStem(t *testing.T) {
	a := text.NewAnalyzer()
	verbs := []string{"plannen", "vragen", "zeggen", "sturen", "typen", "halen", "melden", "stellen", "leveren", "nemen", "zetten", "loggen", "betalen", "sluiten", "schrijven", "werken"}
	bad := 0
	for p := range particles {
		for _, v := range verbs {
			if got, want := p+a.Stem("nl", v), a.Stem("nl", p+v); got != want {
				t.Logf("%s + %s: joined stem %q, stem of %s%s %q", p, v, got, p, v, want)
				bad++
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d joined stems differ", bad, len(particles)*len(verbs))
	}
}

package lexicon

import (
	"strings"

	"jobminer/pipeline/record"
)

// NaiveFind is naiveFind for the external tests, which may use the text
// stage (an internal test may not: text imports lexicon).
var NaiveFind = naiveFind

// naiveFind is the matcher's definition, kept as the oracle for its index
// and interned ids: try every pattern at every token, comparing strings.
func naiveFind(m *Matcher, toks []record.Token) []Match {
	var out []Match
	for i := range toks {
		for p, slots := range m.patterns {
			if len(slots) == 0 {
				continue
			}
			if end, ok := naiveAt(slots, toks, i, 0); ok {
				out = append(out, Match{Pattern: p, Start: i, End: end})
			}
		}
	}
	return out
}

func naiveAt(slots []slot, toks []record.Token, ti, si int) (int, bool) {
	if si == len(slots) {
		return ti, true
	}
	if ti >= len(toks) || (si > 0 && toks[ti].Sentence != toks[ti-1].Sentence) {
		return 0, false
	}
	s := slots[si]
	if s.gap {
		for skip := 0; skip <= s.span; skip++ {
			if skip > 0 {
				j := ti + skip - 1
				if j >= len(toks) || Boundary(toks[j].Norm) || toks[j].Sentence != toks[ti].Sentence {
					break
				}
			}
			if end, ok := naiveAt(slots, toks, ti+skip, si+1); ok {
				return end, true
			}
		}
		return 0, false
	}
	t := toks[ti]
	for _, a := range s.alts {
		var ok bool
		switch a.kind {
		case byStem:
			ok = t.Stem == a.val
		case byPrefix:
			ok = strings.HasPrefix(t.Norm, a.val)
		case bySuffix:
			ok = strings.HasSuffix(t.Norm, a.val)
		default:
			ok = t.Norm == a.val
		}
		if ok {
			return naiveAt(slots, toks, ti+1, si+1)
		}
	}
	return 0, false
}

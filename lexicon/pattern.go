package lexicon

import (
	"fmt"
	"strings"
)

// A pattern as written: slots of alternatives, before tokenizing and stemming.
type rawSlot struct {
	gap  bool
	alts []rawAlt
}

type rawAlt struct {
	kind matchKind
	word string
}

type matchKind uint8

const (
	byStem    matchKind = iota // token stem equals the stem of the word
	byPrefix                   // token's lowercase form starts with the word
	byLiteral                  // token's lowercase form equals the word
	bySuffix                   // token's lowercase form ends with the word
)

// maxGap is how many tokens a "..." slot may skip.
const maxGap = 3

// parsePattern checks the pattern syntax; see README.md.
func parsePattern(p string) ([]rawSlot, error) {
	fields := strings.Fields(p)
	if len(fields) == 0 {
		return nil, fmt.Errorf("empty pattern")
	}
	var slots []rawSlot
	for i, f := range fields {
		if f == "..." || f == "…" {
			if i == 0 || i == len(fields)-1 {
				return nil, fmt.Errorf("pattern %q: a gap (...) cannot start or end a pattern", p)
			}
			if slots[len(slots)-1].gap {
				return nil, fmt.Errorf("pattern %q: two gaps in a row", p)
			}
			slots = append(slots, rawSlot{gap: true})
			continue
		}
		var s rawSlot
		for _, a := range strings.Split(f, "|") {
			alt := rawAlt{kind: byStem, word: strings.ToLower(a)}
			switch {
			case strings.HasPrefix(alt.word, "=") && strings.HasSuffix(alt.word, "*"):
				return nil, fmt.Errorf("pattern %q: %q is both literal (=) and prefix (*)", p, a)
			case strings.HasPrefix(alt.word, "*"):
				// A suffix names a form, not a word ("*ть": a Russian
				// infinitive), so it only follows a slot that anchors the
				// match: the matcher indexes patterns by their first slot.
				alt.kind, alt.word = bySuffix, alt.word[1:]
				if len(slots) == 0 {
					return nil, fmt.Errorf("pattern %q: a suffix (%s) cannot start a pattern", p, a)
				}
				if len([]rune(alt.word)) < 2 {
					return nil, fmt.Errorf("pattern %q: suffix %q is too short to mean anything (2 letters at least)", p, a)
				}
			case strings.HasPrefix(alt.word, "="):
				alt.kind, alt.word = byLiteral, alt.word[1:]
			case strings.HasSuffix(alt.word, "*"):
				alt.kind, alt.word = byPrefix, strings.TrimSuffix(alt.word, "*")
				if len([]rune(alt.word)) < 3 {
					return nil, fmt.Errorf("pattern %q: prefix %q is too short to mean anything (3 letters at least)", p, a)
				}
			}
			if alt.word == "" || strings.ContainsAny(alt.word, "*=") {
				return nil, fmt.Errorf("pattern %q: bad word %q", p, a)
			}
			s.alts = append(s.alts, alt)
		}
		slots = append(slots, s)
	}
	return slots, nil
}

package lexicon

import (
	"fmt"
	"strconv"
	"strings"
)

// A pattern as written: slots of alternatives, before tokenizing and stemming.
type rawSlot struct {
	gap  bool
	span int // a gap's most tokens
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

// maxGap is how many tokens a "..." slot may skip; "...N" skips up to N,
// at most maxWideGap: Dutch puts the verb or particle at the clause's end
// ("ben ik al mijn foto's kwijt"), farther than three tokens from its
// subject or auxiliary. A gap never crosses a clause boundary.
const (
	maxGap     = 3
	maxWideGap = 8
)

// gapSpan reads a gap slot: "..." or "…" (maxGap tokens) or "...N".
func gapSpan(f string) (int, bool, error) {
	if f == "..." || f == "…" {
		return maxGap, true, nil
	}
	rest, ok := strings.CutPrefix(f, "...")
	if !ok {
		return 0, false, nil
	}
	n, err := strconv.Atoi(rest)
	if err != nil || n < 1 || n > maxWideGap {
		return 0, false, fmt.Errorf("gap %q: N must be 1 to %d", f, maxWideGap)
	}
	return n, true, nil
}

// parsePattern checks the pattern syntax; see README.md.
func parsePattern(p string) ([]rawSlot, error) {
	fields := strings.Fields(p)
	if len(fields) == 0 {
		return nil, fmt.Errorf("empty pattern")
	}
	var slots []rawSlot
	for i, f := range fields {
		span, isGap, err := gapSpan(f)
		if err != nil {
			return nil, fmt.Errorf("pattern %q: %v", p, err)
		}
		if isGap {
			if i == 0 || i == len(fields)-1 {
				return nil, fmt.Errorf("pattern %q: a gap (...) cannot start or end a pattern", p)
			}
			if slots[len(slots)-1].gap {
				return nil, fmt.Errorf("pattern %q: two gaps in a row", p)
			}
			slots = append(slots, rawSlot{gap: true, span: span})
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

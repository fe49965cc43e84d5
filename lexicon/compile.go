package lexicon

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"jobminer/pipeline/record"
)

// Tokenizer is what Compile needs from the text stage: the same tokens, norms
// and stems the analyzer gives running text, so patterns and text agree.
// *text.Analyzer implements it.
type Tokenizer interface {
	Tokenize(lang, s string) []record.Token
}

// Compiled is the immutable, shareable form of a Set. Safe for concurrent use.
type Compiled struct {
	langs map[string]*Lang
	Files []File
}

// Lang returns the compiled lexicon of a language, or nil when there is none.
func (c *Compiled) Lang(code string) *Lang { return c.langs[code] }

// Languages lists the compiled languages, sorted.
func (c *Compiled) Languages() []string {
	var out []string
	for l := range c.langs {
		out = append(out, l)
	}
	sort.Strings(out)
	return out
}

// Lang is one language's compiled lexicon.
type Lang struct {
	Code         string
	Entries      []Entry    // Forces' pattern i is Entries[i]
	Forces       *Matcher   // force entries
	Cues         []Cue      // Jobs' pattern i is Cues[i]
	Jobs         *Matcher   // job cues
	PhaseCues    []PhaseCue // PhaseMatcher's pattern i is PhaseCues[i]
	PhaseMatcher *Matcher   // switch-timeline phase cues
	Negators     *Matcher   // negation cues
	Intensifiers *Matcher   // intensifiers and downtoners
	Factors      []float64  // Intensifiers' pattern i has factor Factors[i]
	// EntryHasNegator[i] says Entries[i]'s pattern spells out a negator
	// ("werkt niet", "not working"): a negator inside its match is its
	// meaning, not a negation of it. CueHasNegator is the same for Cues.
	EntryHasNegator []bool
	CueHasNegator   []bool
	// CueAdds holds, per cue, the token of its adds: verb (Norm "" when
	// none): the verb with its stem, for the job's statement and key.
	CueAdds []record.Token
	// CueCausative is the same for causative: verbs.
	CueCausative    []record.Token
	PhaseHasNegator []bool
	stop            map[string]bool
	parts           map[string]string              // compound parts -> stem (compound.go)
	partStems       map[string]bool                // the stems of parts
	stemWord        func(lang, word string) string // WordStemmer, or nil
	vocab           *vocab                         // shared by the matchers above
	// Models are the learned models by force (model.go): struggle, and
	// anxiety and habit where trained; a force without one has none.
	Models map[record.Force]*Model
}

// Stopword reports whether a token is a function word, left out of job keys.
func (l *Lang) Stopword(t record.Token) bool { return l.stop[t.Norm] || l.stop["\x00"+t.Stem] }

// Compile tokenizes and stems every pattern with tz.
func Compile(s *Set, tz Tokenizer) (*Compiled, error) {
	c := &Compiled{langs: map[string]*Lang{}, Files: s.Files}
	var errs []error
	for _, code := range s.Languages() {
		src := s.Langs[code]
		l := &Lang{Code: code, Entries: src.Entries, Cues: src.Cues, Models: src.Models, stop: map[string]bool{}, vocab: newVocab()}
		l.Forces = &Matcher{}
		for _, e := range src.Entries {
			if err := l.Forces.add(tz, code, e.Pattern); err != nil {
				errs = append(errs, &Error{Pos: e.Pos, Err: fmt.Errorf("entry %s: %v", e.ID, err)})
				l.Forces.addNever() // keep indexes aligned with Entries
			}
		}
		l.Jobs = &Matcher{}
		for _, cu := range src.Cues {
			if err := l.Jobs.add(tz, code, cu.Pattern); err != nil {
				errs = append(errs, &Error{Pos: cu.Pos, Err: fmt.Errorf("cue %s: %v", cu.ID, err)})
				l.Jobs.addNever()
			}
		}
		l.PhaseCues = src.PhaseCues
		l.PhaseMatcher = &Matcher{}
		for _, pc := range src.PhaseCues {
			if err := l.PhaseMatcher.add(tz, code, pc.Pattern); err != nil {
				errs = append(errs, &Error{Pos: pc.Pos, Err: fmt.Errorf("phase cue %s: %v", pc.ID, err)})
				l.PhaseMatcher.addNever()
			}
		}
		l.Negators = &Matcher{}
		for _, n := range src.Negators {
			l.Negators.addLiteral(tz, code, n)
		}
		l.Intensifiers = &Matcher{}
		for _, f := range src.Intensifiers {
			l.Intensifiers.addLiteral(tz, code, f.Phrase)
			l.Factors = append(l.Factors, f.Factor)
		}
		for _, w := range src.Stopwords {
			for _, t := range tz.Tokenize(code, w) {
				l.stop[t.Norm] = true
				l.stop["\x00"+t.Stem] = true
			}
		}
		if len(src.Compounds) > 0 {
			l.parts, l.partStems = partStems(tz, code, src.Compounds)
		}
		if ws, ok := tz.(WordStemmer); ok {
			l.stemWord = ws.StemWord
		}
		negWords := map[string]bool{}
		for _, n := range src.Negators {
			if toks := words(tz, code, n); len(toks) == 1 {
				negWords[toks[0].Norm] = true
				negWords["\x00"+toks[0].Stem] = true
			}
		}
		l.EntryHasNegator = l.Forces.containing(negWords)
		l.CueHasNegator = l.Jobs.containing(negWords)
		l.CueAdds = make([]record.Token, len(src.Cues))
		l.CueCausative = make([]record.Token, len(src.Cues))
		for i, cu := range src.Cues {
			for _, v := range []struct {
				key, word string
				dst       *record.Token
			}{{"adds", cu.Adds, &l.CueAdds[i]}, {"causative", cu.Causative, &l.CueCausative[i]}} {
				if v.word == "" {
					continue
				}
				if ts := tz.Tokenize(code, v.word); len(ts) == 1 && ts[0].Word {
					*v.dst = ts[0]
				} else {
					errs = append(errs, &Error{Pos: cu.Pos, Err: fmt.Errorf("cue %s: %s: %q is not one word", cu.ID, v.key, v.word)})
				}
			}
		}
		l.PhaseHasNegator = l.PhaseMatcher.containing(negWords)
		for _, m := range []*Matcher{l.Forces, l.Jobs, l.PhaseMatcher, l.Negators, l.Intensifiers} {
			m.vocab = l.vocab
			m.index()
		}
		c.langs[code] = l
	}
	if len(errs) > 0 {
		return nil, joinErrors(errs)
	}
	return c, nil
}

// Matcher finds patterns in a token stream. Patterns are indexed by what
// their first slot needs, so a token only tries the patterns that can start
// at it.
type Matcher struct {
	patterns [][]slot
	vocab    *vocab
	// byStem.at(id) and byNorm.at(id) are the patterns whose first slot
	// takes the stem or lowercase form with that vocab id, ascending.
	byStem, byNorm csr
	// byPrefix holds the patterns whose first slot has a prefix alternative,
	// by that prefix; a token looks up each of its own prefixes of a length
	// in [prefixMin, prefixMax]. An empty prefix would fit every token: its
	// patterns are in anyPrefix.
	byPrefix             map[string][]int32
	prefixMin, prefixMax int
	prefixLens           []int      // the lengths of the keys of byPrefix, ascending
	prefixHeads          [64]uint64 // bit set of hashed prefixMin-byte heads of byPrefix's keys
	anyPrefix            []int32
	// second[p] is a bit set (keyBit) of the ids pattern p's second slot
	// compares, or 0 when that slot is a gap or has a prefix, or p has one
	// slot: most candidates fail on the next token, and this fails them
	// without reading the pattern.
	second []uint64
}

// keyBit is an id's bit in Matcher.second; id 0 (no pattern's) has none.
func keyBit(id int32) uint64 {
	if id == 0 {
		return 0
	}
	return 1 << (uint32(id) & 63)
}

// headBit is the bit of prefixHeads for a head of prefixMin bytes: most
// tokens start with no prefix's head and skip every prefix lookup.
func headBit(head string) (word int, bit uint64) {
	h := uint32(2166136261) // FNV-1a
	for i := 0; i < len(head); i++ {
		h = (h ^ uint32(head[i])) * 16777619
	}
	return int(h>>6) & 63, 1 << (h & 63)
}

type slot struct {
	gap  bool
	span int // a gap's most tokens
	alts []alt
	// one is set for a slot of one stem or literal alternative, matched on
	// kind and id without reading alts.
	one  bool
	kind matchKind
	id   int32
}

// csr lists pattern indexes by vocab id: those of id are pat[off[id]:off[id+1]].
// Four bytes an id keep a matcher's table small in the cache.
type csr struct {
	off []uint32
	pat []int32
}

func (c *csr) at(id int32) []int32 {
	if int(id) < len(c.off)-1 {
		return c.pat[c.off[id]:c.off[id+1]]
	}
	return nil
}

func makeCSR(byID [][]int32) csr {
	var c csr
	if len(byID) == 0 {
		return c
	}
	c.off = make([]uint32, len(byID)+1)
	for id, ps := range byID {
		c.pat = append(c.pat, ps...)
		c.off[id+1] = uint32(len(c.pat))
	}
	return c
}

type alt struct {
	kind matchKind
	val  string
	id   int32 // vocab id of val, for byStem and byLiteral
}

// interned: the alternative compares a vocab id (a whole stem or form), not
// a part of the form.
func (a *alt) interned() bool { return a.kind == byStem || a.kind == byLiteral }

func (a *alt) matches(t *record.Token, k Key) bool {
	switch a.kind {
	case byStem:
		return k.stem == a.id
	case byPrefix:
		return strings.HasPrefix(t.Norm, a.val)
	case bySuffix:
		return strings.HasSuffix(t.Norm, a.val)
	default:
		return k.norm == a.id
	}
}

// vocab interns the stems and lowercase forms a Lang's patterns compare:
// a token is looked up once per utterance (Lang.Keys) rather than once per
// matcher, and slots compare ints. One id space serves stems and forms; 0
// is every string no pattern uses.
type vocab struct{ ids map[string]int32 }

func newVocab() *vocab { return &vocab{ids: map[string]int32{}} }

func (v *vocab) intern(s string) int32 {
	id, ok := v.ids[s]
	if !ok {
		id = int32(len(v.ids) + 1)
		v.ids[s] = id
	}
	return id
}

// Key is a token's vocab ids in one Lang.
type Key struct{ stem, norm int32 }

func (v *vocab) key(t *record.Token) Key {
	n := v.ids[t.Norm]
	if t.Stem == t.Norm {
		return Key{n, n}
	}
	return Key{v.ids[t.Stem], n}
}

func (v *vocab) keys(dst []Key, toks []record.Token) []Key {
	for i := range toks {
		dst = append(dst, v.key(&toks[i]))
	}
	return dst
}

// Keys appends the keys of toks to dst, for FindKeyed with this Lang's
// matchers: an utterance run through several of them is looked up once.
func (l *Lang) Keys(dst []Key, toks []record.Token) []Key { return l.vocab.keys(dst, toks) }

// Key is one token's key in this Lang. A key depends only on the token's
// Norm and Stem, so a caller may cache it by word (text.Analyzer does), but
// only for this Lang: another Lang's ids mean other strings.
func (l *Lang) Key(t *record.Token) Key { return l.vocab.key(t) }

// Signature renders pattern i after tokenizing and stemming, so that two
// patterns that match the same tokens have the same signature.
func (m *Matcher) Signature(i int) string {
	var b strings.Builder
	for _, s := range m.patterns[i] {
		if s.gap {
			if s.span != maxGap {
				fmt.Fprintf(&b, "…%d ", s.span)
			} else {
				b.WriteString("… ")
			}
			continue
		}
		alts := make([]string, len(s.alts))
		for k, a := range s.alts {
			alts[k] = [...]string{"", "*", "=", "-"}[a.kind] + a.val
		}
		sort.Strings(alts)
		b.WriteString(strings.Join(alts, "|") + " ")
	}
	return b.String()
}

// Len returns the number of patterns.
func (m *Matcher) Len() int { return len(m.patterns) }

func (m *Matcher) add(tz Tokenizer, lang, pattern string) error {
	raw, err := parsePattern(pattern)
	if err != nil {
		return err
	}
	var slots []slot
	for _, rs := range raw {
		if rs.gap {
			slots = append(slots, slot{gap: true, span: rs.span})
			continue
		}
		if len(rs.alts) == 1 {
			// A single word may tokenize into several tokens (can't -> ca n't).
			a := rs.alts[0]
			toks := words(tz, lang, a.word)
			if len(toks) == 0 {
				return fmt.Errorf("%q has no word in it", a.word)
			}
			if (a.kind == byPrefix || a.kind == bySuffix) && len(toks) > 1 {
				return fmt.Errorf("prefix or suffix %q splits into %d tokens; it must be one token", a.word, len(toks))
			}
			for _, t := range toks {
				slots = append(slots, slot{alts: []alt{makeAlt(a.kind, t)}})
			}
			continue
		}
		var s slot
		for _, a := range rs.alts {
			toks := words(tz, lang, a.word)
			if len(toks) != 1 {
				return fmt.Errorf("alternative %q is %d tokens; alternatives must be single tokens", a.word, len(toks))
			}
			s.alts = append(s.alts, makeAlt(a.kind, toks[0]))
		}
		slots = append(slots, s)
	}
	m.patterns = append(m.patterns, slots)
	return nil
}

func words(tz Tokenizer, lang, s string) []record.Token {
	var out []record.Token
	for _, t := range tz.Tokenize(lang, s) {
		if t.Norm != "" {
			out = append(out, t)
		}
	}
	return out
}

func makeAlt(k matchKind, t record.Token) alt {
	if k == byStem {
		return alt{kind: byStem, val: t.Stem}
	}
	return alt{kind: k, val: t.Norm}
}

// addLiteral adds a phrase matched token by token on lowercase forms.
func (m *Matcher) addLiteral(tz Tokenizer, lang, phrase string) {
	var slots []slot
	for _, t := range words(tz, lang, phrase) {
		slots = append(slots, slot{alts: []alt{{kind: byLiteral, val: t.Norm}}})
	}
	if len(slots) == 0 {
		m.addNever()
		return
	}
	m.patterns = append(m.patterns, slots)
}

// containing reports, per pattern, whether one of its slots can match one
// of words (norms, and stems prefixed with \x00).
func (m *Matcher) containing(words map[string]bool) []bool {
	out := make([]bool, len(m.patterns))
	for i, p := range m.patterns {
		for _, s := range p {
			for _, a := range s.alts {
				if a.kind == byStem && words["\x00"+a.val] || a.kind != byStem && words[a.val] {
					out[i] = true
				}
			}
		}
	}
	return out
}

// addNever keeps pattern indexes aligned when a pattern failed to compile.
func (m *Matcher) addNever() { m.patterns = append(m.patterns, nil) }

func (m *Matcher) index() {
	if m.vocab == nil {
		m.vocab = newVocab()
	}
	for _, p := range m.patterns {
		for si := range p {
			s := &p[si]
			for ai := range s.alts {
				if a := &s.alts[ai]; a.interned() {
					a.id = m.vocab.intern(a.val)
				}
			}
			if len(s.alts) == 1 && s.alts[0].interned() {
				s.one, s.kind, s.id = true, s.alts[0].kind, s.alts[0].id
			}
		}
	}
	m.second = make([]uint64, len(m.patterns))
	for i, p := range m.patterns {
		if len(p) < 2 || p[1].gap {
			continue
		}
		var set uint64
		for _, a := range p[1].alts {
			if !a.interned() {
				set = 0
				break
			}
			set |= keyBit(a.id)
		}
		m.second[i] = set
	}
	var stemLists, normLists [][]int32
	m.byPrefix = map[string][]int32{}
	m.prefixMin, m.prefixMax, m.anyPrefix = 0, 0, nil
	at := func(idx [][]int32, id int32) [][]int32 {
		for int(id) >= len(idx) {
			idx = append(idx, nil)
		}
		return idx
	}
	for i, p := range m.patterns {
		if len(p) == 0 {
			continue
		}
		for _, a := range p[0].alts {
			switch a.kind {
			case byStem:
				stemLists = at(stemLists, a.id)
				stemLists[a.id] = appendOnce(stemLists[a.id], int32(i))
			case byLiteral:
				normLists = at(normLists, a.id)
				normLists[a.id] = appendOnce(normLists[a.id], int32(i))
			case byPrefix:
				if a.val == "" {
					m.anyPrefix = appendOnce(m.anyPrefix, int32(i))
					continue
				}
				m.byPrefix[a.val] = appendOnce(m.byPrefix[a.val], int32(i))
				if m.prefixMin == 0 || len(a.val) < m.prefixMin {
					m.prefixMin = len(a.val)
				}
				m.prefixMax = max(m.prefixMax, len(a.val))
			}
		}
	}
	m.byStem, m.byNorm = makeCSR(stemLists), makeCSR(normLists)
	m.prefixLens, m.prefixHeads = nil, [64]uint64{}
	for k := range m.byPrefix {
		if !slices.Contains(m.prefixLens, len(k)) {
			m.prefixLens = append(m.prefixLens, len(k))
		}
		w, b := headBit(k[:m.prefixMin])
		m.prefixHeads[w] |= b
	}
	slices.Sort(m.prefixLens)
}

func appendOnce(s []int32, v int32) []int32 {
	if len(s) > 0 && s[len(s)-1] == v {
		return s
	}
	return append(s, v)
}

// Match is a pattern found at tokens [Start, End).
type Match struct {
	Pattern    int
	Start, End int // token indexes
}

// FindAll appends every match of every pattern in toks to dst, ordered by start
// token, then pattern index. A pattern matches within one sentence; at each
// start it takes the shortest way through its gaps.
func (m *Matcher) FindAll(dst []Match, toks []record.Token) []Match {
	if m.vocab == nil {
		return dst // never indexed: no patterns
	}
	var buf [128]Key
	return m.FindKeyed(dst, toks, m.vocab.keys(buf[:0], toks))
}

// FindKeyed is FindAll with keys the matcher's Lang made for toks (Lang.Keys).
func (m *Matcher) FindKeyed(dst []Match, toks []record.Token, keys []Key) []Match {
	if len(keys) != len(toks) {
		panic("lexicon: FindKeyed: keys do not fit the tokens")
	}
	var buf [64]int32
	for i := range toks {
		t, k := &toks[i], keys[i]
		// The candidates come from up to four ascending lists; with one
		// (the common case) it is used as it is.
		var cand []int32
		sources := 0
		if c := m.byStem.at(k.stem); len(c) > 0 {
			cand, sources = c, 1
		}
		if c := m.byNorm.at(k.norm); len(c) > 0 {
			cand, sources = appendCand(buf[:0], cand, c, sources)
		}
		if len(m.anyPrefix) > 0 {
			cand, sources = appendCand(buf[:0], cand, m.anyPrefix, sources)
		}
		if m.prefixMax > 0 && len(t.Norm) >= m.prefixMin {
			if w, b := headBit(t.Norm[:m.prefixMin]); m.prefixHeads[w]&b != 0 {
				for _, n := range m.prefixLens {
					if n > len(t.Norm) {
						break
					}
					if c := m.byPrefix[t.Norm[:n]]; len(c) > 0 {
						cand, sources = appendCand(buf[:0], cand, c, sources)
					}
				}
			}
		}
		if sources == 0 {
			continue
		}
		if sources > 1 {
			slices.Sort(cand)
		}
		// A second slot of stems and forms needs the next token, in the
		// same sentence, to have one of its ids (matchAt).
		var next uint64
		if i+1 < len(toks) && toks[i+1].Sentence == t.Sentence {
			next = keyBit(keys[i+1].stem) | keyBit(keys[i+1].norm)
		}
		last := int32(-1)
		for _, p := range cand {
			if p == last {
				continue
			}
			last = p
			if sec := m.second[p]; sec != 0 && sec&next == 0 {
				continue
			}
			// The index put p here because its first slot matches toks[i].
			if end, ok := matchAt(m.patterns[p], toks, keys, i+1, 1); ok {
				dst = append(dst, Match{Pattern: int(p), Start: i, End: end})
			}
		}
	}
	return dst
}

// appendCand adds list c to the candidates; from the second source on they
// are copied into buf (not to write into an index list).
func appendCand(buf, cand, c []int32, sources int) ([]int32, int) {
	switch sources {
	case 0:
		return c, 1
	case 1:
		buf = append(buf, cand...)
		return append(buf, c...), 2
	}
	return append(cand, c...), sources + 1
}

// matchAt matches slots[si:] starting at token ti; it returns the end token.
// It loops over plain slots and recurses only to try a gap's lengths.
func matchAt(slots []slot, toks []record.Token, keys []Key, ti, si int) (int, bool) {
	for ; si < len(slots); si++ {
		if ti >= len(toks) || (si > 0 && toks[ti].Sentence != toks[ti-1].Sentence) {
			return 0, false
		}
		s := &slots[si]
		if s.gap {
			for skip := 0; skip <= s.span; skip++ {
				if skip > 0 {
					j := ti + skip - 1
					if j >= len(toks) || Boundary(toks[j].Norm) || toks[j].Sentence != toks[ti].Sentence {
						break
					}
				}
				if end, ok := matchAt(slots, toks, keys, ti+skip, si+1); ok {
					return end, true
				}
			}
			return 0, false
		}
		if !s.matches(&toks[ti], keys[ti]) {
			return 0, false
		}
		ti++
	}
	return ti, true
}

func (s *slot) matches(t *record.Token, k Key) bool {
	if s.one {
		if s.kind == byStem {
			return k.stem == s.id
		}
		return k.norm == s.id
	}
	for ai := range s.alts {
		if s.alts[ai].matches(t, k) {
			return true
		}
	}
	return false
}

// Boundary reports whether a token ends a clause: , ; : . ! ? and the like.
func Boundary(norm string) bool {
	switch norm {
	case ",", ";", ":", ".", "!", "?", "…", "...", "(", ")", "-", "–", "—", "\"", "“", "”":
		return true
	}
	return false
}

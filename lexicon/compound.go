package lexicon

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"jobminer/pipeline/record"
)

// Compound splitting for job keys. Dutch writes compounds as one word
// ("bezorgtijdvak", "arbeidscontracten", "tandartsafspraak") where English
// writes words apart, so "een bezorgtijdvak kiezen" and "voor de bezorging
// een tijdvak kiezen" would make two jobs. A word that is not itself in the
// language's compounds.txt but reads as two or more of its words, with a
// linking s, e or en between them, enters a job key as its parts' stems.
// The head (last part) keeps the word's inflection: "arbeidscontracten" is
// arbeid + contracten. Only job keys use this; tagging matches whole words.

const (
	minCompound = 7  // bytes; "tijdvak" is the shortest we split
	maxCompound = 64 // bytes; longer strings are not words worth splitting
	minPart     = 4  // bytes in a modifier: "tijd", "web" is too short to tell
	minHead     = 3  // bytes in the head: "vak", "dag", "bus"
)

// notHeads are word endings that are also (rare) words: a head among them
// is a suffix, not a word ("kalen+der", "quest+ion", "blokker+end").
var notHeads = map[string]bool{
	"ing": true, "ers": true, "end": true, "ende": true, "ner": true, "der": true, "ren": true,
	"nen": true, "ion": true, "als": true, "ste": true, "tje": true, "tjes": true, "jes": true,
	"heid": true, "lijk": true, "lijke": true, "baar": true, "loos": true, "isch": true, "ster": true,
}

// linkers join the parts of a Dutch compound: betaling-s-herinnering,
// pannen-koek, gemeente-huis. Tried longest first.
var linkers = []string{"en", "s", "e", ""}

// Stemmer is the optional part of a Tokenizer that stems one word; Compile
// stems compound parts with it when the Tokenizer has it.
type Stemmer interface {
	Stem(lang, word string) string
}

// WordStemmer is the optional part of a Tokenizer that stems one word
// without shared state, so a compiled Lang may call it from any goroutine:
// job keys stem the parts of hyphenated words with it.
type WordStemmer interface {
	StemWord(lang, word string) string
}

// partStems stems every compound part as running text would be stemmed.
func partStems(tz Tokenizer, code string, words []string) (map[string]string, map[string]bool) {
	st, _ := tz.(Stemmer)
	out := make(map[string]string, len(words))
	stems := make(map[string]bool, len(words))
	for _, w := range words {
		if strings.ContainsRune(w, ' ') {
			continue
		}
		if st != nil {
			out[w] = st.Stem(code, w)
		} else if ts := tz.Tokenize(code, w); len(ts) == 1 {
			out[w] = ts[0].Stem
		}
		stems[out[w]] = true
	}
	return out, stems
}

// KeyStems appends the stems token t gives a job key: none for symbols,
// numbers, one-letter words and stopwords; a hyphenated word's or a
// compound's parts (compound.go); else its stem.
func (l *Lang) KeyStems(dst []string, t record.Token) []string {
	if !t.Word || l.Stopword(t) || utf8.RuneCountInString(t.Norm) < 2 {
		return dst
	}
	if l.stemWord != nil && strings.IndexByte(t.Norm, '-') > 0 {
		// "firmware-update" meets "die update" and "firmware update", and
		// "ски-пасса" meets "пасс": a hyphenated word gives the stems of
		// its parts (less stopwords, numbers and one-letter parts: "e-mail"
		// is "mail", "по-человечески" "человечески").
		n := len(dst)
		for p := range strings.SplitSeq(t.Norm, "-") {
			if utf8.RuneCountInString(p) < 2 || !hasLetter(p) || l.stop[p] {
				continue
			}
			dst = append(dst, KeyStem(l.Code, l.stemWord(l.Code, p)))
		}
		if len(dst) > n {
			return dst
		}
	}
	if parts := l.Split(t.Norm, t.Stem); len(parts) > 1 {
		for _, p := range parts {
			dst = append(dst, l.partStem(p))
		}
		return dst
	}
	return append(dst, KeyStem(l.Code, t.Stem))
}

// KeyStem is the form a word's stem takes in job keys. For Russian it drops
// the imperfective suffix a Snowball stem keeps, so the two aspects of a
// verb meet: продлевать (продлева) and продлить (продл), заказывать
// (заказыва) and заказать (заказа), отменять (отменя) and отменить
// (отмен). Snowball strips noun and adjective endings, so a stem that still
// ends in а or я is a verb's. Consonant alternations (оплачивать/оплатить)
// and prefixed perfectives (ставить/поставить) stay apart.
func KeyStem(lang, stem string) string {
	if lang != "ru" {
		return stem
	}
	for _, suf := range []string{"ыва", "ива", "ева", "а", "я"} {
		if rest, ok := strings.CutSuffix(stem, suf); ok {
			if utf8.RuneCountInString(rest) >= 3 {
				return rest
			}
			return stem
		}
	}
	return stem
}

// partStem is a part's stem; a verb stem part takes its infinitive's.
func (l *Lang) partStem(p string) string {
	if s, ok := l.parts[p]; ok {
		return s
	}
	if inf, ok := l.infinitive(p); ok {
		return l.parts[inf]
	}
	return p
}

// Split returns the parts of a compound word w with stem stem (linking
// letters dropped), or nil when w is a known word, a form of one (its stem is
// a known word's stem: "bezorging" is bezorgen's, not bezorg + ing), or does
// not read as known parts.
func (l *Lang) Split(w, stem string) []string {
	if len(l.parts) == 0 || len(w) < minCompound || len(w) > maxCompound {
		return nil
	}
	if _, known := l.parts[w]; known || l.partStems[stem] {
		return nil
	}
	for i := 0; i < len(w); i++ {
		if c := w[i]; c == '-' || c == '\'' || c >= '0' && c <= '9' {
			return nil // hyphenated words and clitics are tokens of their own
		}
	}
	var memo [maxCompound + 1]*split
	best := l.bestSplit(w, 0, &memo)
	if best == nil || len(best.parts) < 2 {
		return nil
	}
	return best.parts
}

// split is the best way found to read a suffix of a word as parts.
type split struct {
	parts []string
	none  bool // the suffix cannot be read as parts
}

// better orders readings: fewer parts, then a longer head (the last part
// carries the meaning in Dutch), then a longer first part.
func (s *split) better(o *split) bool {
	if o == nil {
		return true
	}
	if len(s.parts) != len(o.parts) {
		return len(s.parts) < len(o.parts)
	}
	if h, oh := len(s.parts[len(s.parts)-1]), len(o.parts[len(o.parts)-1]); h != oh {
		return h > oh
	}
	return len(s.parts[0]) > len(o.parts[0])
}

// bestSplit reads w[i:] as parts: a known word, or a modifier (a known word
// or a verb stem), a linker and the best reading of the rest.
func (l *Lang) bestSplit(w string, i int, memo *[maxCompound + 1]*split) *split {
	if m := memo[i]; m != nil {
		if m.none {
			return nil
		}
		return m
	}
	var best *split
	if rest := w[i:]; i > 0 && len(rest) >= minHead && !notHeads[rest] && l.part(rest) {
		best = &split{parts: []string{rest}}
	}
	for j := i + minPart; j <= len(w)-minHead; j++ {
		mod := w[i:j]
		if !utf8.RuneStart(w[j]) || !l.modifier(mod) {
			continue
		}
		for _, lk := range linkers {
			k := j + len(lk)
			if !strings.HasPrefix(w[j:], lk) || len(w)-k < minHead {
				continue
			}
			rest := l.bestSplit(w, k, memo)
			if rest == nil {
				continue
			}
			c := &split{parts: append([]string{mod}, rest.parts...)}
			if c.better(best) {
				best = c
			}
		}
	}
	if best == nil {
		memo[i] = &split{none: true}
		return nil
	}
	memo[i] = best
	return best
}

// modifier reports whether s can open a compound: a known word, or a verb
// stem whose infinitive is known (bezorg-, parkeer-).
func (l *Lang) modifier(s string) bool {
	if l.part(s) {
		return true
	}
	_, ok := l.infinitive(s)
	return ok && !particles[s]
}

// part reports whether s is a known word that can be a part: function words
// and verb particles cannot ("overstapt" is a verb, not over + stapt).
func (l *Lang) part(s string) bool {
	st, ok := l.parts[s]
	return ok && !particles[s] && !l.stop[s] && !l.stop["\x00"+st]
}

// Particle reports whether w is the particle of a Dutch separable verb
// (aan, op, terug, kwijt ...), which a verb's finite form or "te" splits
// off: "vraag ... aan", "op te zeggen".
func Particle(w string) bool { return particles[w] }

// Particles lists the particles of Particle, sorted.
func Particles() []string {
	ps := make([]string, 0, len(particles))
	for p := range particles {
		ps = append(ps, p)
	}
	sort.Strings(ps)
	return ps
}

// particles of Dutch separable verbs: "doorgeven" and "meekijken" are verbs
// whose meaning is not door + geven.
var particles = map[string]bool{
	"aan": true, "achter": true, "af": true, "bij": true, "door": true, "in": true, "mee": true,
	"na": true, "om": true, "onder": true, "op": true, "over": true, "terug": true, "toe": true,
	"uit": true, "voor": true, "weg": true, "vast": true, "samen": true, "los": true, "neer": true,
	"tegen": true, "langs": true, "thuis": true, "kwijt": true,
}

// infinitive returns the known infinitive of a Dutch verb stem (parkeer ->
// parkeren, laad -> laden); see Infinitive.
func (l *Lang) infinitive(s string) (string, bool) {
	inf, _, ok := l.Infinitive(s)
	return inf, ok
}

func (l *Lang) known(w string) bool { _, ok := l.parts[w]; return ok }

// VerbToDo reports whether a Dutch word has the shape of an infinitive
// that names something to do: -en and at least five letters ("sturen",
// "terugbellen"), where a bare -en test would also take "een".
func VerbToDo(norm string) bool {
	return strings.HasSuffix(norm, "en") && utf8.RuneCountInString(norm) >= 5
}

// Infinitive returns the Dutch infinitive of a first-person present form
// and the infinitive's stem, if the word list (compounds.txt) knows it:
// meld -> melden, vraag -> vragen, stel -> stellen, geef -> geven, lees ->
// lezen.
func (l *Lang) Infinitive(finite string) (inf, stem string, ok bool) {
	s := finite
	n := len(s)
	if n < 2 || len(l.parts) == 0 {
		return "", "", false
	}
	vowel := func(c byte) bool { return strings.IndexByte("aeiouy", c) >= 0 }
	last := s[n-1]
	var cands [4]string
	k := 0
	add := func(c string) { cands[k] = c; k++ }
	voiced := func(w string) string { // f -> v, s -> z before the ending
		switch w[len(w)-1] {
		case 'f':
			return w[:len(w)-1] + "v"
		case 's':
			return w[:len(w)-1] + "z"
		}
		return w
	}
	switch {
	case vowel(last):
		// zie -> zien, doe -> doen, ga -> gaan, sta -> staan
		if strings.IndexByte("aou", last) >= 0 {
			add(s + s[n-1:] + "n")
		}
		add(s + "n")
		add(s + "en")
	case n >= 3 && s[n-2] == s[n-3] && strings.IndexByte("aeou", s[n-2]) >= 0:
		// a long vowel written double loses a letter in an open syllable:
		// vraag -> vragen, geef -> geven, lees -> lezen
		u := s[:n-2] + s[n-1:]
		add(voiced(u) + "en")
		add(u + "en")
	case vowel(s[n-2]) && (n < 3 || !vowel(s[n-3])):
		// a short vowel keeps its sound by a doubled consonant: stel ->
		// stellen, zet -> zetten
		add(s + s[n-1:] + "en")
		add(s + "en")
	default:
		// meld -> melden, zoek -> zoeken, schrijf -> schrijven, kies -> kiezen
		add(s + "en")
		add(voiced(s) + "en")
	}
	for _, c := range cands[:k] {
		if st, found := l.parts[c]; found {
			return c, st, true
		}
	}
	return "", "", false
}

// ParticipleInfinitive returns the Dutch infinitive of a past participle and
// the infinitive's stem, if the word list knows it: verplaatst ->
// verplaatsen, gestuurd -> sturen, aangepast -> aanpassen, gegeven ->
// geven, gedaan -> doen.
func (l *Lang) ParticipleInfinitive(p string) (inf, stem string, ok bool) {
	if inf, ok := irregularParticiples[p]; ok {
		if st, found := l.parts[inf]; found {
			return inf, st, true
		}
	}
	prefix, rest := "", p
	for _, par := range particlesLongestFirst {
		if r, found := strings.CutPrefix(p, par+"ge"); found && len(r) >= 3 {
			prefix, rest = par, r
			break
		}
	}
	if prefix == "" {
		if r, found := strings.CutPrefix(p, "ge"); found && len(r) >= 3 {
			rest = r
		}
	}
	if irr, found := irregularParticiples["ge"+rest]; found && prefix != "" {
		rest = irr // aangedaan -> aan + doen
	} else if strings.HasSuffix(rest, "en") {
		// a strong verb: gegeven -> geven
	} else if n := len(rest); n >= 3 && (rest[n-1] == 't' || rest[n-1] == 'd') {
		inf, stem, ok := l.Infinitive(rest[:n-1])
		if !ok {
			return "", "", false
		}
		return prefix + inf, prefix + stem, true
	} else {
		return "", "", false
	}
	if st, found := l.parts[rest]; found {
		return prefix + rest, prefix + st, true
	}
	return "", "", false
}

// irregularParticiples are Dutch participles whose infinitive the rules
// above cannot find.
var irregularParticiples = map[string]string{
	"gedaan": "doen", "gebracht": "brengen", "gekocht": "kopen", "gezocht": "zoeken", "gedacht": "denken",
	"gegaan": "gaan", "gezien": "zien", "gestaan": "staan", "geslagen": "slaan",
}

// particlesLongestFirst are the separable particles, longest first, so
// "terug" is tried before "te" would be.
var particlesLongestFirst = func() []string {
	ps := Particles()
	sort.SliceStable(ps, func(i, j int) bool { return len(ps[i]) > len(ps[j]) })
	return ps
}()

// hasLetter reports whether s holds a letter ("a2" does, "40" does not).
func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

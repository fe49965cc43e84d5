package text

import (
	"strings"
	"unicode"
	"unicode/utf8"

	snowballstem "github.com/blevesearch/snowballstem"
	"github.com/jdkato/prose/v3/segment"
	"github.com/jdkato/prose/v3/tokenize"

	"jobminer/lexicon"
	"jobminer/pipeline/record"
)

// Analyzer segments, tokenizes and stems. It caches stems and words, keeps
// scratch buffers and holds a Dutch stemmer state, so it is NOT safe for
// concurrent use: use one per worker.
type Analyzer struct {
	stems map[string]map[string]string // language -> Norm -> Stem
	words map[string]*wordCache        // language -> surface -> forms
	nlEnv *snowballstem.Env
	toks  []tokenize.Token // scratch for appendTokens

	// scratch for Analyze
	segs   []segment.Sentence
	tokBuf []record.Token
	sntBuf []record.Span
	// keyLang is set during AnalyzeKeys: keyBuf gets each token's key in
	// it, in step with the tokens.
	keyLang *lexicon.Lang
	keyBuf  []lexicon.Key
	// split is set by token when its word is a spelling variant of
	// several tokens ("dont" → do n't), for appendTokens to split.
	split []string
	// cur is the language state of the last appendTokens.
	cur langState
	// After Recycle, results are carved from these instead of allocated.
	recycling bool
	tokPool   []record.Token
	sntPool   []record.Span
}

// wordForms are what token derives from a surface form. Most tokens of a
// corpus are a few thousand words: one lookup replaces lowercasing, the
// letter test, the stem cache and the lexicon's vocab lookups.
type wordForms struct {
	norm, stem string
	word       bool
	// split: the standard tokens of a spelling variant that stands for
	// several ("dont" → do n't); nil for every other word.
	split []string
	// key is the word's key in keyOf (nil: none yet). A key means
	// nothing in another Lang, so it is used only for keyOf.
	keyOf *lexicon.Lang
	key   lexicon.Key
}

// wordCache maps surface forms to their wordForms. The map holds indexes
// into forms rather than the forms themselves: its slots shrink from 72 to
// 24 bytes, so more of a language's words stay in the processor's caches
// (a lookup per token is the hot path's largest map cost).
type wordCache struct {
	idx   map[string]int32
	forms []wordForms
}

func newWordCache() *wordCache {
	return &wordCache{idx: make(map[string]int32, 1024), forms: make([]wordForms, 0, 1024)}
}

// add caches f under key, which must not pin a text: a clone.
func (c *wordCache) add(key string, f wordForms) {
	if len(c.forms) >= maxCacheEntries {
		clear(c.idx)
		clear(c.forms)
		c.forms = c.forms[:0]
	}
	c.idx[key] = int32(len(c.forms))
	c.forms = append(c.forms, f)
}

// langState is what appendTokens needs of a language, looked up once per
// sentence rather than once per token.
type langState struct {
	code     string
	abbrevs  map[string]bool
	spelling lexicon.Spelling
	tz       *tokenize.Tokenizer
	words    *wordCache
}

// use makes lang the language of a.cur.
func (a *Analyzer) use(lang string) *langState {
	if a.cur.words == nil || a.cur.code != lang {
		c := a.words[lang]
		if c == nil {
			c = newWordCache()
			a.words[lang] = c
		}
		a.cur = langState{code: lang, abbrevs: segmenterFor(lang).abbrevs, spelling: lexicon.BuiltinSpelling(lang), tz: tokenizerFor(lang), words: c}
	}
	return &a.cur
}

// NewAnalyzer returns an Analyzer with empty caches.
func NewAnalyzer() *Analyzer {
	return &Analyzer{stems: map[string]map[string]string{}, words: map[string]*wordCache{}}
}

// Tokenizers are immutable once built and shared by every Analyzer.
var (
	// English (and every language without its own rules): prose's
	// defaults, which split contractions (can't -> ca n't).
	enTokenizer = tokenize.New(tokenize.UsingSpecialTest(isEmoticon))
	// Dutch keeps clitics and plural 's in the word (m'n, da's, auto's):
	// splitting them would give "auto" "'s" for a plain plural.
	nlTokenizer = tokenize.New(tokenize.UsingSplitCases(nil), tokenize.UsingSpecialTest(isEmoticon))
)

// emoticons prose's own list lacks; they must stay one token, not ":" ")".
var extraEmoticons = map[string]bool{
	":)": true, ":D": true, ";)": true, ";-)": true, ":-D": true, ":/": true,
	":p": true, ":-(": true, ";D": true, ":'(": true, "<3": true, ":S": true, ":s": true,
}

func isEmoticon(s string) bool { return extraEmoticons[s] }

func tokenizerFor(lang string) *tokenize.Tokenizer {
	if lang == "nl" {
		return nlTokenizer
	}
	return enTokenizer
}

// Analyze fills u.Sentences and u.Tokens from u.Text for language lang
// ("nl", "en", "ru"; anything else is segmented and tokenized as English,
// and not stemmed: Stem is Norm). Text is expected to be Normalize'd; "\n"
// always ends a sentence.
//
// Invariants: each Token's Span is a byte range of u.Text holding its
// surface form; Tokens are in order and never cross a sentence; Token.Sentence
// indexes u.Sentences; Sentences are in order, non-overlapping and trimmed.
func (a *Analyzer) Analyze(u *record.Utterance, lang string) {
	text := u.Text
	seg := segmenterFor(lang)
	toks, sents := a.tokBuf[:0], a.sntBuf[:0]
	for lineStart := 0; lineStart < len(text); {
		lineEnd := strings.IndexByte(text[lineStart:], '\n')
		if lineEnd < 0 {
			lineEnd = len(text)
		} else {
			lineEnd += lineStart
		}
		line := text[lineStart:lineEnd]
		if strings.TrimSpace(line) != "" {
			a.segs = seg.segmentInto(a.segs[:0], line)
			for _, s := range a.segs {
				start, end := lineStart+s.Start, lineStart+s.Start+len(s.Text)
				first := len(toks)
				toks = a.appendTokens(toks, lang, text, start, end, len(sents))
				if len(toks)-first > maxSentenceTokens {
					sents = cutLong(toks[first:], sents, start, end)
					continue
				}
				sents = append(sents, record.Span{Start: start, End: end})
			}
		}
		lineStart = lineEnd + 1
	}
	// Built in scratch, copied out at their exact size: the utterance
	// holds no spare capacity, and no slice grows twice.
	u.Sentences, u.Tokens = nil, nil
	if len(sents) > 0 {
		u.Sentences, a.sntPool = carve(a.sntPool, sents, a.recycling)
	}
	if len(toks) > 0 {
		u.Tokens, a.tokPool = carve(a.tokPool, toks, a.recycling)
	}
	a.tokBuf, a.sntBuf = keepScratch(toks), keepScratch(sents)
}

// MaxPart bounds the text of an utterance that is analysed as one: Parts
// cuts a longer one. A record may hold up to 16 MiB of customer text in one
// utterance, and its tokens, keys and mentions, all live at once, took some
// 100 times its size in memory; a part's take a few MB. No utterance of the
// gold sets, the demo or the bench corpus comes near it (their longest
// field is under 1 KB).
const MaxPart = 64 << 10

// Parts cuts s into consecutive parts of at most MaxPart bytes that join
// to s; s itself when it is no longer. Each cut is made after the last
// newline in the second half of the part, else after the last sentence end
// (. ! ? and the spaces after it) there, else after the last whitespace in
// the part, else at the last rune boundary: in running text a cut falls
// between sentences, or at worst between words.
func Parts(s string) []string {
	if len(s) <= MaxPart {
		return []string{s}
	}
	parts := make([]string, 0, len(s)/(MaxPart/2)+1)
	for len(s) > MaxPart {
		n := cutPart(s[:MaxPart+1])
		parts, s = append(parts, s[:n]), s[n:]
	}
	return append(parts, s)
}

// cutPart returns where to end the part that starts w, a window one byte
// longer than MaxPart (so that a space right after the part can be seen):
// 0 < n <= MaxPart.
func cutPart(w string) int {
	limit := len(w) - 1
	if i := strings.LastIndexByte(w[:limit], '\n'); i >= limit/2 {
		return i + 1
	}
	ws := -1 // the last whitespace run ending at or before limit
	for i := limit; i > 0; i-- {
		if !isSpaceByte(w[i]) || isSpaceByte(w[i-1]) {
			continue
		}
		// w[i] starts a whitespace run: cut after it, where the next
		// part's first word starts (or at limit).
		end := i
		for end < limit && isSpaceByte(w[end]) {
			end++
		}
		if ws < 0 {
			ws = end
		}
		if i < limit/2 {
			break
		}
		if c := w[i-1]; c == '.' || c == '!' || c == '?' {
			return end
		}
	}
	if ws > 0 {
		return ws
	}
	n := limit
	for n > 0 && !utf8.RuneStart(w[n]) {
		n--
	}
	if n == 0 {
		return limit // not UTF-8 at all: any cut will do
	}
	return n
}

func isSpaceByte(c byte) bool { return c == ' ' || c >= '\t' && c <= '\r' }

// maxSentenceTokens bounds a sentence. Text without sentence ends
// (unpunctuated speech-to-text, a run-on chat, a pasted log) would otherwise
// be one sentence of any length, and the work per sentence of tagging and of
// job stories (negation scopes, clauses, context, story pieces) grows with
// its square: 1 MB of such text took 90 s, a 16 MiB record hours. The
// longest sentence in the gold sets, the demo, the bench corpus and the
// shared corpora has 229 tokens.
const maxSentenceTokens = 256

// cutLong appends the sentences of toks, the tokens of one segmented
// sentence [start, end) longer than maxSentenceTokens, cut into pieces of at
// most maxSentenceTokens tokens: each after the last punctuation mark in its
// second half, else after its last token. It renumbers the tokens'
// Sentence. The pieces keep the sentence's outer bounds and are trimmed (a
// token never starts or ends with space).
func cutLong(toks []record.Token, sents []record.Span, start, end int) []record.Span {
	for from := start; len(toks) > 0; {
		n := len(toks)
		if n > maxSentenceTokens {
			n = maxSentenceTokens
			for k := maxSentenceTokens - 1; k >= maxSentenceTokens/2; k-- {
				if lexicon.Boundary(toks[k].Norm) {
					n = k + 1
					break
				}
			}
		}
		si := len(sents)
		for i := range toks[:n] {
			toks[i].Sentence = si
		}
		to := toks[n-1].End
		if n == len(toks) {
			to = end
		}
		sents = append(sents, record.Span{Start: from, End: to})
		toks = toks[n:]
		if len(toks) > 0 {
			from = toks[0].Start
		}
	}
	return sents
}

// AnalyzeKeys is Analyze, and returns the keys of u.Tokens in l, equal to
// l.Keys(nil, u.Tokens), for the lexicon's FindKeyed. They come from the
// word cache: a word is looked up in l once per Analyzer, not once per
// token. The keys are scratch, valid until the Analyzer's next call. With
// a nil l it returns nil.
func (a *Analyzer) AnalyzeKeys(u *record.Utterance, lang string, l *lexicon.Lang) []lexicon.Key {
	if l == nil {
		a.Analyze(u, lang)
		return nil
	}
	a.keyLang, a.keyBuf = l, a.keyBuf[:0]
	a.Analyze(u, lang)
	keys := a.keyBuf
	a.keyLang, a.keyBuf = nil, keepScratch(keys)
	if len(keys) != len(u.Tokens) {
		panic("text: AnalyzeKeys: keys out of step with tokens")
	}
	return keys
}

// Recycle tells the Analyzer that no Sentences or Tokens it has set so far
// are used any more: it may write the next utterances' into their memory.
// A worker that turns each batch of documents into rows calls it between
// batches; without it every utterance gets memory of its own.
func (a *Analyzer) Recycle() {
	a.recycling = true
	a.tokPool, a.sntPool = a.tokPool[:0], a.sntPool[:0]
}

// poolSize is the capacity of a recycled pool, in elements: about one batch
// of documents. Larger results are allocated on their own.
const poolSize = 1 << 13

// carve returns a copy of s, from the free capacity of pool when recycling,
// and the pool with the copy taken. The copy's capacity is its length, so
// an append to it cannot reach into the pool.
func carve[T any](pool, s []T, recycling bool) (out, rest []T) {
	if !recycling || len(s) > poolSize/4 {
		out = make([]T, len(s))
		copy(out, s)
		return out, pool
	}
	if cap(pool)-len(pool) < len(s) {
		// Full: a fresh pool; the old one is left to the utterances
		// that hold parts of it.
		pool = make([]T, 0, poolSize)
	}
	n := len(pool)
	pool = append(pool, s...)
	return pool[n:len(pool):len(pool)], pool
}

// maxScratch bounds the scratch an Analyzer keeps between utterances, in
// elements: one huge utterance must not hold its size for the whole run.
const maxScratch = 1 << 14

func keepScratch[T any](s []T) []T {
	if cap(s) > maxScratch {
		return nil
	}
	return s[:0]
}

// Tokenize returns the tokens of a short text as one sentence (Sentence 0),
// with exactly the boundaries, Norm and Stem that Analyze gives the same
// words in running text. Offsets are into s.
func (a *Analyzer) Tokenize(lang, s string) []record.Token {
	return a.appendTokens(nil, lang, s, 0, len(s), 0)
}

// appendTokens tokenizes text[start:end], one sentence, onto out.
func (a *Analyzer) appendTokens(out []record.Token, lang, text string, start, end, sentence int) []record.Token {
	ls := a.use(lang)
	abbrevs := ls.abbrevs
	a.toks = tokenizeInto(ls.tz, text[start:end], a.toks[:0])
	toks := a.toks
	first := len(out)
	for i, pt := range toks {
		ts, te := start+pt.Start, start+pt.Start+len(pt.Text)
		surface := pt.Text
		// Guillemets and low quotes (Russian «...», „...“) are quotation
		// marks prose does not know: they stay glued to the word
		// ("«доставлен»"), which then matches nothing. Peel them off.
		for {
			r, n := utf8.DecodeRuneInString(surface)
			if n == len(surface) || !quoteMark(r) {
				break
			}
			out = append(out, a.token(lang, text, ts, ts+n, sentence))
			ts, surface = ts+n, surface[n:]
		}
		closing := te
		for {
			r, n := utf8.DecodeLastRuneInString(surface)
			if n == len(surface) || !quoteMark(r) {
				break
			}
			te, surface = te-n, surface[:len(surface)-n]
		}
		last := i == len(toks)-1
		// prose keeps "Ok." and "Wat." whole (its Mr./Dr. rule); at a
		// sentence end, or before more of . ! ?, the period is punctuation.
		splitDot := shortCapDot(surface) && (last || toks[i+1].Start == pt.Start+len(pt.Text) && isStopRun(toks[i+1].Text))
		if splitDot {
			te--
			surface = surface[:len(surface)-1]
		}
		n := len(out)
		prevAdjacent := n > first && out[n-1].End == ts
		switch {
		case surface == "." && !last && prevAdjacent && out[n-1].Word && abbrevs[out[n-1].Norm]:
			// "bijv." inside a sentence: the segmenter read the period as
			// part of an abbreviation, so the token does too.
			out[n-1].End = te
			out[n-1].Norm = normWord(text[out[n-1].Start:te])
			out[n-1].Stem = out[n-1].Norm
			a.rekey(&out[n-1])
		case prevAdjacent && isStopRun(surface) && isStopRun(out[n-1].Norm):
			// Runs of sentence punctuation ("...", "?!") become one token.
			out[n-1].End = te
			out[n-1].Norm = text[out[n-1].Start:te]
			out[n-1].Stem = out[n-1].Norm
			a.rekey(&out[n-1])
		default:
			t := a.token(lang, text, ts, te, sentence)
			if a.split == nil {
				out = append(out, t)
			} else {
				out = a.appendSplit(out, lang, t)
			}
		}
		if splitDot {
			out = append(out, a.token(lang, text, te, te+1, sentence))
			te++
		}
		for te < closing {
			_, n := utf8.DecodeRuneInString(text[te:closing])
			out = append(out, a.token(lang, text, te, te+n, sentence))
			te += n
		}
	}
	return out
}

// quoteMark: quotation marks prose's tokenizer does not split off.
func quoteMark(r rune) bool {
	switch r {
	case '«', '»', '‹', '›', '„', '‚', '“':
		return true
	}
	return false
}

func (a *Analyzer) token(lang, text string, start, end, sentence int) record.Token {
	surface := text[start:end]
	c := a.cur.words // appendTokens made lang current
	var f *wordForms
	if i, ok := c.idx[surface]; ok {
		f = &c.forms[i]
		if a.keyLang != nil && f.keyOf != a.keyLang {
			// Cached without a key, or with another Lang's.
			f.keyOf, f.key = a.keyLang, a.keyLang.Key(&record.Token{Norm: f.norm, Stem: f.stem})
		}
	} else {
		// Clone so neither the key nor the forms pin the utterance text.
		key := strings.Clone(surface)
		var nf wordForms
		nf.norm = normWord(key)
		if std := a.cur.spelling[nf.norm]; len(std) == 1 {
			nf.norm = std[0]
		} else if std != nil {
			nf.split = std
		}
		nf.stem, nf.word = nf.norm, hasLetter(nf.norm)
		if nf.word {
			nf.stem = a.Stem(lang, nf.norm)
		}
		if a.keyLang != nil {
			nf.keyOf, nf.key = a.keyLang, a.keyLang.Key(&record.Token{Norm: nf.norm, Stem: nf.stem})
		}
		c.add(key, nf)
		f = &nf
	}
	if a.keyLang != nil {
		a.keyBuf = append(a.keyBuf, f.key)
	}
	a.split = f.split
	return record.Token{Span: record.Span{Start: start, End: end}, Sentence: sentence, Norm: f.norm, Stem: f.stem, Word: f.word}
}

// appendSplit appends the standard tokens of t, a spelling variant that
// stands for several ("dont" → do n't, lexicon.Spelling): each covers its
// own letters of the word, so spans still hold the customer's text.
func (a *Analyzer) appendSplit(out []record.Token, lang string, t record.Token) []record.Token {
	std := a.split
	a.split = nil
	if a.keyLang != nil {
		a.keyBuf = a.keyBuf[:len(a.keyBuf)-1] // t's own key
	}
	start := t.Start
	for i, norm := range std {
		end := t.End
		if i < len(std)-1 {
			end = start + len(norm) - strings.Count(norm, "'")
		}
		p := record.Token{Span: record.Span{Start: start, End: end}, Sentence: t.Sentence, Norm: norm, Stem: norm, Word: hasLetter(norm)}
		if p.Word {
			p.Stem = a.Stem(lang, norm)
		}
		if a.keyLang != nil {
			a.keyBuf = append(a.keyBuf, a.keyLang.Key(&p))
		}
		out = append(out, p)
		start = end
	}
	return out
}

// rekey redoes the key of the last token, t, after a merge changed its forms.
func (a *Analyzer) rekey(t *record.Token) {
	if a.keyLang != nil {
		a.keyBuf[len(a.keyBuf)-1] = a.keyLang.Key(t)
	}
}

// normWord lowercases and straightens curly apostrophes; it returns s itself
// (no allocation) when there is nothing to change.
func normWord(s string) string {
	s = strings.ToLower(s)
	if strings.Contains(s, "’") {
		s = strings.ReplaceAll(s, "’", "'")
	}
	return s
}

func hasLetter(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			for _, r := range s[i:] {
				if unicode.IsLetter(r) {
					return true
				}
			}
			return false
		}
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
			return true
		}
	}
	return false
}

// shortCapDot matches prose's internal rule ^[A-Z][a-z]{1,2}\.$.
func shortCapDot(s string) bool {
	if len(s) < 3 || len(s) > 4 || s[len(s)-1] != '.' || s[0] < 'A' || s[0] > 'Z' {
		return false
	}
	for i := 1; i < len(s)-1; i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return true
}

// isStopRun reports whether s is made only of . ! ? (and is not empty).
func isStopRun(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c != '.' && c != '!' && c != '?' {
			return false
		}
	}
	return true
}

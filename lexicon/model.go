package lexicon

import (
	"bufio"
	"bytes"
	"cmp"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"jobminer/pipeline/record"
)

// Model is a learned second opinion on one force, for the customer turns in
// which no entry of that force matched: people tell a problem, a fear or a
// routine in more ways than any lexicon lists ("Vier weken verder en nog
// geen leverdatum"). It is a naive Bayes model over word features
// (ModelFeatures) trained on the development sets in testdata/
// (lexicon/README.md, "Learned models"), kept as a data file like the rest
// of the lexicon: <lang>/<force>-model.txt (struggle-model.txt, ...), one
// "feature<TAB>weight" per line, after "prior" and "threshold" lines.
//
// The score of a text is the prior log-odds plus the weights of the features
// it holds; at or above the threshold the text has the force. The threshold
// is high on purpose: the model speaks only when it is very sure.
type Model struct {
	Prior     float64
	Threshold float64
	Weights   map[string]float64

	once   sync.Once
	byHash *weightTable // Weights by the hash of their feature (index)
}

// modelForce is the force a model file is for ("anxiety-model.txt":
// anxiety), "" when base names no model.
func modelForce(base string) record.Force {
	f, ok := strings.CutSuffix(base, "-model.txt")
	if !ok {
		return ""
	}
	for _, force := range record.Forces {
		if string(force) == f {
			return force
		}
	}
	return ""
}

// modelPrefix is how many letters of a word a feature keeps: a crude stem
// that needs no stemmer, the same for every language.
const modelPrefix = 6

// ModelFeatures appends the features of text to dst, sorted and unique:
// every word (a run of letters or apostrophes, lowercased, cut to its first
// six letters) and every pair of neighbouring words ("nog_geen").
func ModelFeatures(dst []string, text string) []string {
	var words []string
	var b strings.Builder
	n := 0
	flush := func() {
		if b.Len() > 0 {
			words = append(words, b.String())
			b.Reset()
		}
		n = 0
	}
	for _, r := range text {
		if unicode.IsLetter(r) || r == '\'' {
			if n < modelPrefix {
				b.WriteRune(unicode.ToLower(r))
			}
			n++
			continue
		}
		flush()
	}
	flush()
	start := len(dst)
	dst = append(dst, words...)
	for i := 1; i < len(words); i++ {
		dst = append(dst, words[i-1]+"_"+words[i])
	}
	fs := dst[start:]
	slices.Sort(fs)
	return dst[:start+len(slices.Compact(fs))]
}

// Score is the model's log-odds that a text with features fs (as
// ModelFeatures gives them) is struggle, and the feature that added most
// ("" when none adds anything). Weights are summed in the order of the
// features' hashes, as ScoreText sums them, so both give the same score to
// the last bit.
func (m *Model) Score(fs []string) (score float64, top string) {
	idx := m.index()
	hs := make([]hashed, 0, len(fs))
	for i, f := range fs {
		hs = append(hs, hashed{h: fnvString(fnvOffset, f), a: int32(i), b: -1})
	}
	hs = sortedUnique(hs)
	score, best := m.sum(idx, hs)
	if best >= 0 {
		top = fs[hs[best].a]
	}
	return score, top
}

// ScoreText is Score(ModelFeatures(nil, text)) without a string per
// feature: words go to a scratch buffer, and every feature is looked up
// by its hash.
func (m *Model) ScoreText(text string) (score float64, top string) {
	var sc [1]float64
	var tops [1]string
	scoreTexts(text, []*Model{m}, sc[:], tops[:])
	return sc[0], tops[0]
}

// ScoreTexts is ScoreText's score for each model of ms, into scores[i]: the
// text is read and its features hashed once for all of them (a customer
// turn is asked about struggle, anxiety and habit).
func ScoreTexts(text string, ms []*Model, scores []float64) { scoreTexts(text, ms, scores, nil) }

// scoreTexts is ScoreTexts, also setting tops[i] when tops is not nil.
func scoreTexts(text string, ms []*Model, scores []float64, tops []string) {
	var buf [2048]byte
	var wbuf [256][2]int32 // each word's letters in buf
	var hbuf [512]hashed
	b, words := buf[:0], wbuf[:0]
	n, start := 0, -1
	end := func() {
		if start >= 0 {
			words = append(words, [2]int32{int32(start), int32(len(b))})
		}
		start, n = -1, 0
	}
	for _, r := range text {
		if r < utf8.RuneSelf {
			// ASCII, most of the text: no Unicode tables.
			if c := byte(r) | 0x20; 'a' <= c && c <= 'z' || r == '\'' {
				if start < 0 {
					start = len(b)
				}
				if n < modelPrefix {
					if r != '\'' {
						r = rune(c)
					}
					b = append(b, byte(r))
				}
				n++
				continue
			}
			end()
			continue
		}
		if unicode.IsLetter(r) {
			if start < 0 {
				start = len(b)
			}
			if n < modelPrefix {
				b = utf8.AppendRune(b, unicode.ToLower(r))
			}
			n++
			continue
		}
		end()
	}
	end()
	word := func(i int32) []byte { return b[words[i][0]:words[i][1]] }
	hs := hbuf[:0]
	var prev uint64 // the hash of word i-1, which a pair's hash starts from
	for i := range words {
		h := fnvBytes(fnvOffset, word(int32(i)))
		hs = append(hs, hashed{h: h, a: int32(i), b: -1})
		if i > 0 {
			hs = append(hs, hashed{h: fnvBytes(fnvByte(prev, '_'), word(int32(i))), a: int32(i - 1), b: int32(i)})
		}
		prev = h
	}
	// Most of a text's features are in no model: one pass over the
	// models' filters keeps the few that may be, for all of them.
	var ibuf [4]*weightTable
	idx := ibuf[:0]
	for _, m := range ms {
		idx = append(idx, m.index())
	}
	cand := hs[:0]
	for _, f := range hs {
		word, bit := filterBit(f.h)
		for _, t := range idx {
			if t.maybe[word]&bit != 0 {
				cand = append(cand, f)
				break
			}
		}
	}
	cand = sortedUnique(cand) // once for all the models
	for i, m := range ms {
		score, best := m.sum(idx[i], cand)
		scores[i] = score
		if tops == nil || best < 0 {
			continue
		}
		f := cand[best]
		tops[i] = string(word(f.a))
		if f.b >= 0 {
			tops[i] += "_" + string(word(f.b))
		}
	}
}

// hashed is a feature by its hash: a word (a) or a pair of words (a, b),
// or, in Score, the index a of a feature string.
type hashed struct {
	h    uint64
	a, b int32
}

// sum adds the weights of the features in hs, which are sorted by hash
// and distinct (sortedUnique), in that order, and returns the index in hs
// of the one with the largest positive weight (-1 if none).
func (m *Model) sum(idx *weightTable, hs []hashed) (score float64, best int) {
	score, best = m.Prior, -1
	top := 0.0
	for i, f := range hs {
		if w, ok := idx.get(f.h); ok {
			score += w
			if w > top {
				top, best = w, i
			}
		}
	}
	return score, best
}

// sortedUnique sorts hs by hash and keeps the first of each hash: a
// feature counts once however often the text holds it, and the weights are
// summed in hash order, the same for every text with the same features.
func sortedUnique(hs []hashed) []hashed {
	sortByHash(hs)
	k := 0
	for i, f := range hs {
		if i > 0 && f.h == hs[k-1].h {
			continue
		}
		hs[k] = f
		k++
	}
	return hs[:k]
}

// sortByHash sorts hs by hash. A short turn's features are a few dozen,
// where an insertion sort on the key beats slices.SortFunc's calls to a
// comparator (in an interview corpus the sort was 1.6% of all CPU).
// Equal hashes are the same feature, so the order among them is moot.
func sortByHash(hs []hashed) {
	if len(hs) > 48 {
		slices.SortFunc(hs, func(x, y hashed) int { return cmp.Compare(x.h, y.h) })
		return
	}
	for i := 1; i < len(hs); i++ {
		f := hs[i]
		j := i
		for ; j > 0 && hs[j-1].h > f.h; j-- {
			hs[j] = hs[j-1]
		}
		hs[j] = f
	}
}

// index returns the weights by feature hash, built once.
func (m *Model) index() *weightTable {
	m.once.Do(func() {
		fs := make([]string, 0, len(m.Weights))
		for f := range m.Weights {
			fs = append(fs, f)
		}
		sort.Strings(fs) // a hash shared by two features keeps the same one every run
		m.byHash = newWeightTable(len(fs))
		for _, f := range fs {
			m.byHash.put(fnvString(fnvOffset, f), m.Weights[f])
		}
	})
	return m.byHash
}

// weightTable maps feature hashes to weights by open addressing: the
// hashes are random already, so a slot is a multiply and a shift away, with
// none of a Go map's rehashing. With it, ScoreText fell from 4.3% to 1.6%
// of the CPU of a 40 MB JSONL run (session 11).
//
// A text's features are mostly unknown to the model, and the table is large
// (at most a quarter full) and so out of the processor's caches: a filter of
// 64K bits (8 KB) says first whether a hash may be in it, which leaves the
// table to about one feature in ten for the struggle model's 6,000 and
// halved the CPU of the three models' scoring on the 40 MB JSONL cut.
type weightTable struct {
	slots []weightSlot
	shift uint8
	maybe [1 << 10]uint64 // bit filterBit(h) is set for every hash put
}

// filterBit is h's bit in weightTable.maybe: 16 bits of the mixed hash
// below the ones slot takes.
func filterBit(h uint64) (word, bit uint64) {
	x := (h * 0x9E3779B97F4A7C15) >> 32 & 0xFFFF
	return x >> 6, 1 << (x & 63)
}

type weightSlot struct {
	h    uint64
	w    float64
	used bool
}

func newWeightTable(n int) *weightTable {
	bits := uint8(4)
	for 1<<bits < 4*n { // at most a quarter full: probes stay short
		bits++
	}
	return &weightTable{slots: make([]weightSlot, 1<<bits), shift: 64 - bits}
}

// slot is h's first slot. FNV's low bits mix poorly, so the multiply's top
// bits choose it (Fibonacci hashing).
func (t *weightTable) slot(h uint64) uint64 { return (h * 0x9E3779B97F4A7C15) >> t.shift }

func (t *weightTable) put(h uint64, w float64) {
	word, bit := filterBit(h)
	t.maybe[word] |= bit
	mask := uint64(len(t.slots) - 1)
	for i := t.slot(h); ; i = (i + 1) & mask {
		if s := &t.slots[i]; !s.used || s.h == h {
			*s = weightSlot{h, w, true}
			return
		}
	}
}

func (t *weightTable) get(h uint64) (float64, bool) {
	if word, bit := filterBit(h); t.maybe[word]&bit == 0 {
		return 0, false
	}
	mask := uint64(len(t.slots) - 1)
	for i := t.slot(h); ; i = (i + 1) & mask {
		s := &t.slots[i]
		if !s.used {
			return 0, false
		}
		if s.h == h {
			return s.w, true
		}
	}
}

// FNV-1a, 64 bits.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func fnvByte(h uint64, c byte) uint64 { return (h ^ uint64(c)) * fnvPrime }

func fnvBytes(h uint64, b []byte) uint64 {
	for _, c := range b {
		h = fnvByte(h, c)
	}
	return h
}

func fnvString(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h = fnvByte(h, s[i])
	}
	return h
}

// TrainModel fits a model to texts labelled with its force (has) or not:
// the weight of a feature is how much more often it is present in the texts
// with the force than in others (log ratios of presence against absence,
// smoothed by a half count).
func TrainModel(texts []string, has []bool, threshold float64) *Model {
	return TrainModelAcross(texts, has, nil, 0, threshold)
}

// TrainModelAcross is TrainModel keeping only the features present in texts
// with the force in at least minGroups of the groups (group[i] is text i's).
// With each development set as a group, a word that only one set's domain
// uses ("dakkapel", "radon") does not make every other turn of that domain
// look like the force: only features that carry over between domains stay.
func TrainModelAcross(texts []string, has []bool, group []string, minGroups int, threshold float64) *Model {
	var n [2]float64
	count := [2]map[string]float64{{}, {}}
	groups := map[string]map[string]bool{} // feature -> groups of the texts with the force that hold it
	var fs []string
	for i, t := range texts {
		y := 0
		if has[i] {
			y = 1
		}
		n[y]++
		fs = ModelFeatures(fs[:0], t)
		for _, f := range fs {
			count[y][f]++
			if y == 1 && minGroups > 1 {
				if groups[f] == nil {
					groups[f] = map[string]bool{}
				}
				groups[f][group[i]] = true
			}
		}
	}
	m := &Model{Threshold: threshold, Weights: map[string]float64{}}
	if n[0] == 0 || n[1] == 0 {
		return m
	}
	m.Prior = math.Log(n[1] / n[0])
	odds := func(c, n float64) float64 { return math.Log((c+0.5)/(n+1)) - math.Log((n-c+0.5)/(n+1)) }
	for _, y := range []int{0, 1} {
		for f := range count[y] {
			if _, done := m.Weights[f]; done || minGroups > 1 && len(groups[f]) < minGroups {
				continue
			}
			m.Weights[f] = round(odds(count[1][f], n[1]) - odds(count[0][f], n[0]))
		}
	}
	return m
}

// round keeps six decimals, so the file reads the same on every machine.
func round(x float64) float64 { return math.Round(x*1e6) / 1e6 }

// Marshal writes the model in its file format, features sorted, after the
// comment lines of header.
func (m *Model) Marshal(header string) []byte {
	var b bytes.Buffer
	for _, l := range strings.Split(strings.TrimSpace(header), "\n") {
		b.WriteString("# " + l + "\n")
	}
	fmt.Fprintf(&b, "prior\t%s\nthreshold\t%s\n", fmtFloat(m.Prior), fmtFloat(m.Threshold))
	fs := make([]string, 0, len(m.Weights))
	for f := range m.Weights {
		fs = append(fs, f)
	}
	sort.Strings(fs)
	for _, f := range fs {
		fmt.Fprintf(&b, "%s\t%s\n", f, fmtFloat(m.Weights[f]))
	}
	return b.Bytes()
}

func fmtFloat(x float64) string { return strconv.FormatFloat(round(x), 'f', -1, 64) }

// parseModel reads a <force>-model.txt file.
func parseModel(name string, data []byte) (*Model, error) {
	m := &Model{Weights: map[string]float64{}}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	line := 0
	var prior, threshold bool
	for sc.Scan() {
		line++
		s := strings.TrimRight(sc.Text(), "\r")
		if s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		f, v, ok := strings.Cut(s, "\t")
		if !ok || f == "" || !utf8.ValidString(f) {
			return nil, &Error{Pos: Pos{File: name, Line: line}, Err: fmt.Errorf("want feature<TAB>weight, got %q", s)}
		}
		x, err := strconv.ParseFloat(v, 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, &Error{Pos: Pos{File: name, Line: line}, Err: fmt.Errorf("weight %q is not a number", v)}
		}
		switch f {
		case "prior":
			m.Prior, prior = x, true
		case "threshold":
			m.Threshold, threshold = x, true
		default:
			if _, dup := m.Weights[f]; dup {
				return nil, &Error{Pos: Pos{File: name, Line: line}, Err: fmt.Errorf("feature %q given twice", f)}
			}
			m.Weights[f] = x
		}
	}
	if err := sc.Err(); err != nil {
		return nil, &Error{Pos: Pos{File: name}, Err: err}
	}
	if !prior || !threshold {
		return nil, &Error{Pos: Pos{File: name}, Err: fmt.Errorf("a model needs a prior line and a threshold line")}
	}
	return m, nil
}

package lexicon

import (
	"bufio"
	"bytes"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Model is a learned second opinion on struggle, for the customer turns in
// which no struggle entry matched: people tell a problem in more ways than
// any lexicon lists ("Vier weken verder en nog geen leverdatum"). It is a
// naive Bayes model over word features (ModelFeatures) trained on the
// development sets in testdata/ (lexicon/README.md, "Struggle model"), kept
// as a data file like the rest of the lexicon: <lang>/struggle-model.txt,
// one "feature<TAB>weight" per line, after "prior" and "threshold" lines.
//
// The score of a text is the prior log-odds plus the weights of the features
// it holds; at or above the threshold the text is struggle. The threshold is
// high on purpose: the model speaks only when it is very sure.
type Model struct {
	Prior     float64
	Threshold float64
	Weights   map[string]float64
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
	sort.Strings(fs)
	k := 0
	for i, f := range fs {
		if i == 0 || f != fs[i-1] {
			fs[k] = f
			k++
		}
	}
	return dst[:start+k]
}

// Score is the model's log-odds that a text with features fs (sorted, as
// ModelFeatures gives them) is struggle, and the feature that added most.
func (m *Model) Score(fs []string) (score float64, top string) {
	score = m.Prior
	best := 0.0
	for _, f := range fs {
		w, ok := m.Weights[f]
		if !ok {
			continue
		}
		score += w
		if w > best {
			best, top = w, f
		}
	}
	return score, top
}

// TrainModel fits a model to texts labelled struggle or not: the weight of
// a feature is how much more often it is present in struggle texts than in
// others (log ratios of presence against absence, smoothed by a half count).
func TrainModel(texts []string, struggle []bool, threshold float64) *Model {
	var n [2]float64
	count := [2]map[string]float64{{}, {}}
	var fs []string
	for i, t := range texts {
		y := 0
		if struggle[i] {
			y = 1
		}
		n[y]++
		fs = ModelFeatures(fs[:0], t)
		for _, f := range fs {
			count[y][f]++
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
			if _, done := m.Weights[f]; done {
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

// parseModel reads a struggle-model.txt file.
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

// ScoreText is Score(ModelFeatures(nil, text)), computed in scratch space
// without a string per feature: the same features, summed in the same
// (sorted) order, so the same score to the last bit. top is "" when no
// feature has a positive weight.
func (m *Model) ScoreText(text string) (score float64, top string) {
	var buf [4096]byte
	var spans [512][2]int32
	b, sp := buf[:0], spans[:0]
	var words [][2]int32
	var wbuf [256][2]int32
	words = wbuf[:0]
	n, start := 0, -1
	end := func() {
		if start >= 0 {
			words = append(words, [2]int32{int32(start), int32(len(b))})
		}
		start, n = -1, 0
	}
	for _, r := range text {
		if unicode.IsLetter(r) || r == '\'' {
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
	sp = append(sp, words...)
	for i := 1; i < len(words); i++ {
		s := len(b)
		b = append(b, b[words[i-1][0]:words[i-1][1]]...)
		b = append(b, '_')
		b = append(b, b[words[i][0]:words[i][1]]...)
		sp = append(sp, [2]int32{int32(s), int32(len(b))})
	}
	if len(b) > len(buf) || len(sp) > len(spans) {
		return m.Score(ModelFeatures(nil, text)) // grew past the scratch: the plain way
	}
	feat := func(s [2]int32) []byte { return b[s[0]:s[1]] }
	slices.SortFunc(sp, func(x, y [2]int32) int { return bytes.Compare(feat(x), feat(y)) })
	score = m.Prior
	best := 0.0
	var topSpan [2]int32
	for i, s := range sp {
		if i > 0 && bytes.Equal(feat(s), feat(sp[i-1])) {
			continue
		}
		w, ok := m.Weights[string(feat(s))]
		if !ok {
			continue
		}
		score += w
		if w > best {
			best, topSpan = w, s
		}
	}
	if best > 0 {
		top = string(feat(topSpan))
	}
	return score, top
}

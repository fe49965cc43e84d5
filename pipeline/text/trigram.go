package text

import (
	"math"
	"slices"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/abadojack/whatlanggo"
)

// trigramVote is whatlanggo.DetectWithOptions(s, nl/en/de/fr/es only) as
// Language uses it: the language and confidence when the confidence is
// positive, else (none, 0). It gives exactly whatlanggo's answers (the
// equivalence tests hold it to that) at a fraction of the cost: whatlanggo
// builds two string maps and a reflection sort per call and looks up all 5×300
// profile trigrams, which made it most of the CPU time on transcripts, whose
// long and varied turns its cache cannot catch. Here trigrams are packed
// into integers, counted by sorting, and each distinct trigram of the text
// is looked up once in an index of the profiles.
func trigramVote(s string) (langIndex, float64) {
	if !latinScript(s) {
		// whatlanggo gives no Latin-script language then.
		return none, 0
	}
	sc := trigramScratchPool.Get().(*trigramScratch)
	defer trigramScratchPool.Put(sc)

	// The trigrams of whatlanggo's count(): runes lowercased, punctuation,
	// symbols, digits and spaces as ' ', the text padded with one ' ' on
	// both sides, and no trigram whose middle is a space next to a space.
	keys := sc.keys[:0]
	r1, r2 := rune(' '), rune(' ')
	started := false
	step := func(r3 rune) {
		if !(r2 == ' ' && (r1 == ' ' || r3 == ' ')) {
			keys = append(keys, packTrigram(r1, r2, r3))
		}
		r1, r2 = r2, r3
	}
	for _, r := range s {
		c := trigramChar(r)
		if !started {
			r2, started = c, true
			continue
		}
		step(c)
	}
	if started {
		step(' ')
	}
	sc.keys = keys

	// Count: the sorted keys give the distinct trigrams in ascending order,
	// each with its count.
	slices.Sort(keys)
	counts := sc.counts[:0]
	maxN := int32(0)
	for i, k := range keys {
		if i > 0 && k == keys[i-1] {
			counts[len(counts)-1].n++
			maxN = max(maxN, counts[len(counts)-1].n)
		} else {
			counts = append(counts, trigramCount{k, 1})
			maxN = max(maxN, 1)
		}
	}
	sc.counts = counts

	// Rank (whatlanggo's position): most frequent first, ties by the
	// trigram's string in reverse order (packed runes sort as their UTF-8
	// strings do). A trigram's rank is the number of trigrams counted more
	// often, plus the number counted as often with a larger key: walking the
	// keys from the largest down, the second part is a running count per
	// count, and no sort by count is needed.
	above := slices.Grow(sc.above[:0], int(maxN)+2)[:maxN+2]
	clear(above)
	for _, c := range counts {
		above[c.n-1]++ // how many are counted exactly c.n times, for now
	}
	for n, sum := maxN, 0; n >= 1; n-- {
		sum, above[n-1] = sum+above[n-1], sum // now: how many more than n
	}
	sc.above = above

	// Distance to each profile: the sum over its trigrams of the difference
	// of ranks, or maxTrigramDistance for one the text lacks.
	dist := profileMiss
	for i := len(counts) - 1; i >= 0; i-- {
		c := counts[i]
		pos := above[c.n-1]
		above[c.n-1]++
		ranks, ok := profileRanks[c.key]
		if !ok {
			continue
		}
		for l, r := range ranks {
			if r > 0 {
				d := pos - int(r-1)
				dist[l] -= maxTrigramDistance - max(d, -d)
			}
		}
	}
	return trigramConfidence(dist, len(counts))
}

// trigramConfidence is whatlanggo's calculateConfidence, integer division
// included. A tie for the smallest distance gives confidence 0, so the
// winner, which whatlanggo picks in map order, never matters.
func trigramConfidence(dist [numLangs]int, distinct int) (langIndex, float64) {
	best, d1, d2 := langIndex(0), dist[0], math.MaxInt
	for l := langIndex(1); l < numLangs; l++ {
		switch d := dist[l]; {
		case d < d1:
			best, d1, d2 = l, d, d1
		case d < d2:
			d2 = d
		}
	}
	score1, score2 := maxTotalDistance-d1, maxTotalDistance-d2
	var conf float64
	switch {
	case score1 == 0:
		return none, 0
	case score2 == 0:
		conf = min(float64(score1/500), 1)
	default:
		rate := float64(score1-score2) / float64(score2)
		confident := 12.0/float64(distinct) + 0.05
		if rate > confident {
			conf = 1
		} else {
			conf = rate / confident
		}
	}
	if conf <= 0 {
		return none, 0
	}
	return best, conf
}

// whatlanggo's constants (constants.go).
const (
	maxTrigramDistance = 300
	maxTotalDistance   = 90000
)

type trigramCount struct {
	key uint64
	n   int32
}

type trigramScratch struct {
	keys   []uint64
	counts []trigramCount
	above  []int
}

var trigramScratchPool = sync.Pool{New: func() any { return new(trigramScratch) }}

// packTrigram packs three runes (21 bits each) so that the integers order
// as the runes' UTF-8 strings do.
func packTrigram(a, b, c rune) uint64 {
	return uint64(a)<<42 | uint64(b)<<21 | uint64(c)
}

var (
	// profileRanks maps a packed trigram to 1 + its rank in each profile
	// (0: not in it); profileMiss is each profile's distance to a text
	// that has none of its trigrams.
	profileRanks = map[uint64][numLangs]int16{}
	profileMiss  [numLangs]int
	// asciiTrigramChar is trigramChar for ASCII.
	asciiTrigramChar [utf8.RuneSelf]rune
	// asciiStop marks the ASCII characters whatlanggo skips in DetectScript.
	asciiStop [utf8.RuneSelf]bool
)

func init() {
	for l, profile := range trigramProfiles {
		for i, t := range profile {
			rs := []rune(t)
			if len(rs) != 3 {
				panic("text: trigram profile entry " + t + " is not three runes")
			}
			k := packTrigram(rs[0], rs[1], rs[2])
			ranks := profileRanks[k]
			if ranks[l] != 0 {
				panic("text: trigram " + t + " twice in profile " + langCodes[l])
			}
			ranks[l] = int16(i + 1)
			profileRanks[k] = ranks
		}
		profileMiss[l] = len(profile) * maxTrigramDistance
	}
	for r := range rune(utf8.RuneSelf) {
		asciiStop[r] = isStopChar(r)
		asciiTrigramChar[r] = slowTrigramChar(r)
	}
}

// isStopChar is whatlanggo's: space, punctuation, symbol or digit.
func isStopChar(r rune) bool {
	return unicode.IsSymbol(r) || unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsDigit(r)
}

func slowTrigramChar(r rune) rune {
	if isStopChar(r) {
		return ' '
	}
	return unicode.ToLower(r)
}

func trigramChar(r rune) rune {
	if r < utf8.RuneSelf {
		return asciiTrigramChar[r]
	}
	return slowTrigramChar(r)
}

// latinScript reports whether whatlanggo.DetectScript(s) is Latin. When
// every rune is Latin or skipped (stop characters, ASCII outside any
// script), it is exactly when there is a Latin letter; other text goes to
// whatlanggo, whose answer then depends on its counting order.
func latinScript(s string) bool {
	latin := false
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if !asciiStop[c] && (c|0x20 >= 'a' && c|0x20 <= 'z') {
				latin = true
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case isStopChar(r):
		case unicode.Is(unicode.Latin, r):
			latin = true
		default:
			return whatlanggo.DetectScript(s) == unicode.Latin
		}
	}
	return latin
}

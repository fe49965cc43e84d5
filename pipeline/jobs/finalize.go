package jobs

import (
	"crypto/sha256"
	"encoding/hex"
	"math"
	"sort"
	"strings"
	"time"
	"unicode"
)

// Candidate is a scored job cluster, one row of jobs.parquet.
type Candidate struct {
	ID          string
	Key         string // the representative key of the cluster
	Keys        []string
	Statement   string
	Language    string
	Occurrences int64
	Mentions    int64
	Documents   int64
	Respondents int64
	Struggle    float64
	Progress    float64
	Anxiety     float64
	Habit       float64
	Score       float64
	First, Last time.Time
	Examples    []string
	ExampleDocs []string
	Rank        int
	// Languages the job was said in, most occurrences first (Languages[0] ==
	// Language); Statements[i] is its statement in Languages[i].
	Languages  []string
	Statements []string
	// Story is the best job story of the cluster ("" when none), built from
	// the mentions StoryMentionIDs.
	Story           string
	StoryMentionIDs []string
	Outcomes        []Outcome
	// SubForces by name with SubForceTotals[i] its weight × intensity
	// total; Phases in timeline order with PhaseCounts[i] its occurrences.
	SubForces      []string
	SubForceTotals []float64
	Phases         []string
	PhaseCounts    []int64
}

// Outcome is a desired-outcome statement of a job candidate.
type Outcome struct {
	ID                          string
	Direction, Metric, Language string
	Object, Statement           string
	Occurrences                 int64
	MentionIDs                  []string
}

// Score is the explainable formula, written down in the README:
//
//	score = log2(1 + n_respondents) × (1 + struggle + progress + 0.5 × (anxiety + habit))
//
// Reach counts on a log scale so that one loud customer cannot outrank a job
// many people have; the forces say how much energy surrounds the job. Anxiety
// and habit count half: they explain why people have not switched rather
// than that the job is unmet.
func Score(respondents int64, struggle, progress, anxiety, habit float64) float64 {
	return math.Log2(1+float64(respondents)) * (1 + struggle + progress + 0.5*(anxiety+habit))
}

// Similarity thresholds for clustering keys (sets of content stems).
const (
	minShared  = 2   // stems two keys must share to be one job
	minJaccard = 0.6 // |A∩B| / |A∪B|
	minCover   = 0.5 // or: the smaller is inside the larger and covers this much of it
	minCore    = 3   // or: this many stems shared ...
	minOverlap = 0.6 // ... making up this much of the smaller key ("file the VAT return straight from the app" / "... directly from Kasboek")
)

// Finalize clusters near-equal keys and scores the clusters. It returns the
// candidates ranked by score (ties by id) and each key's job id.
func (a *Aggregate) Finalize() ([]Candidate, map[string]string) {
	out, ids := a.Candidates(a.Groups())
	Rank(out)
	return out, ids
}

// Groups clusters the keys and returns each cluster's member keys, its
// leading key first, clusters in the order they were founded. Clustering is
// greedy and deterministic: keys are taken by occurrences (then key), and
// each joins the first cluster whose leading key is similar enough, else
// leads a new one. Comparing only with leaders keeps chains from joining
// unrelated jobs. It reads only each key's Occurrences and Languages, so an
// index of those (IndexOf) clusters exactly as the full aggregate does.
func (a *Aggregate) Groups() [][]string {
	keys := make([]string, 0, len(a.parts))
	for k := range a.parts {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		pi, pj := a.parts[keys[i]], a.parts[keys[j]]
		if pi.Occurrences != pj.Occurrences {
			return pi.Occurrences > pj.Occurrences
		}
		return keys[i] < keys[j]
	})
	var leads [][]string
	var groups [][]string
	byStem := map[string][]int{} // stem -> clusters whose leader has it
	for _, k := range keys {
		stems := strings.Fields(k)
		if a.Canon != nil {
			stems = a.Canon(top(a.parts[k].Languages, false), stems)
		}
		join := -1
		tried := map[int]bool{}
		for _, s := range stems {
			for _, ci := range byStem[s] {
				if tried[ci] {
					continue
				}
				tried[ci] = true
				if similar(stems, leads[ci]) && (join < 0 || ci < join) {
					join = ci
				}
			}
		}
		if join < 0 {
			leads = append(leads, stems)
			groups = append(groups, []string{k})
			for _, s := range stems {
				byStem[s] = append(byStem[s], len(groups)-1)
			}
			continue
		}
		groups[join] = append(groups[join], k)
	}
	return groups
}

// Candidates scores clusters as Groups returns them; a must hold every
// member key. It returns the candidates in the order of groups, unranked,
// and each member key's job id. Scoring the groups in parts (each part from
// an aggregate of its own keys) gives the same candidates as all at once.
func (a *Aggregate) Candidates(groups [][]string) ([]Candidate, map[string]string) {
	ids := map[string]string{}
	out := make([]Candidate, 0, len(groups))
	for _, keys := range groups {
		p := newPartial(keys[0])
		for _, k := range keys {
			p.merge(a.parts[k])
		}
		sum := sha256.Sum256([]byte("job\x00" + p.Key))
		cd := Candidate{
			ID: hex.EncodeToString(sum[:8]), Key: p.Key, Keys: keys,
			Statement: top(p.Statements, true), Language: top(p.Languages, false),
			Occurrences: p.Occurrences, Mentions: p.Mentions,
			Documents: int64(len(p.Docs)), Respondents: int64(len(p.Respondents)),
			Struggle: float64(p.Forces[0]) / 1000, Progress: float64(p.Forces[1]) / 1000,
			Anxiety: float64(p.Forces[2]) / 1000, Habit: float64(p.Forces[3]) / 1000,
			First: p.First, Last: p.Last,
		}
		cd.Score = Score(cd.Respondents, cd.Struggle, cd.Progress, cd.Anxiety, cd.Habit)
		for _, e := range p.Examples {
			cd.Examples = append(cd.Examples, e.Quote)
			cd.ExampleDocs = append(cd.ExampleDocs, e.DocID)
		}
		cd.Languages = byCount(p.Languages)
		for _, l := range cd.Languages {
			cd.Statements = append(cd.Statements, representative(p.LangStatements[l]))
		}
		if len(cd.Statements) > 0 {
			cd.Statement = cd.Statements[0] // the statement in the job's main language
		}
		if p.Story.Parts > 0 {
			cd.Story, cd.StoryMentionIDs = p.Story.Text, p.Story.MentionIDs
		}
		cd.Outcomes = outcomes(cd.ID, p.Outcomes)
		cd.SubForces, cd.SubForceTotals = subForceColumns(p.SubForces)
		cd.Phases, cd.PhaseCounts = phaseColumns(p.Phases)
		for _, k := range keys {
			ids[k] = cd.ID
		}
		out = append(out, cd)
	}
	return out, ids
}

// Rank orders candidates by score, ties by id, and numbers them from 1.
func Rank(out []Candidate) {
	sort.Slice(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].ID < out[j].ID
	})
	for i := range out {
		out[i].Rank = i + 1
	}
}

// byCount returns m's keys, most counted first, ties by key.
func byCount(m map[string]int64) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Slice(ks, func(i, j int) bool {
		if m[ks[i]] != m[ks[j]] {
			return m[ks[i]] > m[ks[j]]
		}
		return ks[i] < ks[j]
	})
	return ks
}

// outcomes lists a job's outcomes by occurrences, then language, direction
// and metric; an outcome's id hashes its job id with those three.
func outcomes(jobID string, m map[outcomeKey]*outcomeAgg) []Outcome {
	out := make([]Outcome, 0, len(m))
	for k, o := range m {
		st := top(o.Statements, true)
		sum := sha256.Sum256([]byte("outcome\x00" + jobID + "\x00" + k.Language + "\x00" + k.Direction + "\x00" + k.Metric))
		out = append(out, Outcome{ID: hex.EncodeToString(sum[:8]), Direction: k.Direction, Metric: k.Metric, Language: k.Language,
			Object: o.Objects[st], Statement: st, Occurrences: o.N, MentionIDs: o.MentionIDs})
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Occurrences != b.Occurrences {
			return a.Occurrences > b.Occurrences
		}
		if a.Language != b.Language {
			return a.Language < b.Language
		}
		if a.Direction != b.Direction {
			return a.Direction < b.Direction
		}
		return a.Metric < b.Metric
	})
	return out
}

func similar(a, b []string) bool {
	inter := 0
	for _, x := range a {
		for _, y := range b {
			if x == y {
				inter++
				break
			}
		}
	}
	if inter < minShared {
		return false
	}
	union := len(a) + len(b) - inter
	if float64(inter)/float64(union) >= minJaccard {
		return true
	}
	small, large := len(a), len(b)
	if small > large {
		small, large = large, small
	}
	if inter >= minCore && float64(inter)/float64(small) >= minOverlap {
		return true
	}
	return inter == small && float64(small)/float64(large) >= minCover
}

// top returns the most frequent value; ties go to the shorter (for
// statements), then the lexicographically smaller.
// representative picks the statement that best stands for all of them: the
// one with the most support, where every statement lends its count weighted
// by word overlap (a weighted medoid). Plain frequency would let a fragment
// such as "dan wel m'n facturen naar Excel" win a tie over the phrasing the
// others share. Only the maxMedoid most frequent are compared, so a cluster
// with thousands of phrasings stays cheap.
func representative(m map[string]int64) string {
	const maxMedoid = 50
	type cand struct {
		s     string
		n     int64
		words map[string]bool
	}
	cs := make([]cand, 0, len(m))
	for s, n := range m {
		cs = append(cs, cand{s: s, n: n})
	}
	sort.Slice(cs, func(i, j int) bool {
		if cs[i].n != cs[j].n {
			return cs[i].n > cs[j].n
		}
		return better(cs[i].s, cs[j].s, true)
	})
	if len(cs) > maxMedoid {
		cs = cs[:maxMedoid]
	}
	for i := range cs {
		cs[i].words = map[string]bool{}
		for _, w := range strings.FieldsFunc(strings.ToLower(cs[i].s), func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
		}) {
			cs[i].words[w] = true
		}
	}
	best, bestSupport := "", -1.0
	for i, c := range cs {
		support := 0.0
		for j, d := range cs {
			if i == j {
				support += float64(d.n)
				continue
			}
			support += float64(d.n) * jaccard(c.words, d.words)
		}
		// cs is sorted best first, so a strict improvement is needed to win.
		if support > bestSupport+1e-9 {
			best, bestSupport = c.s, support
		}
	}
	return best
}

func jaccard(a, b map[string]bool) float64 {
	inter := 0
	for w := range a {
		if b[w] {
			inter++
		}
	}
	union := len(a) + len(b) - inter
	if union == 0 {
		return 0
	}
	return float64(inter) / float64(union)
}

func top(m map[string]int64, preferShort bool) string {
	best, bestN := "", int64(-1)
	for s, n := range m {
		if n > bestN || n == bestN && better(s, best, preferShort) {
			best, bestN = s, n
		}
	}
	return best
}

func better(s, than string, preferShort bool) bool {
	if preferShort && len(s) != len(than) {
		return len(s) < len(than)
	}
	return s < than
}

// Package eval measures the tagger and the job extractor against a labelled
// gold set: precision, recall and F1 per force and language, the confusion
// between forces, the job match rate, and leaks (mentions in agent or
// interviewer speech, which are never evidence).
package eval

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"jobminer/lexicon"
	"jobminer/pipeline"
	"jobminer/pipeline/ingest"
	"jobminer/pipeline/record"
	"jobminer/pipeline/text"
)

// Record is one labelled gold utterance, in the format of ../shared/gold/.
type Record struct {
	ID      string   `json:"id"`
	Lang    string   `json:"lang"`
	Channel string   `json:"channel"`
	Role    string   `json:"role"`
	Text    string   `json:"text"`
	Labels  []string `json:"labels"`
	Job     *string  `json:"job"`
	Note    string   `json:"note,omitempty"`
}

// Load reads gold records from JSONL, or from CSV with a labels column
// (labels separated by ; or space) and an optional job column.
func Load(path string) ([]Record, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if strings.EqualFold(filepath.Ext(path), ".csv") {
		return loadCSV(path, f)
	}
	var out []Record
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for line := 1; sc.Scan(); line++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var r Record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return nil, fmt.Errorf("%s:%d: %v", path, line, err)
		}
		out = append(out, r)
	}
	return out, sc.Err()
}

func loadCSV(path string, r io.Reader) ([]Record, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	if _, ok := col["labels"]; !ok {
		return nil, fmt.Errorf("%s: no labels column; a gold CSV needs id, lang, role, text and labels (use the JSONL file for ../shared/gold)", path)
	}
	get := func(row []string, name string) string {
		if i, ok := col[name]; ok && i < len(row) {
			return row[i]
		}
		return ""
	}
	var out []Record
	for {
		row, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %v", path, err)
		}
		rec := Record{ID: get(row, "id"), Lang: get(row, "lang"), Channel: get(row, "channel"), Role: get(row, "role"), Text: get(row, "text")}
		rec.Labels = strings.FieldsFunc(get(row, "labels"), func(r rune) bool { return r == ';' || r == ' ' || r == ',' })
		if j := get(row, "job"); j != "" {
			rec.Job = &j
		}
		out = append(out, rec)
	}
}

// Counts are true positives, false positives and false negatives.
type Counts struct{ TP, FP, FN int }

// Precision, Recall and F1 are 0 where undefined... except that precision
// with no predictions and no gold is 1 (nothing claimed, nothing missed).
func (c Counts) Precision() float64 { return ratio(c.TP, c.TP+c.FP, c.FN == 0) }
func (c Counts) Recall() float64    { return ratio(c.TP, c.TP+c.FN, c.FP == 0) }
func (c Counts) F1() float64 {
	p, r := c.Precision(), c.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func ratio(a, b int, emptyIsPerfect bool) float64 {
	if b == 0 {
		if emptyIsPerfect {
			return 1
		}
		return 0
	}
	return float64(a) / float64(b)
}

func (c *Counts) add(o Counts) { c.TP += o.TP; c.FP += o.FP; c.FN += o.FN }

// Error is one miss or false hit.
type Error struct {
	ID    string `json:"id"`
	Lang  string `json:"lang"`
	Kind  string `json:"kind"` // miss, false, leak, job-miss
	Force string `json:"force,omitempty"`
	Text  string `json:"text"`
	Got   string `json:"got,omitempty"` // what the pipeline found
	Want  string `json:"want,omitempty"`
}

// Language is the result for one language.
type Language struct {
	Lang      string            `json:"lang"`
	Records   int               `json:"records"`
	Forces    map[string]Counts `json:"forces"`
	Micro     Counts            `json:"micro"`
	MacroF1   float64           `json:"macro_f1"`
	GoldJobs  int               `json:"gold_jobs"`
	JobsFound int               `json:"jobs_found"`
	Leaks     int               `json:"leaks"`
	Confusion map[string]int    `json:"confusion"` // "gold->predicted" for records that got one force for another
	// Production rates of sub-forces and switch-timeline phases. The gold
	// set has no labels for either, so these say how often the pipeline
	// gives one, not whether it is right. Customer counts evidence records
	// (customer or unknown role); Mentions their counting mentions, of which
	// SubForceable are of a force that has sub-forces (struggle, anxiety,
	// habit) and WithSubForce name one.
	Customer     int            `json:"customer_utterances"`
	WithPhase    int            `json:"with_phase"`
	Phases       map[string]int `json:"phases"`
	Mentions     int            `json:"counting_mentions"`
	SubForceable int            `json:"sub_forceable_mentions"`
	WithSubForce int            `json:"with_sub_force"`
	SubForces    map[string]int `json:"sub_forces"`
}

// PhaseRate is the share of customer utterances with a phase.
func (l Language) PhaseRate() float64 { return ratio(l.WithPhase, l.Customer, false) }

// SubForceRate is the share of counting struggle, anxiety and habit mentions
// with a sub-force.
func (l Language) SubForceRate() float64 { return ratio(l.WithSubForce, l.SubForceable, false) }

// JobRate is the share of gold jobs found.
func (l Language) JobRate() float64 { return ratio(l.JobsFound, l.GoldJobs, true) }

// Report is the whole evaluation.
type Report struct {
	Gold      string      `json:"gold"`
	Languages []*Language `json:"languages"`
	Errors    []Error     `json:"errors"`
	// Entries says, per lexicon entry (and learned model), how often it
	// gave its force to a customer record and whether the gold agreed:
	// the lexicon's own precision, for tuning (eval --entries).
	Entries []EntryStat `json:"entries,omitempty"`
}

// EntryStat counts the customer records in which an entry's mention
// counted. Right: the record's gold has the entry's force; Wrong: it has
// not. The Alone counts are the records where no other entry gave that
// force: dropping the entry would turn an AloneRight into a miss and an
// AloneWrong into a correct silence (other entries' matches aside).
type EntryStat struct {
	Entry      string `json:"entry"`
	Force      string `json:"force"`
	Right      int    `json:"right"`
	Wrong      int    `json:"wrong"`
	AloneRight int    `json:"alone_right"`
	AloneWrong int    `json:"alone_wrong"`
	// AloneWrongIDs are the ids of the first maxEntryIDs records counted
	// in AloneWrong, in gold order: where to read what the entry gets wrong.
	AloneWrongIDs []string `json:"alone_wrong_ids,omitempty"`
}

// maxEntryIDs bounds EntryStat.AloneWrongIDs.
const maxEntryIDs = 5

// entryStats adds the counting mentions of u, gold record id, to by
// (entry -> stats).
func entryStats(by map[string]*EntryStat, id string, u *record.Utterance, gold map[string]bool) {
	per := make([][]string, len(record.Forces)) // distinct entries per force
	for _, m := range u.Mentions {
		if !m.Counts() {
			continue
		}
		i := slices.Index(record.Forces, m.Force)
		if i >= 0 && !slices.Contains(per[i], m.Entry) {
			per[i] = append(per[i], m.Entry)
		}
	}
	for i, es := range per {
		f := string(record.Forces[i])
		for _, e := range es {
			st := by[e]
			if st == nil {
				st = &EntryStat{Entry: e, Force: f}
				by[e] = st
			}
			alone := len(es) == 1
			switch {
			case gold[f] && alone:
				st.Right++
				st.AloneRight++
			case gold[f]:
				st.Right++
			case alone:
				st.Wrong++
				st.AloneWrong++
				if len(st.AloneWrongIDs) < maxEntryIDs {
					st.AloneWrongIDs = append(st.AloneWrongIDs, id)
				}
			default:
				st.Wrong++
			}
		}
	}
}

// sortEntries orders entries worst first: most records that the entry alone
// got wrong beyond those it alone got right, then most wrong, then by id.
func sortEntries(by map[string]*EntryStat) []EntryStat {
	out := make([]EntryStat, 0, len(by))
	for _, st := range by {
		out = append(out, *st)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if da, db := a.AloneWrong-a.AloneRight, b.AloneWrong-b.AloneRight; da != db {
			return da > db
		}
		if a.Wrong != b.Wrong {
			return a.Wrong > b.Wrong
		}
		return a.Entry < b.Entry
	})
	return out
}

// Run evaluates the pipeline on gold records.
func Run(recs []Record, lex *lexicon.Compiled) *Report {
	rep := &Report{}
	by := map[string]*Language{}
	entries := map[string]*EntryStat{}
	a := text.NewAnalyzer()
	for _, r := range recs {
		l := by[r.Lang]
		if l == nil {
			l = &Language{Lang: r.Lang, Forces: map[string]Counts{}, Confusion: map[string]int{},
				Phases: map[string]int{}, SubForces: map[string]int{}}
			by[r.Lang] = l
		}
		l.Records++
		d := &record.Document{Source: record.Source{File: "gold", RecordID: r.ID}, Language: r.Lang, Channel: record.Channel(r.Channel),
			Utterances: []record.Utterance{{Role: ingest.NormalizeRole(r.Role), Language: r.Lang, Text: r.Text}}}
		pipeline.Process(d, a, lex, pipeline.Stages{})
		u := &d.Utterances[0]
		pred := map[string]bool{}
		var found []string
		for _, m := range u.Mentions {
			if m.Counts() {
				pred[string(m.Force)] = true
				found = append(found, string(m.Force)+":"+m.In(u.Text))
			}
		}
		gold := map[string]bool{}
		for _, g := range r.Labels {
			gold[g] = true
		}
		role := ingest.NormalizeRole(r.Role)
		if role.Evidence() {
			entryStats(entries, r.ID, u, gold)
			l.Customer++
			if u.Phase != "" {
				l.WithPhase++
				l.Phases[u.Phase]++
			}
			for _, m := range u.Mentions {
				if !m.Counts() {
					continue
				}
				l.Mentions++
				if m.Force != record.Progress {
					l.SubForceable++
				}
				if m.SubForce != "" {
					l.WithSubForce++
					l.SubForces[m.SubForce]++
				}
			}
		}
		if !role.Evidence() && len(u.Mentions) > 0 {
			l.Leaks++
			rep.Errors = append(rep.Errors, Error{ID: r.ID, Lang: r.Lang, Kind: "leak", Text: r.Text, Got: strings.Join(found, ", ")})
		}
		var missed, extra []string
		for _, f := range record.Forces {
			fs := string(f)
			c := l.Forces[fs]
			switch {
			case gold[fs] && pred[fs]:
				c.TP++
			case gold[fs]:
				c.FN++
				missed = append(missed, fs)
				rep.Errors = append(rep.Errors, Error{ID: r.ID, Lang: r.Lang, Kind: "miss", Force: fs, Text: r.Text, Got: strings.Join(found, ", ")})
			case pred[fs]:
				c.FP++
				extra = append(extra, fs)
				rep.Errors = append(rep.Errors, Error{ID: r.ID, Lang: r.Lang, Kind: "false", Force: fs, Text: r.Text, Got: strings.Join(found, ", "), Want: strings.Join(r.Labels, ",")})
			}
			l.Forces[fs] = c
		}
		for _, m := range missed {
			for _, e := range extra {
				l.Confusion[m+"->"+e]++
			}
		}
		if r.Job != nil && *r.Job != "" && role.Evidence() {
			l.GoldJobs++
			if jobFound(*r.Job, r.Lang, u, a, lex) {
				l.JobsFound++
			} else {
				var got []string
				for _, j := range u.Jobs {
					got = append(got, j.Statement)
				}
				rep.Errors = append(rep.Errors, Error{ID: r.ID, Lang: r.Lang, Kind: "job-miss", Text: r.Text, Want: *r.Job, Got: strings.Join(got, " | ")})
			}
		}
	}
	for _, code := range sortedKeys(by) {
		l := by[code]
		var sumF1 float64
		for _, f := range record.Forces {
			c := l.Forces[string(f)]
			l.Micro.add(c)
			sumF1 += c.F1()
		}
		l.MacroF1 = sumF1 / float64(len(record.Forces))
		rep.Languages = append(rep.Languages, l)
	}
	rep.Entries = sortEntries(entries)
	return rep
}

// jobFound: a gold job counts as found when a job extracted from the record
// shares most (more than half) of the gold job's content-word stems, taken as
// job keys take them (lexicon.Lang.KeyStems: compounds give their parts).
func jobFound(gold, lang string, u *record.Utterance, a *text.Analyzer, lex *lexicon.Compiled) bool {
	l := lex.Lang(lang)
	want := map[string]bool{}
	var stems []string
	for _, t := range a.Tokenize(lang, gold) {
		switch {
		case l != nil:
			stems = l.KeyStems(stems[:0], t)
		case t.Word:
			stems = append(stems[:0], t.Stem)
		default:
			stems = stems[:0]
		}
		for _, s := range stems {
			want[s] = true
		}
	}
	if len(want) == 0 {
		return false
	}
	for _, j := range u.Jobs {
		shared := 0
		for _, s := range strings.Fields(j.Key) {
			if want[s] {
				shared++
			}
		}
		if 2*shared > len(want) {
			return true
		}
	}
	return false
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// MarshalJSON writes the counts with their precision, recall and F1.
func (c Counts) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		TP        int     `json:"tp"`
		FP        int     `json:"fp"`
		FN        int     `json:"fn"`
		Precision float64 `json:"precision"`
		Recall    float64 `json:"recall"`
		F1        float64 `json:"f1"`
	}{c.TP, c.FP, c.FN, c.Precision(), c.Recall(), c.F1()})
}

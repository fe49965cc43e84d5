package pipeline

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"sort"
	"sync"

	"jobminer/lexicon"
	"jobminer/pipeline/jobs"
	"jobminer/pipeline/jtbd"
	"jobminer/pipeline/output"
	"jobminer/pipeline/record"
	"jobminer/pipeline/text"
)

// jtbdLexicon is the embedded bilingual and outcome lexicon, compiled once
// with the same stemmer as running text. It is data of the binary, like the
// force lexicons, so Occurrences stays a pure function of the document.
var jtbdLexicon = sync.OnceValues(func() (*jtbd.Lexicon, error) {
	return jtbd.Builtin(text.NewAnalyzer())
})

// JTBDLexicon returns the compiled embedded JTBD lexicon; it panics if the
// embedded files are broken, which TestJTBDLexicon catches.
func JTBDLexicon() *jtbd.Lexicon {
	l, err := jtbdLexicon()
	if err != nil {
		panic(err)
	}
	return l
}

// jtbdHashes are the sha256 of the embedded JTBD lexicon files, for run.json.
func jtbdHashes() map[string]string {
	out := map[string]string{}
	for name, data := range map[string][]byte{"bilingual.yaml": lexicon.BilingualYAML, "outcomes.yaml": lexicon.OutcomesYAML} {
		sum := sha256.Sum256(data)
		out[name] = hex.EncodeToString(sum[:])
	}
	return out
}

// Canon is the job-key canonicaliser for clustering: bilingual concepts, so
// that a job said in Dutch and in English forms one cluster. Set it as
// jobs.Aggregate.Canon before Finalize.
func Canon(lang string, stems []string) []string { return JTBDLexicon().Canon(lang, stems) }

// addJTBD fills in the job story and the outcome statements of job ji of
// utterance ui, with the ids of the mentions they come from; the teller and
// the outcomes are the utterance's (JTBDLexicon().Outcomes), made once for
// all its jobs.
func addJTBD(o *jobs.Occurrence, d *record.Document, ui, ji int, st *jtbd.Teller, outcomes []jtbd.Outcome) {
	u := &d.Utterances[ui]
	if s, ok := st.Pieces(ji); ok {
		o.Story = jobs.Story{Text: s.Text(), Parts: s.Parts(), MentionIDs: mentionIDs(d.ID, ui, s.Mentions)}
	}
	// Outcomes are in job order: only job ji's are read, so an utterance
	// with thousands of jobs is not read through for each.
	from := sort.Search(len(outcomes), func(i int) bool { return outcomes[i].Job >= ji })
	for _, oc := range outcomes[from:] {
		if oc.Job != ji {
			break
		}
		h := jobs.OutcomeHit{Direction: oc.Direction, Metric: oc.Metric, Language: u.Language, Object: oc.Object, Statement: oc.Statement,
			MentionIDs: mentionIDs(d.ID, ui, oc.Mentions)}
		o.Outcomes = append(o.Outcomes, h)
	}
}

// mentionIDs returns the MentionIDs of mentions mis of utterance ui, nil
// for none; they share one backing string.
func mentionIDs(docID string, ui int, mis []int) []string {
	if len(mis) == 0 {
		return nil
	}
	var buf [8 * idLen]byte
	b := buf[:0]
	for _, mi := range mis {
		b = appendMentionID(b, docID, ui, mi)
	}
	all := string(b)
	ids := make([]string, len(mis))
	for i := range ids {
		ids[i] = all[i*idLen : (i+1)*idLen]
	}
	return ids
}

// OutcomeRows turns the candidates' outcomes into outcomes.parquet rows, in
// job rank order.
func OutcomeRows(cs []jobs.Candidate) []output.OutcomeRow {
	var rows []output.OutcomeRow
	for _, c := range cs {
		for _, o := range c.Outcomes {
			ids := o.MentionIDs
			if ids == nil {
				ids = []string{}
			}
			rows = append(rows, output.OutcomeRow{
				OutcomeID: o.ID, JobID: c.ID, Direction: o.Direction, Metric: o.Metric, Object: o.Object,
				Statement: o.Statement, Language: o.Language, NOccurrences: o.Occurrences, EvidenceIDs: ids,
				ScoreKind: "text",
			})
		}
	}
	return rows
}

// Survey is a parsed --survey file.
type Survey struct {
	File     string
	Ratings  map[string]*jtbd.Rating // by jtbd.SurveyKey of the id
	Problems []jtbd.SurveyProblem
}

// ReadSurvey reads a survey CSV (see jtbd.ReadSurvey for the columns).
func ReadSurvey(path string) (*Survey, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rs, probs, err := jtbd.ReadSurvey(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &Survey{File: path, Ratings: rs, Problems: probs}, nil
}

// Apply puts the survey's ratings on the job and outcome rows they name (by
// job_id, outcome_id, or statement, compared case- and space-insensitively)
// and marks those rows score_kind "survey". It returns a reject for every
// survey row it could not read or that names no job or outcome, so that no
// rating is dropped silently.
func (s *Survey) Apply(jobRows []output.JobRow, outRows []output.OutcomeRow) []output.RejectRow {
	used := map[string]bool{}
	// A job may be rated under several names (its id, its statement in
	// each language): all its ratings count, weighted by their rows.
	rate := func(keys []string, imp, sat, opp **float64, kind *string) {
		var n int
		var si, ss float64
		seen := map[string]bool{}
		for _, k := range keys {
			k = jtbd.SurveyKey(k)
			r, ok := s.Ratings[k]
			if !ok || seen[k] {
				continue
			}
			seen[k], used[k] = true, true
			n += r.N
			si += r.Importance * float64(r.N)
			ss += r.Satisfaction * float64(r.N)
		}
		if n == 0 {
			return
		}
		i, st := si/float64(n), ss/float64(n)
		o := jtbd.Opportunity(i, st)
		*imp, *sat, *opp, *kind = &i, &st, &o, "survey"
	}
	for i := range jobRows {
		j := &jobRows[i]
		rate(append([]string{j.JobID, j.Statement}, j.Statements...), &j.Importance, &j.Satisfaction, &j.Opportunity, &j.ScoreKind)
	}
	for i := range outRows {
		o := &outRows[i]
		rate([]string{o.OutcomeID, o.Statement}, &o.Importance, &o.Satisfaction, &o.Opportunity, &o.ScoreKind)
	}
	var rej []output.RejectRow
	for _, p := range s.Problems {
		rej = append(rej, output.RejectRow{Source: s.File, Line: int64(p.Line), Reason: p.Reason})
	}
	for _, k := range jtbd.SortedKeys(s.Ratings) {
		if used[k] {
			continue
		}
		r := s.Ratings[k]
		for _, line := range r.Lines {
			rej = append(rej, output.RejectRow{Source: s.File, Line: int64(line), RecordID: r.ID,
				Reason: fmt.Sprintf("survey id %q matches no job_id, outcome_id or statement of this run", r.ID)})
		}
	}
	return rej
}

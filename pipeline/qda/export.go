package qda

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/parquet-go/parquet-go"

	"jobminer/lexicon"
	"jobminer/pipeline/output"
	"jobminer/pipeline/record"
)

// Options configure an export from a run's output folder.
type Options struct {
	Out string // the run's output folder (documents, mentions, jobs, run.json)
	// Inputs are the input files and folders to re-read for the source
	// texts; nil means the ones run.json recorded (as given to `run`,
	// so relative to the folder the run was started in).
	Inputs []string
	// PseudonymKey is the key of a run made with --pseudonymise, needed to
	// give the speakers the same pseudonyms; nil otherwise.
	PseudonymKey []byte
	Name         string // project name; "" = "jobminer evidence"
	Origin       string // program and version, e.g. "jobminer 0.1.0"
	OnlyCoded    bool   // leave out documents without a coded segment
}

// Stats says what an export wrote.
type Stats struct {
	Sources  int // text sources
	Segments int // coded segments (evidence mentions)
	Codings  int // codes applied (a segment has its force or sub-force, and its job if any)
	Codes    int // codes in the codebook
	Skipped  int // mentions left uncoded: negated, or a fear, desire, declined or hypothetical
}

// mentionRow is the part of mentions.parquet the export reads. Reading into
// this struct rather than output.MentionRow keeps older outputs readable
// and picks up sub_force when a run wrote it: a missing column reads as "".
type mentionRow struct {
	MentionID      string  `parquet:"mention_id"`
	DocID          string  `parquet:"doc_id"`
	UtteranceIndex int32   `parquet:"utterance_index"`
	Speaker        string  `parquet:"speaker"`
	Force          string  `parquet:"force"`
	Term           string  `parquet:"term"`
	Matched        string  `parquet:"matched"`
	Negated        bool    `parquet:"negated"`
	Intensity      float64 `parquet:"intensity"`
	JobID          *string `parquet:"job_id,optional"`
	MatchStart     int32   `parquet:"match_start"`
	MatchEnd       int32   `parquet:"match_end"`
	Context        string  `parquet:"context"`
	SubForce       string  `parquet:"sub_force"`
}

// evidence reports whether the mention becomes a coded segment.
func (m *mentionRow) evidence() bool { return !m.Negated && m.Context == "" }

// code is the force or sub-force code of the mention.
func (m *mentionRow) code() string {
	if m.SubForce != "" {
		return "subforce:" + m.SubForce
	}
	return "force:" + m.Force
}

// run is what the export reads from an output folder.
type run struct {
	manifest output.Manifest
	docs     []output.DocumentRow
	mentions map[string][]*mentionRow // by doc id, in file order
	jobs     []output.JobRow
	subs     []string // sub-forces named by mentions, sorted
}

func readRun(dir string, withDocs bool) (*run, error) {
	r := &run{mentions: map[string][]*mentionRow{}}
	var err error
	if r.manifest, err = output.ReadManifest(filepath.Join(dir, output.ManifestFile)); err != nil {
		return nil, fmt.Errorf("%w (want a run's output folder)", err)
	}
	if r.jobs, err = output.ReadJobs(filepath.Join(dir, output.JobsFile)); err != nil {
		return nil, err
	}
	path := filepath.Join(dir, output.MentionsFile)
	ms, err := parquet.ReadFile[mentionRow](path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	subs := map[string]bool{}
	for i := range ms {
		m := &ms[i]
		r.mentions[m.DocID] = append(r.mentions[m.DocID], m)
		if m.SubForce != "" {
			subs[m.SubForce] = true
		}
	}
	for s := range subs {
		r.subs = append(r.subs, s)
	}
	sort.Strings(r.subs)
	if withDocs {
		if r.docs, err = output.ReadDocuments(filepath.Join(dir, output.DocumentsFile)); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// forceInfo gives each force's code a colour and a one-line meaning.
var forceInfo = map[record.Force]struct{ color, meaning string }{
	record.Struggle: {"#C0392B", "push of the situation: what goes wrong with the current way"},
	record.Progress: {"#27AE60", "pull of the new solution: the better life the customer pictures"},
	record.Anxiety:  {"#E67E22", "anxiety of the new solution: what might go wrong with changing"},
	record.Habit:    {"#2980B9", "habit of the present: what keeps the customer where they are"},
}

// buildCodebook makes the code tree: the four forces, each with its
// sub-forces (the lexicon's closed set plus any other a mention names), and
// a group "jobs" with one code per job, in rank order.
func buildCodebook(r *run) *Codebook {
	cb := &Codebook{}
	extra := map[record.Force][]string{}
	for _, s := range r.subs {
		f, _, _ := strings.Cut(s, "/")
		if !lexicon.ValidSubForce(record.Force(f), s) {
			extra[record.Force(f)] = append(extra[record.Force(f)], s)
		}
	}
	for _, f := range record.Forces {
		info := forceInfo[f]
		c := &Code{Key: "force:" + string(f), Name: string(f), Description: info.meaning, Color: info.color, Codable: true}
		for _, s := range lexicon.SubForces[f] {
			c.Children = append(c.Children, &Code{Key: "subforce:" + s.Name, Name: s.Name, Description: s.Meaning, Color: info.color, Codable: true})
		}
		for _, s := range extra[f] {
			c.Children = append(c.Children, &Code{Key: "subforce:" + s, Name: s, Description: "a sub-force named in mentions.parquet", Color: info.color, Codable: true})
		}
		cb.Codes = append(cb.Codes, c)
	}
	jobs := append([]output.JobRow(nil), r.jobs...)
	sort.SliceStable(jobs, func(i, j int) bool {
		if jobs[i].Rank != jobs[j].Rank {
			return jobs[i].Rank < jobs[j].Rank
		}
		return jobs[i].JobID < jobs[j].JobID
	})
	group := &Code{Key: "group:jobs", Name: "jobs", Codable: false,
		Description: "the jobs jobminer found, best score first; a segment coded with a job is a force mention tied to it"}
	names := map[string]int{}
	for _, j := range jobs {
		names[j.Statement]++
	}
	for _, j := range jobs {
		name := j.Statement
		if names[name] > 1 {
			name += " (" + j.JobID + ")" // tools match codes by name on import
		}
		group.Children = append(group.Children, &Code{
			Key: "job:" + j.JobID, Name: name, Codable: true,
			Description: fmt.Sprintf("job %s, rank %d, score %s, language %s; %d mentions in %d documents from %d respondents",
				j.JobID, j.Rank, strconv.FormatFloat(j.Score, 'f', 3, 64), j.Language, j.NMentions, j.NDocuments, j.NRespondents),
		})
	}
	cb.Codes = append(cb.Codes, group)
	return cb
}

func countCodes(cs []*Code) int {
	n := len(cs)
	for _, c := range cs {
		n += countCodes(c.Children)
	}
	return n
}

// ExportCodebook writes the codebook of the run in o.Out as a .qdc.
func ExportCodebook(w io.Writer, o Options) (Stats, error) {
	r, err := readRun(o.Out, false)
	if err != nil {
		return Stats{}, err
	}
	cb := buildCodebook(r)
	if err := WriteCodebook(w, origin(o), cb); err != nil {
		return Stats{}, err
	}
	return Stats{Codes: countCodes(cb.Codes)}, nil
}

func origin(o Options) string {
	if o.Origin == "" {
		return "jobminer"
	}
	return o.Origin
}

// ExportProject writes the run in o.Out as a .qdpx project: every document
// as a text source, rebuilt by re-reading the run's inputs (see rebuild),
// and every evidence mention as a segment coded with its force or
// sub-force and its job.
func ExportProject(ctx context.Context, w io.Writer, o Options) (Stats, error) {
	var st Stats
	r, err := readRun(o.Out, true)
	if err != nil {
		return st, err
	}
	cb := buildCodebook(r)
	st.Codes = countCodes(cb.Codes)
	jobs := map[string]bool{}
	for _, j := range r.jobs {
		jobs[j.JobID] = true
	}
	docs := make(map[string]*output.DocumentRow, len(r.docs))
	perFile := map[string]int{}
	for i := range r.docs {
		docs[r.docs[i].DocID] = &r.docs[i]
		perFile[r.docs[i].Source]++
	}
	name := o.Name
	if name == "" {
		name = "jobminer evidence"
	}
	desc := fmt.Sprintf("Jobs-to-be-Done evidence from jobminer run %s: %d documents, %d jobs. "+
		"Coded segments are the force words jobminer found in customer speech, neither negated nor a fear, wish, declined alternative or hypothetical.",
		r.manifest.RunID, len(r.docs), len(r.jobs))
	qw, err := NewWriter(w, name, origin(o), desc, cb)
	if err != nil {
		return st, err
	}
	if err := qw.DeclareVariables(variables); err != nil {
		return st, err
	}
	done := map[string]bool{}
	err = rebuild(ctx, r.manifest, o, func(d *record.Document) error {
		row, ok := docs[d.ID]
		if !ok || done[d.ID] {
			return nil // not in this run's documents (or a repeated id, coded once)
		}
		done[d.ID] = true
		if int(row.NUtterances) != len(d.Utterances) {
			return fmt.Errorf("%s: document %s has %d utterances now, %d in the run: %w", d.Source, d.ID, len(d.Utterances), row.NUtterances, errChanged)
		}
		src, text, skipped, err := source(d, row, r.mentions[d.ID], jobs, perFile[row.Source] > 1)
		if err != nil {
			return err
		}
		st.Skipped += skipped
		if o.OnlyCoded && len(src.Segments) == 0 {
			return nil
		}
		return qw.AddSource(src, text)
	})
	if err != nil {
		return st, err
	}
	if len(done) != len(docs) {
		var missing []string
		for _, d := range r.docs {
			if !done[d.DocID] {
				missing = append(missing, d.Source+" ("+d.DocID+")")
			}
		}
		if len(missing) > 3 {
			missing = append(missing[:3], fmt.Sprintf("and %d more", len(missing)-3))
		}
		return st, fmt.Errorf("%d of the run's documents were not found in the inputs: %s: %w", len(docs)-len(done), strings.Join(missing, ", "), errChanged)
	}
	if err := qw.Close(); err != nil {
		return st, err
	}
	st.Sources, st.Segments, st.Codings = qw.Counts()
	return st, nil
}

// variables are the document properties each source carries, for filtering
// and comparing in the QDA tool.
var variables = []Variable{
	{Key: "channel", Name: "channel", Description: "interview, chat, ticket or other"},
	{Key: "language", Name: "language", Description: "ISO 639-1 code, declared by the input or detected"},
	{Key: "format", Name: "format", Description: "the input format jobminer read the document from"},
	{Key: "source", Name: "source file", Description: "the input file, relative to the input folder"},
	{Key: "created", Name: "created", Description: "when the conversation took place, where the input says", DateTime: true},
}

// errChanged marks a rebuilt text that does not match the run's output.
var errChanged = errors.New("the inputs or settings differ from the run's; export needs the same input files (check --input)")

// source lays out document d as one plain text, an utterance per line as
// "Speaker (role): text", and turns its evidence mentions into segments,
// checking that each one's offsets still cover the words the run matched.
func source(d *record.Document, row *output.DocumentRow, ms []*mentionRow, jobs map[string]bool, shared bool) (Source, string, int, error) {
	var b strings.Builder
	starts := make([]int, len(d.Utterances))
	for i := range d.Utterances {
		u := &d.Utterances[i]
		role := string(u.Role)
		if role == "" {
			role = string(record.Unknown)
		}
		if u.Speaker != "" {
			b.WriteString(u.Speaker + " (" + role + "): ")
		} else {
			b.WriteString("(" + role + "): ")
		}
		starts[i] = b.Len()
		b.WriteString(u.Text)
		b.WriteByte('\n')
	}
	text := b.String()
	// A file that is one conversation is named by its path; a record of a
	// file with many by path and line or record id, as diagnostics are.
	name := row.Source
	if shared {
		name = d.Source.String()
	}
	desc := "jobminer document " + row.DocID
	src := Source{ID: row.DocID, Name: name, Description: desc, Values: []Value{
		{Key: "channel", Text: row.Channel}, {Key: "language", Text: row.Language},
		{Key: "format", Text: row.Format}, {Key: "source", Text: row.Source},
	}}
	if row.CreatedAt != nil {
		src.Values = append(src.Values, Value{Key: "created", Text: row.CreatedAt.UTC().Format(time.RFC3339)})
	}
	skipped := 0
	for _, m := range ms {
		i, s, e := int(m.UtteranceIndex), int(m.MatchStart), int(m.MatchEnd)
		if i < 0 || i >= len(d.Utterances) {
			return src, "", 0, fmt.Errorf("%s: mention %s is in utterance %d of %d: %w", d.Source, m.MentionID, i, len(d.Utterances), errChanged)
		}
		u := &d.Utterances[i]
		if s < 0 || s > e || e > len(u.Text) || u.Text[s:e] != m.Matched {
			got := ""
			if s >= 0 && s <= e && e <= len(u.Text) {
				got = u.Text[s:e]
			}
			return src, "", 0, fmt.Errorf("%s line %d: mention %s: the rebuilt text has %q at bytes %d-%d where the run matched %q: %w",
				d.Source.File, u.Line, m.MentionID, got, s, e, m.Matched, errChanged)
		}
		if u.Speaker != m.Speaker {
			return src, "", 0, fmt.Errorf("%s line %d: mention %s: speaker %q, the run had %q (a different pseudonym key?): %w",
				d.Source.File, u.Line, m.MentionID, u.Speaker, m.Speaker, errChanged)
		}
		if !m.evidence() {
			skipped++
			continue
		}
		codes := []string{m.code()}
		if m.JobID != nil && jobs[*m.JobID] {
			codes = append(codes, "job:"+*m.JobID)
		}
		label := m.Force
		if m.SubForce != "" {
			label = m.SubForce
		}
		src.Segments = append(src.Segments, Segment{
			ID: m.MentionID, Name: m.Matched, Start: starts[i] + s, End: starts[i] + e, Codes: codes,
			Description: fmt.Sprintf("%s: %q, term %s, intensity %s, mention %s",
				label, m.Matched, m.Term, strconv.FormatFloat(m.Intensity, 'f', -1, 64), m.MentionID),
		})
	}
	return src, text, skipped, nil
}

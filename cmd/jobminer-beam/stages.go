package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"jobminer/lexicon"
	"jobminer/pipeline"
	"jobminer/pipeline/ingest"
	"jobminer/pipeline/jobs"
	"jobminer/pipeline/output"
	"jobminer/pipeline/record"
	"jobminer/pipeline/redact"
	"jobminer/pipeline/text"
)

// Metrics: what an operator sees in the runner's UI next to the rows.
var (
	cFiles         = beam.NewCounter("jobminer", "files")
	cDocuments     = beam.NewCounter("jobminer", "documents")
	cUtterances    = beam.NewCounter("jobminer", "utterances")
	cMentions      = beam.NewCounter("jobminer", "mentions")
	cRejects       = beam.NewCounter("jobminer", "rejects")
	cRejectsFile   = beam.NewCounter("jobminer", "rejects_file")   // a whole file (or folder entry) unreadable
	cRejectsRecord = beam.NewCounter("jobminer", "rejects_record") // one record of a file
	cJobs          = beam.NewCounter("jobminer", "jobs")
)

func init() {
	register.DoFn7x1[context.Context, fileIn, func(output.DocumentRow), func(output.MentionRow), func(string, jobs.Occurrence), func(rejectOut), func(fileSum), error](&readFn{})
	register.Emitter1[output.DocumentRow]()
	register.Emitter1[output.MentionRow]()
	register.Emitter2[string, jobs.Occurrence]()
	register.Emitter1[rejectOut]()
	register.Emitter1[fileSum]()
	register.Combiner2[aggAcc, jobs.Occurrence](&aggFn{})
	register.DoFn5x1[context.Context, []byte, func(*aggAcc) bool, func(jobIDs), func(output.Output), error](&finalizeFn{})
	register.Emitter1[jobIDs]()
	register.Emitter1[output.Output]()
	register.Iter1[aggAcc]()
	register.DoFn3x0[output.MentionRow, jobIDs, func(int, output.MentionRow)](&mentionKeyFn{})
	register.Emitter2[int, output.MentionRow]()
	register.DoFn2x0[output.DocumentRow, func(int, output.DocumentRow)](&docKeyFn{})
	register.Emitter2[int, output.DocumentRow]()
	register.DoFn4x1[context.Context, int, func(*output.DocumentRow) bool, func(output.Output), error](&writeDocsFn{})
	register.Iter1[output.DocumentRow]()
	register.DoFn4x1[context.Context, int, func(*output.MentionRow) bool, func(output.Output), error](&writeMentionsFn{})
	register.Iter1[output.MentionRow]()
	register.DoFn4x1[context.Context, []byte, func(*rejectOut) bool, func(output.Output), error](&writeRejectsFn{})
	register.Iter1[rejectOut]()
	register.DoFn4x1[context.Context, []byte, func(*output.Output) bool, func(*fileSum) bool, error](&manifestFn{})
	register.Iter1[output.Output]()
	register.Iter1[fileSum]()
}

// readFn reads one input file and runs the per-record stages on each of its
// documents: a file is the unit of work, so one very large file is read by
// one worker (split it to spread it).
type readFn struct {
	Ingest       ingest.Options
	Lexicons     []lexFile
	NoRedact     bool
	PseudonymKey []byte

	lex  *lexicon.Compiled
	an   *text.Analyzer
	ps   *redact.Pseudonymiser
	rows []output.MentionRow // scratch for ProcessRows
}

func (f *readFn) Setup() error {
	set, err := lexicon.Builtin()
	if err != nil {
		return fmt.Errorf("built-in lexicon: %w", err)
	}
	for _, l := range f.Lexicons {
		if err := set.AddFile(l.Name, []byte(l.Data)); err != nil {
			return err
		}
	}
	if f.lex, err = lexicon.Compile(set, text.NewAnalyzer()); err != nil {
		return err
	}
	if len(f.PseudonymKey) > 0 {
		if f.ps, err = redact.NewPseudonymiser(f.PseudonymKey); err != nil {
			return err
		}
	}
	f.an = text.NewAnalyzer()
	return nil
}

func (f *readFn) ProcessElement(ctx context.Context, in fileIn, emitDoc func(output.DocumentRow), emitMention func(output.MentionRow),
	emitOcc func(string, jobs.Occurrence), emitReject func(rejectOut), emitSum func(fileSum)) error {
	tally := &redact.Tally{}
	st := pipeline.Stages{NoRedact: f.NoRedact, Pseudonymiser: f.ps, Tally: tally}
	opts := f.Ingest
	local := ingest.Input{Path: in.Path, Rel: in.Rel, Size: in.Size}
	if in.Remote {
		dir, err := os.MkdirTemp("", "jobminer-beam-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		if local.Path, err = fetch(ctx, in.Path, dir); err != nil {
			return fmt.Errorf("%s: %w", in.Path, err)
		}
		opts.TempDir = dir
	}
	seq := 0
	reject := func(r record.Reject) {
		emitReject(rejectOut{File: in.Index, Seq: seq, Row: rejectRow(r)})
		seq++
		countReject(ctx, r)
	}
	stats, err := ingest.Read(local, opts, func(it ingest.Item) {
		if it.Reject != nil {
			reject(*it.Reject)
			return
		}
		d := it.Doc
		// One utterance at a time, its rows emitted every FlushRows: a
		// huge record's tokens and rows are never all held.
		emit := func(ms []output.MentionRow) []output.MentionRow {
			for _, m := range ms {
				emitMention(m)
			}
			return ms[:0]
		}
		dr, mrs := pipeline.ProcessRows(d, f.an, f.lex, st, f.rows[:0], func(oc jobs.Occurrence) { emitOcc(oc.Key, oc) }, emit)
		f.rows = emit(mrs)
		emitDoc(dr)
		cDocuments.Inc(ctx, 1)
		cUtterances.Inc(ctx, int64(len(d.Utterances)))
		cMentions.Inc(ctx, int64(dr.NMentions))
	})
	if err != nil {
		reject(record.Reject{Source: record.Source{File: in.Rel}, Reason: err.Error()})
	}
	cFiles.Inc(ctx, 1)
	emitSum(fileSum{Index: in.Index, Input: output.Input{Path: in.Rel, Size: in.Size, SHA256: stats.SHA256, Format: stats.Format},
		Redaction: tally.Counts().Map()})
	return nil
}

// fetch copies a file from a Beam filesystem into dir under its own base
// name (readers detect the format from it) and returns the local path.
func fetch(ctx context.Context, src, dir string) (string, error) {
	fs, err := filesystem.New(ctx, src)
	if err != nil {
		return "", err
	}
	defer fs.Close()
	r, err := fs.OpenRead(ctx, src)
	if err != nil {
		return "", err
	}
	defer r.Close()
	dst := filepath.Join(dir, baseName(src))
	w, err := os.Create(dst)
	if err != nil {
		return "", err
	}
	if _, err := io.Copy(w, r); err != nil {
		w.Close()
		return "", err
	}
	return dst, w.Close()
}

func baseName(p string) string {
	if i := strings.LastIndex(p, "/"); i >= 0 {
		return p[i+1:]
	}
	return p
}

func rejectRow(r record.Reject) output.RejectRow {
	return output.RejectRow{Source: r.Source.File, Line: int64(r.Source.Line), RecordID: r.Source.RecordID, Reason: r.Reason}
}

func countReject(ctx context.Context, r record.Reject) {
	cRejects.Inc(ctx, 1)
	if r.Source.Line == 0 && r.Source.RecordID == "" {
		cRejectsFile.Inc(ctx, 1)
	} else {
		cRejectsRecord.Inc(ctx, 1)
	}
}

// aggFn is the job aggregate as a Beam combine: jobs.Aggregate's Add and
// Merge, which are associative and commutative in their result.
type aggFn struct{}

func (aggFn) CreateAccumulator() aggAcc { return aggAcc{jobs.New()} }
func (aggFn) AddInput(a aggAcc, o jobs.Occurrence) aggAcc {
	a.a.Add(o)
	return a
}
func (aggFn) MergeAccumulators(a, b aggAcc) aggAcc {
	a.a.Merge(b.a)
	return a
}
func (aggFn) ExtractOutput(a aggAcc) aggAcc { return a }

// finalizeFn merges the per-key aggregates and finalises them once:
// clustering looks across all keys. It writes jobs.parquet and
// outcomes.parquet and emits the key -> job id map for the mentions.
type finalizeFn struct {
	Out, Version string
}

// The per-key aggregates go straight to a spill on the worker's disk and are
// finalised one partition at a time (jobs.FinalizeSpilled, as jobminer run
// does past its budget), so this worker never holds all of them merged.
func (f *finalizeFn) ProcessElement(ctx context.Context, _ []byte, parts func(*aggAcc) bool, emitIDs func(jobIDs), emitOut func(output.Output)) error {
	dir, err := os.MkdirTemp("", "jobminer-beam-jobs-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	sp, err := jobs.NewSpill(dir, "keys", 16)
	if err != nil {
		return err
	}
	var a aggAcc
	for parts(&a) {
		if err := sp.Write(a.a); err != nil {
			sp.Close()
			return err
		}
		a = aggAcc{}
	}
	cands, ids, err := jobs.FinalizeSpilled(dir, []*jobs.Spill{sp}, nil, pipeline.Canon)
	if err != nil {
		return err
	}
	o, err := writeTable(ctx, f.Out, output.JobsFile, output.JobsFile, pipeline.JobRows(cands), f.Version)
	if err != nil {
		return err
	}
	emitOut(o)
	if o, err = writeTable(ctx, f.Out, output.OutcomesFile, output.OutcomesFile, pipeline.OutcomeRows(cands), f.Version); err != nil {
		return err
	}
	emitOut(o)
	cJobs.Inc(ctx, int64(len(cands)))
	emitIDs(jobIDs{M: ids})
	return nil
}

// shardOf spreads documents over the shards by id; a document's mentions go
// to the shard with the same number.
func shardOf(docID string, n int) int {
	h := fnv.New32a()
	h.Write([]byte(docID))
	return int(h.Sum32() % uint32(n))
}

type docKeyFn struct{ Shards int }

func (f *docKeyFn) ProcessElement(d output.DocumentRow, emit func(int, output.DocumentRow)) {
	emit(shardOf(d.DocID, f.Shards), d)
}

// mentionKeyFn puts the final job id on a mention (it carries the raw job
// key until the aggregate is finalised) and picks its shard.
type mentionKeyFn struct{ Shards int }

func (f *mentionKeyFn) ProcessElement(m output.MentionRow, ids jobIDs, emit func(int, output.MentionRow)) {
	if m.JobID != nil {
		m.JobID = output.String(ids.M[*m.JobID])
	}
	emit(shardOf(m.DocID, f.Shards), m)
}

// Shards are sorted before writing, so that a rerun (or a retried bundle)
// writes the same bytes whatever order the runner delivered the rows in.
type writeDocsFn struct {
	Out, Version string
	Shards       int
}

func (f *writeDocsFn) ProcessElement(ctx context.Context, shard int, iter func(*output.DocumentRow) bool, emit func(output.Output)) error {
	var rows []output.DocumentRow
	var r output.DocumentRow
	for iter(&r) {
		rows = append(rows, r)
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].DocID < rows[j].DocID })
	o, err := writeTable(ctx, f.Out, shardName("documents", shard, f.Shards), output.DocumentsFile, rows, f.Version)
	if err == nil {
		emit(o)
	}
	return err
}

type writeMentionsFn struct {
	Out, Version string
	Shards       int
}

func (f *writeMentionsFn) ProcessElement(ctx context.Context, shard int, iter func(*output.MentionRow) bool, emit func(output.Output)) error {
	var rows []output.MentionRow
	var r output.MentionRow
	for iter(&r) {
		rows = append(rows, r)
	}
	sort.Slice(rows, func(i, j int) bool {
		a, b := &rows[i], &rows[j]
		if a.DocID != b.DocID {
			return a.DocID < b.DocID
		}
		if a.UtteranceIndex != b.UtteranceIndex {
			return a.UtteranceIndex < b.UtteranceIndex
		}
		if a.MatchStart != b.MatchStart {
			return a.MatchStart < b.MatchStart
		}
		return a.MentionID < b.MentionID
	})
	o, err := writeTable(ctx, f.Out, shardName("mentions", shard, f.Shards), output.MentionsFile, rows, f.Version)
	if err == nil {
		emit(o)
	}
	return err
}

func shardName(table string, shard, n int) string {
	return fmt.Sprintf("%s/part-%05d-of-%05d.parquet", table, shard, n)
}

// writeRejectsFn writes rejects.parquet in input order (the order of
// `jobminer run`), also when there are none.
type writeRejectsFn struct{ Out, Version string }

func (f *writeRejectsFn) ProcessElement(ctx context.Context, _ []byte, iter func(*rejectOut) bool, emit func(output.Output)) error {
	var all []rejectOut
	var r rejectOut
	for iter(&r) {
		all = append(all, r)
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].File != all[j].File {
			return all[i].File < all[j].File
		}
		return all[i].Seq < all[j].Seq
	})
	rows := make([]output.RejectRow, len(all))
	for i := range all {
		rows[i] = all[i].Row
	}
	o, err := writeTable(ctx, f.Out, output.RejectsFile, output.RejectsFile, rows, f.Version)
	if err == nil {
		emit(o)
	}
	return err
}

// manifestFn writes run.json last, when every table is written: a folder
// without run.json (or with an older run_id) is an unfinished run.
type manifestFn struct {
	Out, Version string
	Shards       int
	Manifest     string // run fields of run.json as JSON (its options are free-form); the rest is filled here
	NoRedact     bool
	Pseudonymise bool
	Walked       []output.Input // inputs listed at construction, in order
}

func (f *manifestFn) ProcessElement(ctx context.Context, _ []byte, outs func(*output.Output) bool, sums func(*fileSum) bool) error {
	var m output.Manifest
	if err := json.Unmarshal([]byte(f.Manifest), &m); err != nil {
		return err
	}
	var all []output.Output
	var o output.Output
	have := map[string]bool{}
	for outs(&o) {
		all = append(all, o)
		have[strings.SplitN(o.File, "/", 2)[0]] = true
	}
	// An empty input still gets one (empty) shard per table, so that readers
	// of documents/*.parquet find the schema.
	for _, t := range []struct{ dir, file string }{{"documents", output.DocumentsFile}, {"mentions", output.MentionsFile}} {
		if have[t.dir] {
			continue
		}
		var err error
		if t.dir == "documents" {
			o, err = writeTable[output.DocumentRow](ctx, f.Out, shardName(t.dir, 0, f.Shards), t.file, nil, f.Version)
		} else {
			o, err = writeTable[output.MentionRow](ctx, f.Out, shardName(t.dir, 0, f.Shards), t.file, nil, f.Version)
		}
		if err != nil {
			return err
		}
		all = append(all, o)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].File < all[j].File })
	for _, o := range all {
		switch {
		case strings.HasPrefix(o.File, "documents/"):
			m.Counts.Documents += o.Rows
		case strings.HasPrefix(o.File, "mentions/"):
			m.Counts.Mentions += o.Rows
		case o.File == output.JobsFile:
			m.Counts.Jobs += o.Rows
		case o.File == output.RejectsFile:
			m.Counts.Rejects += o.Rows
		case o.File == output.OutcomesFile:
			m.Counts.Outcomes += o.Rows
		}
	}
	m.Outputs = all
	m.Rejects = m.Counts.Rejects
	byIndex := map[int]fileSum{}
	counts := map[string]int64{}
	var s fileSum
	for sums(&s) {
		byIndex[s.Index] = s
		for k, v := range s.Redaction {
			counts[k] += v
		}
	}
	m.Inputs = make([]output.Input, len(f.Walked))
	for i, in := range f.Walked {
		m.Inputs[i] = byIndex[i].Input
		m.Inputs[i].Path, m.Inputs[i].Size = in.Path, in.Size
	}
	m.Redaction = pipeline.RedactionManifest(pipeline.Stages{NoRedact: f.NoRedact}, counts)
	m.Redaction.Pseudonymised = f.Pseudonymise
	m.FinishedAt = time.Now()
	m.DurationMS = m.FinishedAt.Sub(m.StartedAt).Milliseconds()
	b, err := m.Encode()
	if err != nil {
		return err
	}
	return writeFile(ctx, join(f.Out, output.ManifestFile), b)
}

// writeTable writes rows as the Parquet file rel under out and describes it.
// The file is built in memory (one shard) so that its size and hash are
// known for run.json before it is written once.
func writeTable[T any](ctx context.Context, out, rel, table string, rows []T, version string) (output.Output, error) {
	var buf bytes.Buffer
	w := output.NewShardWriter[T](&buf, table, output.Options{CreatedBy: "jobminer " + version})
	if len(rows) > 0 {
		if _, err := w.Write(rows); err != nil {
			return output.Output{}, fmt.Errorf("%s: %w", rel, err)
		}
	}
	if err := w.Close(); err != nil {
		return output.Output{}, fmt.Errorf("%s: %w", rel, err)
	}
	sum := sha256.Sum256(buf.Bytes())
	if err := writeFile(ctx, join(out, rel), buf.Bytes()); err != nil {
		return output.Output{}, err
	}
	return output.Output{File: rel, Rows: int64(len(rows)), Size: int64(buf.Len()), SHA256: hex.EncodeToString(sum[:])}, nil
}

func writeFile(ctx context.Context, p string, b []byte) error {
	fs, err := filesystem.New(ctx, p)
	if err != nil {
		return err
	}
	defer fs.Close()
	w, err := fs.OpenWrite(ctx, p)
	if err != nil {
		return fmt.Errorf("%s: %w", p, err)
	}
	if _, err := w.Write(b); err != nil {
		w.Close()
		return fmt.Errorf("%s: %w", p, err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("%s: %w", p, err)
	}
	return nil
}

func join(dir, rel string) string {
	if hasScheme(dir) {
		return strings.TrimRight(dir, "/") + "/" + rel
	}
	return filepath.Join(dir, filepath.FromSlash(rel))
}

func hasScheme(p string) bool { return strings.Contains(p, "://") }

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path"
	"reflect"
	"sort"
	"strings"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"

	"jobminer/lexicon"
	"jobminer/pipeline"
	"jobminer/pipeline/ingest"
	"jobminer/pipeline/jobs"
	"jobminer/pipeline/output"
	"jobminer/pipeline/text"
)

// Config is one run: what `jobminer run` takes, plus the shard count.
type Config struct {
	Inputs   []string // files, folders (local) or paths/globs with a scheme (gs://, s3://, memfs://)
	Out      string   // output folder, local or with a scheme
	Ingest   ingest.Options
	Lexicons []string // extra lexicon files, read at construction and shipped in the pipeline
	NoRedact bool
	// PseudonymKey, when set, pseudonymises speakers. It travels inside the
	// pipeline definition to the workers: keep the job graph private.
	PseudonymKey []byte
	Shards       int // files per sharded table (documents, mentions); 0 = 4
	Version      string
	Settings     map[string]any
}

// fileIn is one input file, with its place in the input order.
type fileIn struct {
	Index  int
	Path   string // where to open it: local path or a filesystem URL
	Rel    string // record.Source.File, as `jobminer run` names it
	Size   int64
	Remote bool
}

// rejectOut is a reject row with its place in the input order, so that
// rejects.parquet comes out in the order `jobminer run` writes it.
type rejectOut struct {
	File, Seq int // File -1: found while listing the inputs
	Row       output.RejectRow
}

// fileSum is what the manifest needs from reading one file.
type fileSum struct {
	Index     int
	Input     output.Input
	Redaction map[string]int64
}

// jobIDs maps raw job keys to final job ids (the side input of the mention rewrite).
type jobIDs struct{ M map[string]string }

// lexFile is a user lexicon file, shipped by value so workers need no copy.
type lexFile struct{ Name, Data string }

// Build constructs the pipeline for c: the same stages as `jobminer run`
// (pipeline.Run), by the same packages.
func Build(ctx context.Context, c Config) (*beam.Pipeline, error) {
	start := time.Now()
	shards := c.Shards
	if shards <= 0 {
		shards = 4
	}
	lexFiles, lex, err := loadLexicons(c.Lexicons)
	if err != nil {
		return nil, err
	}
	files, walkRejects, err := listInputs(ctx, c.Inputs)
	if err != nil {
		return nil, err
	}
	walked := make([]output.Input, len(files))
	for i, f := range files {
		walked[i] = output.Input{Path: f.Rel, Size: f.Size}
	}

	p, s := beam.NewPipelineWithRoot()
	rf := &readFn{Ingest: c.Ingest, Lexicons: lexFiles, NoRedact: c.NoRedact, PseudonymKey: c.PseudonymKey}
	// Reshuffle: each file may go to a different worker.
	in := beam.Reshuffle(s, beam.CreateList(s, files))
	outs := beam.ParDoN(s.Scope("read and analyse"), rf, in)
	docs, mentions, occs, rejects, sums := outs[0], outs[1], outs[2], outs[3], outs[4]
	if len(walkRejects) > 0 {
		rejects = beam.Flatten(s, rejects, beam.CreateList(s, walkRejects))
	}

	// The reduce: a combine per job key, then one merge and Finalize
	// (clustering compares keys with each other).
	agg := s.Scope("aggregate jobs")
	perKey := beam.DropKey(agg, beam.CombinePerKey(agg, &aggFn{}, occs))
	imp := beam.Impulse(s)
	ids, jobOuts := beam.ParDo2(agg, &finalizeFn{Out: c.Out, Version: c.Version}, imp, beam.SideInput{Input: perKey})

	ws := s.Scope("write")
	docShards := beam.GroupByKey(ws, beam.ParDo(ws, &docKeyFn{Shards: shards}, docs))
	docOuts := beam.ParDo(ws, &writeDocsFn{Out: c.Out, Version: c.Version, Shards: shards}, docShards)
	menShards := beam.GroupByKey(ws, beam.ParDo(ws, &mentionKeyFn{Shards: shards}, mentions, beam.SideInput{Input: ids}))
	menOuts := beam.ParDo(ws, &writeMentionsFn{Out: c.Out, Version: c.Version, Shards: shards}, menShards)
	rejOuts := beam.ParDo(ws, &writeRejectsFn{Out: c.Out, Version: c.Version}, imp, beam.SideInput{Input: rejects})

	m := output.Manifest{RunID: runID(start), Tool: "jobminer-beam", Version: c.Version, ExitStatus: "done",
		StartedAt: start, Lexicons: pipeline.LexiconHashes(lex), Options: c.Settings}
	mj, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	all := beam.Flatten(ws, jobOuts, docOuts, menOuts, rejOuts)
	beam.ParDo0(ws, &manifestFn{Out: c.Out, Version: c.Version, Shards: shards, Manifest: string(mj), NoRedact: c.NoRedact,
		Pseudonymise: len(c.PseudonymKey) > 0, Walked: walked}, imp, beam.SideInput{Input: all}, beam.SideInput{Input: sums})
	return p, nil
}

// loadLexicons reads the user's lexicon files (to ship them to the workers)
// and compiles them once here, so that a bad file fails before the run.
func loadLexicons(files []string) ([]lexFile, *lexicon.Compiled, error) {
	set, err := lexicon.Builtin()
	if err != nil {
		return nil, nil, fmt.Errorf("built-in lexicon: %w", err)
	}
	var out []lexFile
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, nil, err
		}
		if err := set.AddFile(f, data); err != nil {
			return nil, nil, err
		}
		out = append(out, lexFile{Name: f, Data: string(data)})
	}
	c, err := lexicon.Compile(set, text.NewAnalyzer())
	return out, c, err
}

// listInputs lists the input files in order: local roots exactly as
// `jobminer run` does (ingest.Walk), paths with a scheme through Beam's
// filesystems (a glob matches files; Rel is the path below the glob's
// folder, or the base name for a single file).
func listInputs(ctx context.Context, roots []string) ([]fileIn, []rejectOut, error) {
	var files []fileIn
	var rejects []rejectOut
	addLocal := func(rs []string) error {
		ins, rej, err := ingest.Walk(rs)
		if err != nil {
			return err
		}
		for _, r := range rej {
			rejects = append(rejects, rejectOut{File: -1, Seq: len(rejects), Row: rejectRow(r)})
		}
		for _, in := range ins {
			files = append(files, fileIn{Index: len(files), Path: in.Path, Rel: in.Rel, Size: in.Size})
		}
		return nil
	}
	remote := false
	for _, r := range roots {
		remote = remote || hasScheme(r)
	}
	if !remote {
		// All local: one Walk, so that a file named twice is listed once.
		return files, rejects, addLocal(roots)
	}
	for _, r := range roots {
		if !hasScheme(r) {
			if err := addLocal([]string{r}); err != nil {
				return nil, nil, err
			}
			continue
		}
		fs, err := filesystem.New(ctx, r)
		if err != nil {
			return nil, nil, err
		}
		names, err := fs.List(ctx, r)
		if err != nil {
			fs.Close()
			return nil, nil, fmt.Errorf("input %s: %w", r, err)
		}
		if len(names) == 0 {
			fs.Close()
			return nil, nil, fmt.Errorf("input %s: no such file", r)
		}
		sort.Strings(names)
		prefix := ""
		if i := strings.IndexAny(r, "*?["); i >= 0 {
			prefix = r[:strings.LastIndex(r[:i], "/")+1]
		}
		for _, n := range names {
			size, err := fs.Size(ctx, n)
			if err != nil {
				fs.Close()
				return nil, nil, fmt.Errorf("input %s: %w", n, err)
			}
			rel := path.Base(n)
			if prefix != "" && strings.HasPrefix(n, prefix) {
				rel = strings.TrimPrefix(n, prefix)
			}
			files = append(files, fileIn{Index: len(files), Path: n, Rel: rel, Size: size, Remote: true})
		}
		fs.Close()
	}
	return files, rejects, nil
}

// runID is pipeline.Run's run id format.
func runID(t time.Time) string {
	return fmt.Sprintf("%s-%04x", t.UTC().Format("20060102T150405Z"), uint16(t.UnixNano()>>10))
}

// Coders. The row types hold *string and *time.Time whose NULL and "" must
// survive, and maps that Beam's schema coder does not take, so they travel as
// JSON; the job aggregate travels as its own binary form. The coder functions
// are named, so that remote workers find them by symbol.
func init() {
	beam.RegisterCoder(reflect.TypeOf(fileIn{}), encFileIn, decFileIn)
	beam.RegisterCoder(reflect.TypeOf(rejectOut{}), encRejectOut, decRejectOut)
	beam.RegisterCoder(reflect.TypeOf(fileSum{}), encFileSum, decFileSum)
	beam.RegisterCoder(reflect.TypeOf(jobIDs{}), encJobIDs, decJobIDs)
	beam.RegisterCoder(reflect.TypeOf(output.DocumentRow{}), encDocRow, decDocRow)
	beam.RegisterCoder(reflect.TypeOf(output.MentionRow{}), encMentionRow, decMentionRow)
	beam.RegisterCoder(reflect.TypeOf(output.Output{}), encOutputDesc, decOutputDesc)
	beam.RegisterCoder(reflect.TypeOf(jobs.Occurrence{}), encOccurrence, decOccurrence)
	beam.RegisterCoder(reflect.TypeOf(aggAcc{}), encAggregate, decAggregate)
}

// aggAcc carries a job aggregate between stages (Beam's coders take a
// struct, not a pointer; the field is unexported because Beam rejects the
// aggregate's Canon func field in a type it would have to code itself).
type aggAcc struct{ a *jobs.Aggregate }

func encAggregate(a aggAcc) ([]byte, error) { return a.a.MarshalBinary() }
func decAggregate(b []byte) (aggAcc, error) {
	a := jobs.New()
	return aggAcc{a}, a.UnmarshalBinary(b)
}

func decJSON[T any](b []byte) (T, error) {
	var v T
	err := json.Unmarshal(b, &v)
	return v, err
}

func encFileIn(v fileIn) ([]byte, error)                { return json.Marshal(v) }
func decFileIn(b []byte) (fileIn, error)                { return decJSON[fileIn](b) }
func encRejectOut(v rejectOut) ([]byte, error)          { return json.Marshal(v) }
func decRejectOut(b []byte) (rejectOut, error)          { return decJSON[rejectOut](b) }
func encFileSum(v fileSum) ([]byte, error)              { return json.Marshal(v) }
func decFileSum(b []byte) (fileSum, error)              { return decJSON[fileSum](b) }
func encJobIDs(v jobIDs) ([]byte, error)                { return json.Marshal(v) }
func decJobIDs(b []byte) (jobIDs, error)                { return decJSON[jobIDs](b) }
func encDocRow(v output.DocumentRow) ([]byte, error)    { return json.Marshal(v) }
func decDocRow(b []byte) (output.DocumentRow, error)    { return decJSON[output.DocumentRow](b) }
func encMentionRow(v output.MentionRow) ([]byte, error) { return json.Marshal(v) }
func decMentionRow(b []byte) (output.MentionRow, error) { return decJSON[output.MentionRow](b) }
func encOutputDesc(v output.Output) ([]byte, error)     { return json.Marshal(v) }
func decOutputDesc(b []byte) (output.Output, error)     { return decJSON[output.Output](b) }
func encOccurrence(v jobs.Occurrence) ([]byte, error)   { return json.Marshal(v) }
func decOccurrence(b []byte) (jobs.Occurrence, error)   { return decJSON[jobs.Occurrence](b) }

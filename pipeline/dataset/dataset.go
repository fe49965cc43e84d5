// Package dataset runs jobminer incrementally over a dataset that grows run
// by run, for scheduled use (cron, Airflow): every night's export is read,
// only new or updated records are analysed, and the result is published as
// one table that BI tools and Spark read through a glob.
//
// Layout of OUT (a link to the current generation, see gen.go):
//
//	documents/run_date=2026-11-22/part-<run_id>.parquet
//	mentions/run_date=2026-11-22/part-<run_id>.parquet
//	rejects/run_date=2026-11-22/part-<run_id>.parquet
//	jobs.parquet                recomputed over all live mentions
//	outcomes.parquet            recomputed with jobs.parquet
//	runs/<run_id>.json          one manifest per committed run
//	_jobminer/state.json        what was processed (input hashes, record versions, parts)
//	_jobminer/parts/...json     per part: job occurrences and raw job keys
//
// A record is keyed by (source kind, record id), or (source kind, file, line)
// when it has no id; a newer updated time replaces the earlier version: its
// rows leave the partition that held them (which is rewritten) and the new
// version's rows are in this run's part. Job ids come from clustering over
// all data, so every run recomputes jobs.parquet from the occurrences of all
// live documents and rewrites the mentions parts whose job ids changed; the
// dataset is always what a single full run over the live records gives.
package dataset

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"jobminer/lexicon"
	"jobminer/pipeline"
	"jobminer/pipeline/ingest"
	"jobminer/pipeline/output"
	"jobminer/pipeline/record"
	"jobminer/pipeline/redact"
)

// Options configure an incremental run.
type Options struct {
	State    string   // state folder: lock, generations
	Out      string   // the dataset: a link to the current generation
	Inputs   []string // files and folders
	Ingest   ingest.Options
	Lexicon  *lexicon.Compiled
	Stages   pipeline.Stages
	Workers  int // 0 = GOMAXPROCS
	Version  string
	Log      *slog.Logger      // nil = discard
	Progress pipeline.Progress // nil = none
	Settings map[string]any    // effective options, recorded in the manifest
	Since    time.Time         // zero = all; else only records updated (or created) at or after it
	DryRun   io.Writer         // non-nil: list what would be processed there and change nothing
	Now      func() time.Time  // nil = time.Now; tests pin the clock for stable run ids
	// BatchDocs is how many documents a batch hands a worker (0 = 64);
	// JobBudget how many job occurrences an aggregate takes in before it
	// spills (0 = 100,000, as pipeline.Run). Tests make them small.
	BatchDocs int
	JobBudget int
	// Exclude lists globs of input files not to read (ingest.WalkOptions).
	Exclude []string
	// AllowEmpty lets a run find no input file; without it that is an
	// error and no run is committed.
	AllowEmpty bool
}

// Summary is what a run did.
type Summary struct {
	RunID     string
	Committed bool   // false: nothing new, or a dry run
	Stale     string // a dead run's lock that was taken over
	Manifest
}

// Run processes the inputs' new and updated records and commits a new
// generation of the dataset. Unchanged inputs do no work and commit nothing.
func Run(ctx context.Context, o Options) (Summary, error) {
	now := time.Now
	if o.Now != nil {
		now = o.Now
	}
	start := now()
	log := o.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	id := runID(start)
	sum := Summary{RunID: id}
	if o.State == "" || o.Out == "" {
		return sum, fmt.Errorf("dataset: state and out folders are required")
	}
	o.Out = filepath.Clean(o.Out)
	if o.Stages.Tally == nil {
		o.Stages.Tally = &redact.Tally{}
	}

	var lock *Lock
	if o.DryRun == nil {
		var err error
		if lock, err = lockDataset(o.State, o.Out, id); err != nil {
			return sum, err
		}
		defer lock.Release()
		sum.Stale = lock.Stale
		if lock.Stale != "" {
			log.Warn("took over the lock of a run that died", "holder", lock.Stale)
		}
		crash("locked")
	}
	if err := bindOut(o.State, o.Out, lock != nil); err != nil {
		return sum, err
	}
	cur, err := current(o.State, o.Out)
	if err != nil {
		return sum, err
	}
	if lock != nil {
		collect(o.State, o.Out, cur, previousOf(cur))
	}
	st, err := loadState(cur)
	if err != nil {
		return sum, err
	}

	// Read: which files are new, which records are new or newer.
	runDate := start.UTC().Format("2006-01-02")
	part := Part{Date: "run_date=" + runDate, Name: "part-" + id + ".parquet"}
	walked, err := ingest.WalkWith(o.Inputs, ingest.WalkOptions{Skip: []string{o.Out, o.State}, Exclude: o.Exclude})
	if err != nil {
		return sum, err
	}
	pipeline.LogWalked(log, walked)
	if err := pipeline.CheckWalked(o.Inputs, walked, o.Out, o.AllowEmpty); err != nil {
		return sum, err
	}
	inputs, walkRejects := walked.Inputs, walked.Rejects
	if o.Progress != nil {
		// Two passes over the new inputs (plan and analyse), one over the
		// unchanged ones.
		var total int64
		for _, in := range inputs {
			total += in.Size
		}
		o.Progress.Start(2 * total)
		defer o.Progress.Finish()
	}
	mem := newMemFit(log)
	defer mem.restore()
	mem.fit(st.Records.len())
	p, err := plan(ctx, o, st, part, inputs, walkRejects, mem.fit)
	if err != nil {
		return sum, err
	}
	m := &sum.Manifest
	*m = Manifest{RunID: id, Tool: "jobminer", Version: o.Version, Kind: "run", StartedAt: start,
		RunDate: runDate, Inputs: p.inputs, Duplicates: walked.Duplicates, Options: o.Settings,
		Lexicons: lexiconHashes(o.Lexicon)}
	if !o.Since.IsZero() {
		m.Since = o.Since.UTC().Format(time.RFC3339)
	}
	m.Counts = p.counts
	if o.DryRun != nil {
		p.print(o.DryRun)
		return sum, nil
	}
	if p.newFiles == 0 { // every input read before (rejects from walking the folders recur each run)
		log.Info("nothing new", "run_id", id, "inputs", len(p.inputs), "inputs_unchanged", m.Counts.InputsUnchanged,
			"rejects", m.Counts.Rejects, "duration_ms", now().Sub(start).Milliseconds())
		return sum, nil
	}

	if betweenPasses != nil {
		betweenPasses()
	}
	b, err := newBuilder(o.State, id, "jobminer "+o.Version)
	if err != nil {
		return sum, err
	}
	ok := false
	defer func() {
		if !ok {
			b.abort()
		}
	}()
	// Analyse the new versions, reading the new inputs again, on all cores.
	a, err := analyse(ctx, o, st, p, b)
	if a != nil {
		defer a.remove()
	}
	if err != nil {
		return sum, err
	}
	crash("analysed")
	if err := ctx.Err(); err != nil {
		return sum, err // interrupted (SIGTERM): commit nothing
	}

	// Build and commit the next generation.
	if err := build(b, cur, st, p, a, m, o.JobBudget); err != nil {
		return sum, err
	}
	m.Redaction = &output.Redaction{Enabled: !o.Stages.NoRedact, Pseudonymised: o.Stages.Pseudonymiser != nil, Counts: o.Stages.Tally.Counts().Map()}
	m.FinishedAt = now()
	m.DurationMS = m.FinishedAt.Sub(m.StartedAt).Milliseconds()
	m.ExitStatus = "done"
	mb, err := encodeJSON(m)
	if err != nil {
		return sum, err
	}
	crash("manifest")
	// The manifest is written last: a generation without its run's manifest
	// was never sealed, and is never switched to.
	if err := b.writeFile(filepath.Join(runsDir, id+".json"), mb); err != nil {
		return sum, err
	}
	if err := b.seal(); err != nil {
		return sum, err
	}
	ok = true
	if err := switchTo(o.Out, b.final); err != nil {
		return sum, err
	}
	sum.Committed = true
	collect(o.State, o.Out, b.final, cur)
	log.Info("run committed", "run_id", id, "inputs", len(p.inputs), "inputs_unchanged", m.Counts.InputsUnchanged,
		"documents_new", m.Counts.DocumentsNew, "documents_updated", m.Counts.DocumentsUpdated,
		"records_unchanged", m.Counts.RecordsUnchanged, "mentions_new", m.Counts.MentionsNew,
		"documents", m.Counts.Documents, "mentions", m.Counts.Mentions, "jobs", m.Counts.Jobs,
		"rejects", m.Counts.Rejects, "parts_rewritten", m.Counts.PartsRewritten,
		"duration_ms", m.DurationMS)
	return sum, nil
}

// betweenPasses, when set (by tests), runs between the two passes over the
// inputs.
var betweenPasses func()

// OutFile in the state folder names the one dataset the folder serves: two
// datasets sharing a state folder would remove each other's generations.
const OutFile = "out"

// It holds OUT's path relative to the state folder, so the pair can be
// moved together.
func bindOut(state, out string, write bool) error {
	absOut, err := filepath.Abs(out)
	if err != nil {
		return err
	}
	absState, err := filepath.Abs(state)
	if err != nil {
		return err
	}
	abs, err := filepath.Rel(absState, absOut)
	if err != nil {
		abs = absOut
	}
	b, err := os.ReadFile(filepath.Join(state, OutFile))
	switch {
	case err == nil:
		if got := strings.TrimSpace(string(b)); got != abs {
			return fmt.Errorf("state folder %s belongs to the dataset %s, not %s: give each dataset its own --state", state, filepath.Join(absState, got), absOut)
		}
		return nil
	case !os.IsNotExist(err):
		return err
	case !write:
		return nil
	}
	if err := output.WriteFileSync(filepath.Join(state, OutFile), []byte(abs+"\n")); err != nil {
		return err
	}
	return output.SyncDir(state)
}

// previousOf is the generation before gen, from its manifests: the newest
// other generation directory still present.
func previousOf(gen string) string {
	if gen == "" {
		return ""
	}
	ents, _ := os.ReadDir(filepath.Dir(gen))
	prev := ""
	for _, e := range ents {
		n := e.Name()
		if strings.HasPrefix(n, genPrefix) && n < filepath.Base(gen) && n > prev {
			prev = n
		}
	}
	if prev == "" {
		return ""
	}
	return filepath.Join(filepath.Dir(gen), prev)
}

// RecordKey names a record across exports: source kind and record id, or
// source kind, file and line for a record without an id.
func RecordKey(d *record.Document) string {
	if d.Source.RecordID != "" {
		return d.Format + "#" + d.Source.RecordID
	}
	return d.Format + "@" + d.Source.File + ":" + strconv.Itoa(d.Source.Line)
}

// DocID is a document's id in the dataset. A record with an id keeps its
// doc_id across exports and updates (ticket 77 is one document however many
// files it appears in); without an id it is the one-off run's id (file, line).
func DocID(d *record.Document) string {
	if d.Source.RecordID == "" {
		return pipeline.DocID(d.Source)
	}
	sum := sha256.Sum256([]byte("doc\x00" + d.Format + "\x00" + d.Source.RecordID))
	return hex.EncodeToString(sum[:8])
}

// recordTime is what --since compares: the updated time, else the created time.
func recordTime(d *record.Document) time.Time {
	if !d.UpdatedAt.IsZero() {
		return d.UpdatedAt
	}
	return d.CreatedAt
}

func hashFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func lexiconHashes(c *lexicon.Compiled) map[string]string {
	out := map[string]string{}
	if c == nil {
		return out
	}
	for _, f := range c.Files {
		out[f.Name] = f.SHA256
	}
	return out
}

// runID sorts by time: generation and part names sort in run order.
func runID(t time.Time) string {
	return fmt.Sprintf("%s-%04x", t.UTC().Format("20060102T150405Z"), uint16(t.UnixNano()>>10))
}

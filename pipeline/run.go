// Package pipeline runs jobminer end to end.
//
// The high-level sketch: Walk finds the input files; a reader goroutine reads
// them in order (pipeline/ingest) and hands documents, in batches with
// sequence numbers, to a pool of workers. Each worker runs the per-record
// stages (Process: text, tag, extract), turns the document into output rows
// and adds its jobs to its own partial aggregate (pipeline/jobs). A single
// collector puts the batches back in input order and streams the rows out, so
// the output does not depend on the number of workers. When the input is
// exhausted the partial aggregates are merged and finalised into job
// candidates; the mentions, spilled with their raw job keys, are then
// rewritten with the final job ids, and everything is committed atomically
// (pipeline/output).
//
// Memory is bounded by the batches in flight and the job aggregate, which
// holds per-job counts and id sets, never mentions.
package pipeline

import (
	"context"
	"fmt"
	"log/slog"
	"runtime"
	"sync"
	"time"

	"jobminer/lexicon"
	"jobminer/pipeline/ingest"
	"jobminer/pipeline/jobs"
	"jobminer/pipeline/output"
	"jobminer/pipeline/record"
	"jobminer/pipeline/text"
)

// Options configure a run.
type Options struct {
	Inputs    []string          // files and folders
	Out       string            // output folder
	Ingest    ingest.Options    // reader settings
	Lexicon   *lexicon.Compiled // compiled lexicons
	Workers   int               // 0 = GOMAXPROCS
	Version   string            // tool version for the manifest and Parquet metadata
	Log       *slog.Logger      // nil = discard
	Progress  Progress          // nil = none
	Settings  map[string]any    // effective options, recorded in run.json
	BatchDocs int               // documents per batch handed to a worker; 0 = 64
	Stages    Stages            // redaction and pseudonyms; the zero value redacts
	JobBudget int               // job occurrences a worker aggregates in memory before it spills; 0 = defaultJobBudget
	Survey    *Survey           // --survey ratings; nil = text scores only
	Exclude   []string          // globs of input files not to read (ingest.WalkOptions)
	// AllowEmpty lets a run with no input file replace Out with empty
	// tables; without it that is an error and Out is left as it was.
	AllowEmpty bool
}

// Progress hears about the work done; implementations must be cheap.
type Progress interface {
	Start(totalBytes int64)
	Advance(bytes int64, docs int)
	Finish()
}

// Summary is what a run did.
type Summary struct {
	RunID      string
	Inputs     int
	Documents  int64
	Utterances int64
	Evidence   Evidence // the customer and unknown speech among them
	Mentions   int64
	Jobs       int64
	Rejects    int64
	Top        []jobs.Candidate // the first few candidates, for the terminal
}

// batch is a unit of work: documents and rejects in input order.
type batch struct {
	seq     int
	docs    []*record.Document
	rejects []record.Reject
	bytes   int64 // input bytes finished with this batch (for progress)
	// textBytes is the utterance text held by docs; a batch is sent when it
	// reaches batchBytes, so memory is bounded by bytes, not only by count.
	textBytes int

	// filled by the worker
	docRows     []output.DocumentRow
	mentionRows []output.MentionRow // those not yet in the spill
	utterances  int64
	evidence    Evidence
	err         error // from writing rows to the spill early
}

// turns tells a worker when every batch before its own is in the spill,
// so that it may write its batch's first mention rows there itself: the
// collector is then waiting for that very batch, so the spill is free.
type turns struct {
	mu     sync.Mutex
	c      sync.Cond
	next   int  // every batch before it is collected
	failed bool // the collector stopped writing
}

func newTurns() *turns {
	t := &turns{}
	t.c.L = &t.mu
	return t
}

// wait blocks until the batches before seq are collected; it reports
// false when the collector stopped writing.
func (t *turns) wait(seq int) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	for t.next < seq && !t.failed {
		t.c.Wait()
	}
	return !t.failed
}

// done records that batch seq is collected, or that writing failed.
func (t *turns) done(seq int, failed bool) {
	t.mu.Lock()
	t.next, t.failed = seq+1, t.failed || failed
	t.mu.Unlock()
	t.c.Broadcast()
}

// Run reads the inputs, analyses every document and writes the outputs.
// It returns an error only for failures that stop the run (unreadable
// output folder, lexicon, I/O on the output); bad input records are rejects.
func Run(ctx context.Context, o Options) (Summary, error) {
	start := time.Now()
	log := o.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	workers := o.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	batchDocs := o.BatchDocs
	if batchDocs <= 0 {
		batchDocs = 64
	}
	sum := Summary{RunID: runID(start)}
	o.Stages = o.Stages.counted()

	if err := RefuseDataset(o.Out); err != nil {
		return sum, err
	}
	walked, err := ingest.WalkWith(o.Inputs, ingest.WalkOptions{Skip: []string{o.Out}, Exclude: o.Exclude})
	if err != nil {
		return sum, err
	}
	LogWalked(log, walked)
	if err := CheckWalked(o.Inputs, walked, o.Out, o.AllowEmpty); err != nil {
		return sum, err
	}
	inputs, walkRejects := walked.Inputs, walked.Rejects
	sum.Inputs = len(inputs)
	w, err := output.Create(o.Out, output.Options{CreatedBy: "jobminer " + o.Version})
	if err != nil {
		return sum, err
	}
	if o.Ingest.TempDir == "" {
		o.Ingest.TempDir = w.TempDir() // large archives spool inside --out
	}
	ok := false
	defer func() {
		if !ok {
			w.Abort()
		}
	}()
	spill, err := newSpill(w.TempDir())
	if err != nil {
		return sum, err
	}
	defer spill.remove()

	if o.Progress != nil {
		var total int64
		for _, in := range inputs {
			total += in.Size
		}
		o.Progress.Start(total)
		defer o.Progress.Finish()
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	todo := make(chan *batch, workers*2)
	done := make(chan *batch, workers*2)
	// Row slices of written batches, for the workers to fill again: grown
	// from nil for every batch they were a sixth of all bytes allocated.
	free := make(chan rowBufs, workers*4)
	// At most this many batches are between the reader and the collector, so
	// memory stays bounded even when one slow batch holds up the order.
	inflight := make(chan struct{}, workers*4)

	// Reader: files in order, records in order.
	manifestInputs := make([]output.Input, 0, len(inputs))
	var readErr error
	go func() {
		defer close(todo)
		seq := 0
		cur := &batch{rejects: walkRejects}
		send := func() bool {
			cur.seq, seq = seq, seq+1
			ok := Send(ctx, inflight, todo, cur)
			cur = &batch{}
			return ok
		}
		for _, in := range inputs {
			st, err := ingest.Read(in, o.Ingest, func(it ingest.Item) {
				if it.Reject != nil {
					cur.rejects = append(cur.rejects, *it.Reject)
					return
				}
				cur.docs = append(cur.docs, it.Doc)
				cur.textBytes += textBytes(it.Doc)
				if len(cur.docs) >= batchDocs || cur.textBytes >= batchBytes {
					send()
				}
			})
			if err != nil {
				cur.rejects = append(cur.rejects, record.Reject{Source: record.Source{File: in.Rel}, Reason: err.Error()})
			}
			manifestInputs = append(manifestInputs, output.Input{Path: in.Rel, Size: in.Size, SHA256: st.SHA256, Format: st.Format})
			cur.bytes += in.Size
			if ctx.Err() != nil {
				readErr = ctx.Err()
				return
			}
		}
		send()
	}()

	// Workers: the per-record stages, each with its own analyzer and
	// aggregate. A worker whose aggregate has taken in jobBudget occurrences
	// moves it to its spill (pipeline/jobs spill.go), so the aggregation's
	// memory is bounded whatever the input.
	aggs := make([]*jobs.Aggregate, workers)
	spills := make([]*jobs.Spill, workers)
	spillErrs := make([]error, workers)
	budget := o.JobBudget
	if budget <= 0 {
		budget = defaultJobBudget
	}
	order := newTurns()
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		aggs[i] = jobs.New()
		wg.Add(1)
		go func(i int, agg *jobs.Aggregate) {
			defer wg.Done()
			a := text.NewAnalyzer()
			taken := 0
			for b := range todo {
				select {
				case r := <-free:
					b.docRows, b.mentionRows = r.docs, r.mentions
				default:
				}
				add := func(oc jobs.Occurrence) { agg.Add(oc); taken++ }
				// A batch's rows past FlushRows go to the spill as soon
				// as every batch before it is written there.
				flush := func(ms []output.MentionRow) []output.MentionRow {
					if b.err == nil && order.wait(b.seq) {
						b.err = spill.write(ms)
					}
					return ms[:0]
				}
				for _, d := range b.docs {
					var dr output.DocumentRow
					dr, b.mentionRows = ProcessRows(d, a, o.Lexicon, o.Stages, b.mentionRows, add, flush)
					b.utterances += int64(len(d.Utterances))
					b.evidence.add(d)
					b.docRows = append(b.docRows, dr)
				}
				b.docs = nil // the rows are all that is needed now
				if taken >= budget && spillErrs[i] == nil {
					if spills[i] == nil {
						spills[i], spillErrs[i] = jobs.NewSpill(w.TempDir(), fmt.Sprintf("jobs-w%d", i), jobSpillParts)
					}
					if spillErrs[i] == nil {
						spillErrs[i] = spills[i].Write(agg)
					}
					if spillErrs[i] != nil {
						cancel()
					}
					taken = 0
				}
				done <- b
			}
		}(i, aggs[i])
	}
	go func() { wg.Wait(); close(done) }()

	// Collector: back in input order, out to the files.
	var writeErr error
	InOrder(done, func(b *batch) int { return b.seq }, func(b *batch) {
		<-inflight
		defer func() { order.done(b.seq, writeErr != nil) }()
		if writeErr != nil {
			return // drain
		}
		writeErr = collect(w, spill, b, &sum)
		if writeErr != nil {
			cancel()
		}
		if o.Progress != nil {
			o.Progress.Advance(b.bytes, len(b.docRows))
		}
		recycle(free, b)
	})
	for _, err := range spillErrs {
		if err != nil {
			return sum, err
		}
	}
	if writeErr != nil {
		return sum, writeErr
	}
	if readErr != nil {
		return sum, readErr
	}

	// The reduce: merge the workers' partial aggregates, cluster and score;
	// from the spills when a worker spilled, which gives the same jobs.
	var cands []jobs.Candidate
	var ids map[string]string
	var spilled []*jobs.Spill
	for _, s := range spills {
		if s != nil {
			spilled = append(spilled, s)
		}
	}
	if len(spilled) > 0 {
		if cands, ids, err = jobs.FinalizeSpilled(w.TempDir(), spilled, aggs, Canon); err != nil {
			return sum, err
		}
	} else {
		agg := aggs[0]
		for _, a := range aggs[1:] {
			agg.Merge(a)
		}
		agg.Canon = Canon
		cands, ids = agg.Finalize()
	}
	jobRows, outRows := JobRows(cands), OutcomeRows(cands)
	if o.Survey != nil {
		rej := o.Survey.Apply(jobRows, outRows)
		if len(rej) > 0 {
			log.Warn("survey rows not used", "file", o.Survey.File, "rows", len(rej), "first", rej[0].Reason)
			if err := w.WriteRejects(rej); err != nil {
				return sum, err
			}
			sum.Rejects += int64(len(rej))
		}
	}
	if err := w.WriteJobs(jobRows); err != nil {
		return sum, err
	}
	if err := w.WriteOutcomes(outRows); err != nil {
		return sum, err
	}
	n, err := replay(spill, ids, w.MentionGroupRows(), w.EncodeMentionGroup, w.WriteMentionGroup)
	if err != nil {
		return sum, err
	}
	sum.Mentions = n
	sum.Jobs = int64(len(cands))
	if len(cands) > 10 {
		cands = cands[:10]
	}
	sum.Top = cands

	m := output.Manifest{
		RunID: sum.RunID, Tool: "jobminer", Version: o.Version, ExitStatus: "done",
		StartedAt: start, FinishedAt: time.Now(),
		Lexicons: lexiconHashes(o.Lexicon), Inputs: manifestInputs, Options: o.Settings,
		Redaction: o.Stages.manifest(), Excluded: walked.Excluded,
		Duplicates: manifestDuplicates(walked.Duplicates),
		Speech: &output.Speech{Utterances: sum.Utterances, EvidenceUtterances: sum.Evidence.Utterances,
			EvidenceTextBytes: sum.Evidence.TextBytes},
	}
	if err := w.Commit(m); err != nil {
		return sum, err
	}
	ok = true
	log.Info("run finished", "run_id", sum.RunID, "inputs", sum.Inputs, "documents", sum.Documents,
		"utterances", sum.Utterances, "mentions", sum.Mentions, "jobs", sum.Jobs, "rejects", sum.Rejects,
		"duration_ms", time.Since(start).Milliseconds())
	return sum, nil
}

// defaultJobBudget bounds a worker's in-memory job aggregate: about 20 MB of
// partials on the bench corpus (one spill per 50 MB of input or so), while
// runs up to some 50 MB of input never touch the disk.
const defaultJobBudget = 100_000

// jobSpillParts is how many partitions a spill has: the final merge holds
// about 1/jobSpillParts of the aggregate at a time.
const jobSpillParts = 16

// batchBytes caps the utterance text in one batch: with at most four batches
// per worker in flight, 64 large records cannot pile up gigabytes.
const batchBytes = 4 << 20

// Evidence counts the speech that is tagged: utterances of customers and
// unknown speakers, and their text bytes after normalising.
type Evidence struct {
	Utterances int64
	TextBytes  int64
}

func (e *Evidence) add(d *record.Document) {
	for i := range d.Utterances {
		if u := &d.Utterances[i]; u.Role.Evidence() {
			e.Utterances++
			e.TextBytes += int64(len(u.Text))
		}
	}
}

func textBytes(d *record.Document) int {
	n := 0
	for i := range d.Utterances {
		n += len(d.Utterances[i].Text)
	}
	return n
}

// rowBufs are the emptied row slices of a written batch.
type rowBufs struct {
	docs     []output.DocumentRow
	mentions []output.MentionRow
}

// maxRecycledRows bounds the slices kept for reuse: a batch that flushed
// FlushRows rows to the spill leaves a slice of some 5 MB, which is let go.
const maxRecycledRows = 4096

// recycle offers b's row slices, written out by collect (the writer and
// the spill copy what they keep), to the next batches, cleared so that they
// hold no text.
func recycle(free chan rowBufs, b *batch) {
	if cap(b.mentionRows) > maxRecycledRows || cap(b.docRows) > maxRecycledRows {
		return
	}
	clear(b.docRows)
	clear(b.mentionRows)
	select {
	case free <- rowBufs{docs: b.docRows[:0], mentions: b.mentionRows[:0]}:
	default:
	}
	b.docRows, b.mentionRows = nil, nil
}

func collect(w *output.Writer, sp *spill, b *batch, sum *Summary) error {
	if b.err != nil {
		return b.err
	}
	if len(b.rejects) > 0 {
		rows := make([]output.RejectRow, len(b.rejects))
		for i, r := range b.rejects {
			rows[i] = output.RejectRow{Source: r.Source.File, Line: int64(r.Source.Line), RecordID: r.Source.RecordID, Reason: r.Reason}
		}
		if err := w.WriteRejects(rows); err != nil {
			return err
		}
		sum.Rejects += int64(len(rows))
	}
	if len(b.docRows) > 0 {
		if err := w.WriteDocuments(b.docRows); err != nil {
			return err
		}
		sum.Documents += int64(len(b.docRows))
	}
	sum.Utterances += b.utterances
	sum.Evidence.Utterances += b.evidence.Utterances
	sum.Evidence.TextBytes += b.evidence.TextBytes
	return sp.write(b.mentionRows)
}

func lexiconHashes(c *lexicon.Compiled) map[string]string {
	out := map[string]string{}
	if c == nil {
		return out
	}
	for _, f := range c.Files {
		out[f.Name] = f.SHA256
	}
	for name, sum := range jtbdHashes() {
		out[name] = sum
	}
	return out
}

func runID(t time.Time) string {
	return fmt.Sprintf("%s-%04x", t.UTC().Format("20060102T150405Z"), uint16(t.UnixNano()>>10))
}

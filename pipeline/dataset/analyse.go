package dataset

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"jobminer/pipeline"
	"jobminer/pipeline/ingest"
	"jobminer/pipeline/jobs"
	"jobminer/pipeline/output"
	"jobminer/pipeline/record"
	"jobminer/pipeline/spillcodec"
	"jobminer/pipeline/text"
)

// analysis is the second pass's outcome: the analysed documents on disk,
// the job aggregates of the workers, and this run's part's tables, with the
// rejects written.
type analysis struct {
	spill *recSpill
	aggs  []*jobAgg
	out   *stream
}

func (a *analysis) remove() {
	if a.spill != nil {
		a.spill.remove()
	}
	a.out.abort() // no-op after commit
}

// batch is a unit of the second pass's work, as in pipeline.Run.
type batch struct {
	seq       int
	docs      []*record.Document
	slots     []int32
	rejects   []record.Reject
	bytes     int64
	textBytes int
	ndocs     int

	recs []byte // filled by the worker: the documents' records, back to back
	offs []int
}

// Defaults of Options.BatchDocs and Options.JobBudget, as pipeline.Run's.
const (
	defaultBatchDocs = 64
	batchBytes       = 4 << 20
	defaultJobBudget = 100_000
	jobSpillParts    = 16
)

// analyse reads the inputs p reads again, checks that each has the bytes
// plan read, and runs the per-record stages on the documents plan chose, on
// a pool of workers. A collector puts the batches back in input order and
// writes the records to the spill and the rejects to this run's part, so
// nothing depends on the number of workers.
func analyse(ctx context.Context, o Options, st *State, p *planned, b *builder) (*analysis, error) {
	workers := o.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	batchDocs := o.BatchDocs
	if batchDocs <= 0 {
		batchDocs = defaultBatchDocs
	}
	scratch := filepath.Join(b.tmp, "_scratch", "run")
	out, err := b.open()
	if err != nil {
		return nil, err
	}
	a := &analysis{out: out}
	if err := os.MkdirAll(scratch, 0o755); err != nil {
		return a, err
	}
	spill, err := newRecSpill(filepath.Join(scratch, "records.spill"), len(p.slots), workers)
	if err != nil {
		return a, err
	}
	a.spill = spill

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	todo := make(chan *batch, workers*2)
	done := make(chan *batch, workers*2)
	inflight := make(chan struct{}, workers*4)

	// Reader: the inputs in order; of each, the chosen documents.
	var readErr error
	partID := p.part.ID()
	go func() {
		defer close(todo)
		seq, next := 0, 0 // next: index into p.order
		cur := &batch{rejects: p.rejects}
		send := func() bool {
			cur.seq, seq = seq, seq+1
			ok := pipeline.Send(ctx, inflight, todo, cur)
			cur = &batch{}
			return ok
		}
		for fi, rd := range p.reads {
			if rd.reject != nil {
				cur.rejects = append(cur.rejects, *rd.reject)
			}
			if !rd.read {
				continue
			}
			var n int32
			var bad error
			stats, err := ingest.Read(rd.in, o.Ingest, func(it ingest.Item) {
				if ctx.Err() != nil {
					return // stopping: nothing more is sent
				}
				if it.Reject != nil {
					cur.rejects = append(cur.rejects, *it.Reject)
					return
				}
				at := where{int32(fi), n}
				n++
				if next >= len(p.order) || p.slots[p.order[next]] != at || bad != nil {
					return
				}
				slot := p.order[next]
				next++
				d := it.Doc
				if rv, ok := st.Records.get(RecordKey(d)); !ok || rv.Part != partID {
					bad = fmt.Errorf("%s changed while the run read it (document %d is another record now); nothing was committed, run again", rd.in.Rel, at.doc+1)
					return
				}
				cur.docs = append(cur.docs, d)
				cur.slots = append(cur.slots, slot)
				cur.textBytes += textBytes(d)
				if len(cur.docs) >= batchDocs || cur.textBytes >= batchBytes {
					send()
				}
			})
			if err != nil {
				cur.rejects = append(cur.rejects, record.Reject{Source: record.Source{File: rd.in.Rel}, Reason: err.Error()})
			}
			if bad == nil && stats.SHA256 != rd.sha {
				bad = fmt.Errorf("%s changed while the run read it (its SHA-256 is not what the first pass read); nothing was committed, run again", rd.in.Rel)
			}
			cur.bytes += rd.in.Size
			if bad != nil {
				readErr = bad
				cancel()
				return
			}
			if ctx.Err() != nil {
				readErr = ctx.Err()
				return
			}
		}
		if next != len(p.order) {
			readErr = fmt.Errorf("the inputs changed while the run read them: %d chosen documents not found again; nothing was committed, run again", len(p.order)-next)
			cancel()
			return
		}
		send()
	}()

	// Workers: the per-record stages, each with its own analyzer and
	// budgeted job aggregate.
	budget := o.JobBudget
	if budget <= 0 {
		budget = defaultJobBudget
	}
	a.aggs = make([]*jobAgg, workers)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for i := range workers {
		ja := newJobAgg(scratch, fmt.Sprintf("jobs-w%d", i), budget)
		a.aggs[i] = ja
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := &worker{i: i, an: text.NewAnalyzer(), se: newJSONEncoder(), ja: ja, spill: spill}
			w.sx.se = w.se
			for bt := range todo {
				if errs[i] == nil {
					errs[i] = w.work(bt, o) // ProcessRows recycles w.an after each utterance
					if errs[i] != nil {
						cancel()
					}
				}
				done <- bt
			}
		}()
	}
	go func() { wg.Wait(); close(done) }()

	// Collector: back in input order.
	var writeErr error
	pipeline.InOrder(done, func(bt *batch) int { return bt.seq }, func(bt *batch) {
		<-inflight
		if writeErr != nil {
			return // drain
		}
		for _, r := range bt.rejects {
			if writeErr = out.rejects.add(output.RejectRow{Source: r.Source.File, Line: int64(r.Source.Line), RecordID: r.Source.RecordID, Reason: r.Reason}); writeErr != nil {
				break
			}
		}
		if writeErr == nil {
			writeErr = spill.put(bt.recs, bt.offs, bt.slots)
		}
		if writeErr != nil {
			cancel()
		}
		if o.Progress != nil {
			o.Progress.Advance(bt.bytes, bt.ndocs)
		}
	})
	for _, err := range errs {
		if err != nil {
			return a, err
		}
	}
	if writeErr != nil {
		return a, writeErr
	}
	if readErr != nil {
		return a, readErr
	}
	return a, ctx.Err()
}

// worker is what one worker of the second pass keeps between batches.
type worker struct {
	i     int
	an    *text.Analyzer
	se    *jsonEncoder
	enc   spillcodec.Encoder
	ja    *jobAgg
	spill *recSpill
	sx    sideStream // a huge record's sidecar entry
}

// work analyses one batch: rows, occurrences into the worker's aggregate,
// and each document's record for the spill.
func (w *worker) work(bt *batch, o Options) error {
	for i, d := range bt.docs {
		key := RecordKey(d)
		d.ID = DocID(d) // kept by ProcessRows
		// One utterance at a time: a huge record's tokens are never all
		// held, nor its rows (huge: flushed to the worker's overflow file).
		var occ []jobs.Occurrence
		var ov *overflow
		var x extent
		var rows int
		var err error
		// chunk writes the rows and occurrences so far as the next chunk.
		chunk := func(ms []output.MentionRow) error {
			if ov == nil {
				if ov, err = w.spill.overflow(w.i); err != nil {
					return err
				}
				x = extent{w: w.i, off: ov.pos}
				if err := w.sx.start(d.ID, key); err != nil {
					return err
				}
			}
			for j := range occ {
				if err := w.sx.occ(&occ[j]); err != nil {
					return err
				}
			}
			clear(occ)
			occ = occ[:0]
			w.sx.rows(ms)
			rows += len(ms)
			x.n++
			return ov.put(ms, w.sx.take())
		}
		flush := func(ms []output.MentionRow) []output.MentionRow {
			if !spillHuge || err != nil {
				return ms
			}
			if err = chunk(ms); err != nil {
				return ms
			}
			clear(ms)
			return ms[:0]
		}
		dr, ms := pipeline.ProcessRows(d, w.an, o.Lexicon, o.Stages, nil, func(oc jobs.Occurrence) {
			w.ja.add(oc)
			occ = append(occ, oc)
		}, flush)
		if err != nil {
			return err
		}
		bt.offs = append(bt.offs, len(bt.recs))
		if ov != nil {
			if dr.DocID != d.ID {
				return fmt.Errorf("record %s: document id %s, not %s", key, dr.DocID, d.ID)
			}
			if err := chunk(ms); err != nil {
				return err
			}
			err := w.sx.end(rows, func(b []byte) error {
				x.n++
				return ov.put(nil, b)
			})
			if err != nil {
				return err
			}
			bt.recs = appendRecord(bt.recs, &w.enc, key, &dr, nil, nil, &x)
		} else {
			sd := SideDoc{DocID: dr.DocID, Record: key, Occurrences: occ, Mentions: len(ms), JobKeys: map[string]string{}}
			for _, mr := range ms {
				if mr.JobID != nil {
					sd.JobKeys[mr.MentionID] = *mr.JobID
				}
			}
			side, err := w.se.encode(&sd)
			if err != nil {
				return err
			}
			bt.recs = appendRecord(bt.recs, &w.enc, key, &dr, ms, side, nil)
		}
		bt.docs[i] = nil // the record is all that is needed now
	}
	bt.ndocs = len(bt.docs)
	bt.docs = nil
	return w.ja.check()
}

func textBytes(d *record.Document) int {
	n := 0
	for i := range d.Utterances {
		n += len(d.Utterances[i].Text)
	}
	return n
}

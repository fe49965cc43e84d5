package dataset

import (
	"context"
	"fmt"
	"io"
	"os"
	"sort"

	"jobminer/pipeline/ingest"
	"jobminer/pipeline/record"
)

// The run reads its inputs twice. plan (the first pass) decides which
// version of which record to analyse and keeps only where it is: the input
// and the document's number in it. analyse (the second pass) reads the new
// inputs again and analyses those documents. Memory holds the dataset's
// index (State.Records, one entry per live record, which plan fills for
// this run's records as it goes) and 12 bytes per chosen document, never
// documents.

// planned is the reading phase's outcome.
type planned struct {
	inputs   []ManifestInput
	reads    []inputRead // per input: what the second pass does with it
	newFiles int
	part     Part            // this run's part
	slots    []where         // the versions to analyse, in part order (a record's first appearance)
	order    []int32         // slots sorted by where they are in the inputs
	replaced map[string]bool // part id + "\x00" + doc id of superseded rows
	rejects  []record.Reject // Walk's rejects; with DryRun, all of them
	dry      io.Writer
	counts   Counts
}

// inputRead is one input of the first pass: the second reads it again when
// read is set and checks that it reads the same bytes (sha is what ingest
// hashed); reject is the reject the first pass gave it instead.
type inputRead struct {
	in     ingest.Input
	read   bool
	sha    string
	reject *record.Reject
}

// where is a document in the inputs: input index, and its number among the
// input's documents (rejects not counted).
type where struct{ in, doc int32 }

func (p *planned) say(format string, args ...any) {
	if p.dry != nil {
		fmt.Fprintf(p.dry, format+"\n", args...)
	}
}

func (p *planned) reject(r record.Reject) {
	p.counts.Rejects++
	if p.dry != nil {
		p.rejects = append(p.rejects, r)
	}
}

// plan reads the inputs once. For each new or newer record it puts the
// version this run will write into st.Records (st is this run's to change:
// it becomes the next generation's state).
// fit hears the size of the record index as it grows (memFit.fit).
func plan(ctx context.Context, o Options, st *State, part Part, inputs []ingest.Input, walkRejects []record.Reject, fit func(records int)) (*planned, error) {
	p := &planned{part: part, rejects: walkRejects, replaced: map[string]bool{}, dry: o.DryRun}
	p.counts.Rejects = int64(len(walkRejects))
	partID := part.ID()
	pick := map[uint32]int32{} // record's entry number in st.Records -> slot
	for fi, in := range inputs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		mi := ManifestInput{Path: in.Rel, Size: in.Size}
		rd := inputRead{in: in}
		if fs, err := os.Stat(in.Path); err == nil && fs.Mode().IsRegular() {
			if mi.SHA256, err = hashFile(in.Path); err != nil {
				r := record.Reject{Source: record.Source{File: in.Rel}, Reason: err.Error()}
				p.reject(r)
				rd.reject = &r
				p.inputs, p.reads = append(p.inputs, mi), append(p.reads, rd)
				continue
			}
			if seen, ok := st.Files[mi.SHA256]; ok {
				mi.Unchanged = true
				p.counts.InputsUnchanged++
				p.inputs, p.reads = append(p.inputs, mi), append(p.reads, rd)
				p.say("skip   %s: unchanged since run %s", in.Rel, seen.RunID)
				if o.Progress != nil {
					o.Progress.Advance(2*in.Size, 0)
				}
				continue
			}
		}
		p.newFiles++
		p.say("read   %s", in.Rel)
		crash("read")
		var n int32 // documents of this input so far
		stats, err := ingest.Read(in, o.Ingest, func(it ingest.Item) {
			if it.Reject != nil {
				p.reject(*it.Reject)
				return
			}
			d := it.Doc
			at := where{int32(fi), n}
			n++
			key := RecordKey(d)
			if !o.Since.IsZero() {
				if t := recordTime(d); !t.IsZero() && t.Before(o.Since) {
					p.counts.RecordsBeforeSince++
					p.say("  before --since %s", key)
					return
				}
			}
			e, ok := st.Records.find(key)
			var old RecordVer
			var i int32
			twice := false
			if ok {
				old = st.Records.at(e)
				i, twice = pick[uint32(e)]
			}
			if twice { // twice in this run: the newer wins, the first on a tie
				if !d.UpdatedAt.After(old.Updated) {
					p.counts.RecordsUnchanged++
					return
				}
				p.slots[i] = at
				old.Updated, old.DocID = d.UpdatedAt, DocID(d)
				st.Records.put(key, old)
				p.say("  newer in this run %s", key)
				return
			}
			if ok {
				if !d.UpdatedAt.After(old.Updated) {
					p.counts.RecordsUnchanged++
					p.say("  unchanged %s", key)
					return
				}
				p.replaced[old.Part+"\x00"+old.DocID] = true
				p.counts.DocumentsUpdated++
				p.say("  update %s", key)
			} else {
				p.counts.DocumentsNew++
				p.say("  new    %s", key)
			}
			e = st.Records.put(key, RecordVer{Updated: d.UpdatedAt, DocID: DocID(d), Part: partID})
			pick[uint32(e)] = int32(len(p.slots))
			p.slots = append(p.slots, at)
			if st.Records.len()%(1<<16) == 0 {
				fit(st.Records.len())
			}
		})
		if err != nil {
			p.reject(record.Reject{Source: record.Source{File: in.Rel}, Reason: err.Error()})
		}
		mi.Format = stats.Format
		if mi.SHA256 == "" {
			mi.SHA256 = stats.SHA256
		}
		rd.read, rd.sha = true, stats.SHA256
		p.inputs, p.reads = append(p.inputs, mi), append(p.reads, rd)
		if o.Progress != nil {
			o.Progress.Advance(in.Size, 0)
		}
	}
	p.order = make([]int32, len(p.slots))
	for i := range p.order {
		p.order[i] = int32(i)
	}
	sort.Slice(p.order, func(i, j int) bool {
		a, b := p.slots[p.order[i]], p.slots[p.order[j]]
		return a.in < b.in || a.in == b.in && a.doc < b.doc
	})
	return p, nil
}

// print ends the dry run's listing, whose lines plan printed as it went.
func (p *planned) print(w io.Writer) {
	for _, r := range p.rejects {
		fmt.Fprintln(w, "  reject "+r.String())
	}
	c := p.counts
	fmt.Fprintf(w, "would process %d new and %d updated records from %d inputs (%d unchanged inputs, %d unchanged records, %d before --since, %d rejects)\n",
		c.DocumentsNew, c.DocumentsUpdated, len(p.inputs)-int(c.InputsUnchanged), c.InputsUnchanged, c.RecordsUnchanged, c.RecordsBeforeSince, c.Rejects)
}

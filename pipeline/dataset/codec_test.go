package dataset

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"jobminer/pipeline/jobs"
	"jobminer/pipeline/output"
	"jobminer/pipeline/spillcodec"
)

// fill sets every field of the struct v points to to a non-zero value that
// depends on seed, so a field the codec forgets fails the round trip.
func fill(v any, seed int) {
	rv := reflect.ValueOf(v).Elem()
	for i := range rv.NumField() {
		f := rv.Field(i)
		n := seed*31 + i + 1
		switch f.Kind() {
		case reflect.String:
			f.SetString(string(rune('a'+n%26)) + "\x00é" + string(rune(0x400+n)))
		case reflect.Int32, reflect.Int64:
			f.SetInt(int64(-n * 1000003))
		case reflect.Float64:
			f.SetFloat(float64(n) / 7)
		case reflect.Bool:
			f.SetBool(true)
		case reflect.Pointer:
			switch f.Type().Elem() {
			case reflect.TypeFor[string]():
				s := "opt" + string(rune('a'+n%26))
				f.Set(reflect.ValueOf(&s))
			case reflect.TypeFor[time.Time]():
				tm := time.Date(1600+n, 2, 3, 4, 5, 6, 7000000, time.UTC)
				f.Set(reflect.ValueOf(&tm))
			default:
				panic("fill: " + f.Type().String())
			}
		default:
			panic("fill: " + f.Type().String())
		}
	}
}

func TestRecordCodecRoundTrip(t *testing.T) {
	var d output.DocumentRow
	fill(&d, 1)
	ms := make([]output.MentionRow, 3)
	for i := range ms {
		fill(&ms[i], i+2)
	}
	ms[2] = output.MentionRow{MentionID: "only"} // nil optionals, zero values
	var scratch spillcodec.Encoder
	for _, c := range []struct {
		ms   []output.MentionRow
		side string
	}{{ms, `{"doc_id":"x"}`}, {nil, ""}} {
		rec := appendRecord(nil, &scratch, "zendesk#7", &d, c.ms, []byte(c.side), nil)
		path := filepath.Join(t.TempDir(), "s")
		s := must(newRecSpill(path, 2, 1))
		// Slot 1 first, as a record that won later in the run is.
		if err := s.put(append(append([]byte(nil), rec...), rec...), []int{0, len(rec)}, []int32{1, 0}); err != nil {
			t.Fatal(err)
		}
		n := 0
		err := s.each(func(slot int, r *spilled) error {
			n++
			if r.key != "zendesk#7" || !reflect.DeepEqual(r.doc, d) || len(r.mentions) != len(c.ms) || string(r.side) != c.side {
				t.Errorf("slot %d: got %+v", slot, *r)
			}
			for i := range c.ms {
				if !reflect.DeepEqual(r.mentions[i], c.ms[i]) {
					t.Errorf("slot %d mention %d: got %+v\nwant %+v", slot, i, r.mentions[i], c.ms[i])
				}
			}
			return nil
		})
		if err != nil || n != 2 {
			t.Fatalf("each: %d records, %v", n, err)
		}
		s.remove()
	}
}

func TestRecordSpillErrors(t *testing.T) {
	s := must(newRecSpill(filepath.Join(t.TempDir(), "s"), 2, 1))
	defer s.remove()
	rec := appendRecord(nil, new(spillcodec.Encoder), "k", &output.DocumentRow{}, nil, nil, nil)
	if err := s.put(rec, []int{0}, []int32{0}); err != nil {
		t.Fatal(err)
	}
	if err := s.put(rec, []int{0}, []int32{0}); err == nil {
		t.Error("a slot written twice: no error")
	}
	if err := s.each(func(int, *spilled) error { return nil }); err == nil {
		t.Error("a slot never written: no error")
	}
	var r spilled
	if err := r.decode(rec[1 : len(rec)-1]); err == nil {
		t.Error("a short record decodes")
	}
}

func sampleSideDocs() []SideDoc {
	return []SideDoc{
		{DocID: "d1", Record: "zendesk#1", Mentions: 2, JobKeys: map[string]string{"m2": "b <key>", "m1": "a & key"},
			Occurrences: []jobs.Occurrence{{Key: "a & key", Statement: "export <invoices>", DocID: "d1", Time: time.Date(2026, 11, 20, 8, 0, 0, 5, time.UTC),
				SubForces: map[string]int64{"struggle/time": 3}, Outcomes: []jobs.OutcomeHit{{Direction: "minimise"}}}}},
		{DocID: "d2", Record: "zendesk#2", JobKeys: map[string]string{}},
	}
}

// Sidecars written and read a document at a time are the bytes encodeJSON
// gives the whole Sidecar, and read back the same.
func TestSidecarStreamSameBytes(t *testing.T) {
	for _, docs := range [][]SideDoc{sampleSideDocs(), nil} {
		b := &builder{tmp: t.TempDir()}
		part := Part{Date: "run_date=2026-11-21", Name: "part-x.parquet"}
		writeSidecar(t, b.tmp, part, docs)
		want := must(encodeJSON(&Sidecar{Docs: append([]SideDoc{}, docs...)}))
		if got := must(os.ReadFile(filepath.Join(b.tmp, sidecarRel(part)))); !bytes.Equal(got, want) {
			t.Errorf("streamed sidecar:\n%s\nwant\n%s", got, want)
		}
		var got []SideDoc
		if err := eachSideDoc(b.tmp, part, func(d *SideDoc) error { got = append(got, *d); return nil }); err != nil {
			t.Fatal(err)
		}
		whole := must(readSidecar(b.tmp, part))
		if len(got) != len(docs) || (len(got) > 0 && !reflect.DeepEqual(got, whole.Docs)) {
			t.Errorf("read back %+v, want %+v", got, whole.Docs)
		}
	}
	for _, bad := range []string{`{"docs":[{"doc_id":1}]}`, `{"docs":{}}`, `[]`, `{"docs":[`} {
		dir := t.TempDir()
		part := Part{Date: "d", Name: "p"}
		os.MkdirAll(filepath.Dir(sidecarPath(dir, part)), 0o755)
		os.WriteFile(sidecarPath(dir, part), []byte(bad), 0o644)
		if err := eachSideDoc(dir, part, func(*SideDoc) error { return nil }); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}

// mapState is State as it was encoded whole, with Records a map: the
// encoding writeState and readState must keep.
type mapState struct {
	Version int                  `json:"version"`
	Files   map[string]FileSeen  `json:"files"`
	Records map[string]RecordVer `json:"records"`
	Parts   []Part               `json:"parts"`
	Rejects []Part               `json:"rejects"`
	JobIDs  map[string]string    `json:"job_ids"`
}

func (m *mapState) state() *State {
	st := &State{Version: m.Version, Files: m.Files, Parts: m.Parts, Rejects: m.Rejects, JobIDs: m.JobIDs}
	if m.Records != nil {
		st.Records = newRecIndex()
		for k, rv := range m.Records {
			st.Records.put(k, rv)
		}
	}
	return st
}

// writeState gives the bytes encodeJSON gives the State with a map of
// records, and readState reads them back to the same bytes.
func TestWriteStateSameBytes(t *testing.T) {
	upd := time.Date(2026, 11, 21, 8, 0, 0, 0, time.UTC)
	ams := time.FixedZone("CET", 3600)
	for i, ms := range []*mapState{
		{Version: 1, Files: map[string]FileSeen{}, Records: map[string]RecordVer{}, JobIDs: map[string]string{}},
		{Version: 1, Files: map[string]FileSeen{"ab": {Path: "x<y>.jsonl", RunID: "r1"}},
			Records: map[string]RecordVer{"zendesk#2": {DocID: "d2", Part: "p/1"}, "zendesk#10": {Updated: upd, DocID: "d10", Part: "p/1"}, "csv@a&b:3": {DocID: "d3", Part: "p/2"},
				"jsonl#t-1":   {Updated: time.Date(2026, 3, 29, 2, 30, 0, 123456789, ams), DocID: "0123456789abcdef", Part: "p/1"},
				"jsonl#é\"<>": {Updated: time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC), DocID: "ffffffffffffffff", Part: "p/2"},
				"jsonl#t-3":   {Updated: time.Date(1969, 12, 31, 23, 59, 59, 999999999, time.FixedZone("", -(9*3600+30*60))), DocID: "0000000000000000", Part: ""}},
			Parts: []Part{{Date: "p", Name: "1"}}, Rejects: []Part{}, JobIDs: map[string]string{"k<1>": "j1"}},
		{Version: 1},
	} {
		want := must(encodeJSON(ms))
		b := &builder{tmp: t.TempDir()}
		if err := writeState(b, ms.state()); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(b.tmp, metaDir, stateFile)
		got := must(os.ReadFile(path))
		if !bytes.Equal(got, want) {
			t.Errorf("%d: writeState:\n%s\nwant\n%s", i, got, want)
		}
		if ms.Version == 0 || ms.Records == nil {
			continue
		}
		st := must(loadState(b.tmp))
		b2 := &builder{tmp: t.TempDir()}
		if err := writeState(b2, st); err != nil {
			t.Fatal(err)
		}
		if got := must(os.ReadFile(filepath.Join(b2.tmp, metaDir, stateFile))); !bytes.Equal(got, want) {
			t.Errorf("%d: read and written again:\n%s\nwant\n%s", i, got, want)
		}
	}
}

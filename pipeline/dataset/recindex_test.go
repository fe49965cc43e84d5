package dataset

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"testing"
	"time"
)

// recJSON is how state.json writes rv, what the index must give back; for
// a time JSON cannot hold, its RFC 3339 form and zone offset in seconds.
func recJSON(t testing.TB, rv RecordVer) string {
	t.Helper()
	if b, err := encodeJSON(&rv); err == nil {
		return string(b)
	}
	_, off := rv.Updated.Zone()
	return fmt.Sprintf("%s %d %q %q", rv.Updated.Format(time.RFC3339Nano), off, rv.DocID, rv.Part)
}

func TestRecIndex(t *testing.T) {
	utc := time.Date(2026, 11, 21, 8, 0, 0, 0, time.UTC)
	cet := time.FixedZone("CET", 3600)
	ams, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		ams = cet
	}
	type op struct {
		put  bool
		key  string
		rv   RecordVer // put: the value; get: the one wanted
		miss bool      // get: the key is not there
	}
	for _, tc := range []struct {
		name string
		ops  []op
	}{
		{"put get", []op{
			{put: true, key: "jsonl#t-1", rv: RecordVer{Updated: utc, DocID: "0123456789abcdef", Part: "run_date=2026-11-21/part-a.parquet"}},
			{key: "jsonl#t-1", rv: RecordVer{Updated: utc, DocID: "0123456789abcdef", Part: "run_date=2026-11-21/part-a.parquet"}},
		}},
		{"missing", []op{
			{put: true, key: "a", rv: RecordVer{DocID: "0000000000000000", Part: "p"}},
			{key: "b", miss: true},
			{key: "", miss: true},
			{key: "a\x00", miss: true},
		}},
		{"replace", []op{
			{put: true, key: "k", rv: RecordVer{Updated: utc, DocID: "1111111111111111", Part: "p/1"}},
			{put: true, key: "k", rv: RecordVer{Updated: utc.Add(time.Second), DocID: "2222222222222222", Part: "p/2"}},
			{key: "k", rv: RecordVer{Updated: utc.Add(time.Second), DocID: "2222222222222222", Part: "p/2"}},
		}},
		{"odd doc ids", []op{
			{put: true, key: "upper", rv: RecordVer{DocID: "0123456789ABCDEF", Part: "p"}},
			{put: true, key: "short", rv: RecordVer{DocID: "d2", Part: "p"}},
			{put: true, key: "empty", rv: RecordVer{DocID: "", Part: ""}},
			{put: true, key: "long", rv: RecordVer{DocID: "0123456789abcdef0", Part: "p"}},
			{put: true, key: "nonhex", rv: RecordVer{DocID: "0123456789abcdeg", Part: "p"}},
			{key: "upper", rv: RecordVer{DocID: "0123456789ABCDEF", Part: "p"}},
			{key: "short", rv: RecordVer{DocID: "d2", Part: "p"}},
			{key: "empty", rv: RecordVer{}},
			{key: "long", rv: RecordVer{DocID: "0123456789abcdef0", Part: "p"}},
			{key: "nonhex", rv: RecordVer{DocID: "0123456789abcdeg", Part: "p"}},
			// odd, then packed again
			{put: true, key: "short", rv: RecordVer{DocID: "00000000000000d2", Part: "p"}},
			{key: "short", rv: RecordVer{DocID: "00000000000000d2", Part: "p"}},
			{key: "upper", rv: RecordVer{DocID: "0123456789ABCDEF", Part: "p"}},
		}},
		{"times", []op{
			{put: true, key: "zero", rv: RecordVer{DocID: "aaaaaaaaaaaaaaaa", Part: "p"}},
			{put: true, key: "nanos zone", rv: RecordVer{Updated: time.Date(2026, 3, 29, 2, 30, 0, 123456789, cet), DocID: "aaaaaaaaaaaaaaaa", Part: "p"}},
			{put: true, key: "named zone", rv: RecordVer{Updated: time.Date(2026, 7, 1, 12, 0, 0, 5, ams), DocID: "aaaaaaaaaaaaaaaa", Part: "p"}},
			{put: true, key: "odd offset", rv: RecordVer{Updated: time.Date(1900, 1, 1, 0, 0, 0, 0, time.FixedZone("LMT", 1172)), DocID: "aaaaaaaaaaaaaaaa", Part: "p"}},
			{put: true, key: "before 1970", rv: RecordVer{Updated: time.Date(1969, 12, 31, 23, 59, 59, 999999999, time.FixedZone("", -(9*3600+30*60))), DocID: "aaaaaaaaaaaaaaaa", Part: "p"}},
			{put: true, key: "year 1", rv: RecordVer{Updated: time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC), DocID: "aaaaaaaaaaaaaaaa", Part: "p"}},
			{put: true, key: "year 9999", rv: RecordVer{Updated: time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.FixedZone("", 14*3600)), DocID: "aaaaaaaaaaaaaaaa", Part: "p"}},
			{put: true, key: "far", rv: RecordVer{Updated: time.Date(30000, 1, 1, 0, 0, 0, 0, time.UTC), DocID: "aaaaaaaaaaaaaaaa", Part: "p"}},
			{key: "zero", rv: RecordVer{DocID: "aaaaaaaaaaaaaaaa", Part: "p"}},
			{key: "nanos zone", rv: RecordVer{Updated: time.Date(2026, 3, 29, 2, 30, 0, 123456789, cet), DocID: "aaaaaaaaaaaaaaaa", Part: "p"}},
			{key: "named zone", rv: RecordVer{Updated: time.Date(2026, 7, 1, 12, 0, 0, 5, ams), DocID: "aaaaaaaaaaaaaaaa", Part: "p"}},
			{key: "odd offset", rv: RecordVer{Updated: time.Date(1900, 1, 1, 0, 0, 0, 0, time.FixedZone("LMT", 1172)), DocID: "aaaaaaaaaaaaaaaa", Part: "p"}},
			{key: "before 1970", rv: RecordVer{Updated: time.Date(1969, 12, 31, 23, 59, 59, 999999999, time.FixedZone("", -(9*3600+30*60))), DocID: "aaaaaaaaaaaaaaaa", Part: "p"}},
			{key: "year 1", rv: RecordVer{Updated: time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC), DocID: "aaaaaaaaaaaaaaaa", Part: "p"}},
			{key: "year 9999", rv: RecordVer{Updated: time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.FixedZone("", 14*3600)), DocID: "aaaaaaaaaaaaaaaa", Part: "p"}},
			{key: "far", rv: RecordVer{Updated: time.Date(30000, 1, 1, 0, 0, 0, 0, time.UTC), DocID: "aaaaaaaaaaaaaaaa", Part: "p"}},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			x := newRecIndex()
			want := map[string]RecordVer{}
			for i, o := range tc.ops {
				if o.put {
					x.put(o.key, o.rv)
					want[o.key] = o.rv
					continue
				}
				got, ok := x.get(o.key)
				if ok == o.miss {
					t.Fatalf("op %d: get %q: found %v", i, o.key, ok)
				}
				if o.miss {
					continue
				}
				if g, w := recJSON(t, got), recJSON(t, o.rv); g != w || !got.Updated.Equal(o.rv.Updated) || got.Updated.IsZero() != o.rv.Updated.IsZero() {
					t.Errorf("op %d: get %q = %s, want %s", i, o.key, g, w)
				}
				_, go1 := got.Updated.Zone()
				_, wo := o.rv.Updated.Zone()
				if go1 != wo {
					t.Errorf("op %d: get %q: zone offset %d, want %d", i, o.key, go1, wo)
				}
			}
			if x.len() != len(want) {
				t.Errorf("len %d, want %d", x.len(), len(want))
			}
			checkSorted(t, x, want)
		})
	}
}

// checkSorted: sorted yields want, in byte order of the keys.
func checkSorted(t *testing.T, x *recIndex, want map[string]RecordVer) {
	t.Helper()
	var keys []string
	for k, rv := range x.sorted() {
		keys = append(keys, k)
		if g, w := recJSON(t, rv), recJSON(t, want[k]); g != w {
			t.Errorf("sorted %q = %s, want %s", k, g, w)
		}
	}
	wantKeys := make([]string, 0, len(want))
	for k := range want {
		wantKeys = append(wantKeys, k)
	}
	slices.Sort(wantKeys)
	if !slices.Equal(keys, wantKeys) {
		t.Errorf("sorted keys %q, want %q", keys, wantKeys)
	}
}

// Enough records to grow the table and fill several chunks, against a map.
func TestRecIndexMany(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	x := newRecIndex()
	want := map[string]RecordVer{}
	parts := []string{"run_date=2026-11-21/part-a.parquet", "run_date=2026-11-22/part-b.parquet", "run_date=2026-11-22/part-c.parquet"}
	for i := range 30000 {
		k := "jsonl#t-" + strconv.Itoa(rng.IntN(20000)) // about a third are replaced
		if i%97 == 0 {
			k = "csv@" + string(rune('a'+i%26)) + "é/x.csv:" + strconv.Itoa(i) // longer, not ASCII
		}
		rv := RecordVer{DocID: fmt.Sprintf("%016x", rng.Uint64()), Part: parts[rng.IntN(len(parts))]}
		if i%5 != 0 {
			rv.Updated = time.Unix(rng.Int64N(2e9), rng.Int64N(1e9)).In(time.FixedZone("", 60*(rng.IntN(25)-12)))
		}
		if i%101 == 0 {
			rv.DocID = "odd-" + strconv.Itoa(i)
		}
		e := x.put(k, rv)
		if n, ok := x.find(k); !ok || n != e {
			t.Fatalf("find %q = %d %v, put said %d", k, n, ok, e)
		}
		want[k] = rv
	}
	if x.len() != len(want) {
		t.Fatalf("len %d, want %d", x.len(), len(want))
	}
	for k, rv := range want {
		got, ok := x.get(k)
		if !ok || recJSON(t, got) != recJSON(t, rv) {
			t.Fatalf("get %q = %+v %v, want %+v", k, got, ok, rv)
		}
	}
	checkSorted(t, x, want)

	// Compact's renaming: two parts into one, odd entries too.
	x.renameParts(map[string]string{parts[1]: "merged", parts[2]: "merged"})
	for k, rv := range want {
		if rv.Part != parts[0] {
			rv.Part = "merged"
			want[k] = rv
		}
	}
	checkSorted(t, x, want)
}

// A real state.json, read (as a stream) and written again, is the same bytes.
func TestStateRoundTrip(t *testing.T) {
	root := t.TempDir()
	in := filepath.Join(root, "in")
	tk := func(id, txt int, upd string) ticket {
		return ticket{ID: id, Requester: id, Text: texts[txt], Created: "2026-11-20T08:00:00Z", Updated: upd}
	}
	f1 := writeExport(t, in, "a.jsonl", tk(1, 0, "2026-11-21T08:00:00Z"), tk(2, 1, "2026-11-21T08:00:00.5+01:00"), tk(3, 2, ""))
	f2 := writeExport(t, in, "b.jsonl", tk(2, 3, "2026-11-22T08:00:00Z"), tk(4, 4, "2026-11-22T09:00:00.123456789-05:30"))
	state, out := filepath.Join(root, "state"), filepath.Join(root, "out")
	mustRun(t, runOpts(t, state, out, day(1), f1))
	mustRun(t, runOpts(t, state, out, day(2), f1, f2))
	gen := must(filepath.EvalSymlinks(out))
	want := must(os.ReadFile(filepath.Join(gen, metaDir, stateFile)))
	st := must(loadState(gen))
	if st.Records.len() != 4 {
		t.Errorf("%d records, want 4", st.Records.len())
	}
	b := &builder{tmp: t.TempDir()}
	if err := writeState(b, st); err != nil {
		t.Fatal(err)
	}
	if got := must(os.ReadFile(filepath.Join(b.tmp, metaDir, stateFile))); !bytes.Equal(got, want) {
		t.Errorf("written again:\n%s\nwant\n%s", got, want)
	}
}

// A state.json that is not one is an error naming the file.
func TestStateReadErrors(t *testing.T) {
	for _, bad := range []string{
		``,
		`[]`,
		`{"version":1,"records":[]}`,
		`{"version":1,"records":{"k":{"updated":"yesterday"}}}`,
		`{"version":1,"records":{"k":{"doc_id":"a"}`,
		`{"version":1} {}`,
		`{"version":"1"}`,
		`{"version":2,"records":{}}`,
	} {
		gen := t.TempDir()
		os.MkdirAll(filepath.Join(gen, metaDir), 0o755)
		os.WriteFile(filepath.Join(gen, metaDir, stateFile), []byte(bad), 0o644)
		if _, err := loadState(gen); err == nil || !bytes.Contains([]byte(err.Error()), []byte(gen)) {
			t.Errorf("%s: error %v", bad, err)
		}
	}
}

// heapPerRecord is the heap that n synthetic records (keys, doc ids and
// times like the bench corpus's, one part) hold once built, per record:
// HeapAlloc after a GC with the records, less HeapAlloc after a GC without.
func heapPerRecord(n int, build func(n int, key func(int) string, rv func(int) RecordVer) any) float64 {
	key := func(i int) string { return "jsonl#t-" + fmt.Sprintf("%08d", i) }
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	rv := func(i int) RecordVer {
		return RecordVer{Updated: base.Add(time.Duration(i) * time.Minute), DocID: fmt.Sprintf("%016x", uint64(i)*0x9e3779b97f4a7c15), Part: "run_date=2026-12-02/part-20261202T113351Z-82ca.parquet"}
	}
	var with, without runtime.MemStats
	v := build(n, key, rv)
	runtime.GC()
	runtime.ReadMemStats(&with)
	runtime.KeepAlive(v)
	v = nil
	runtime.GC()
	runtime.ReadMemStats(&without)
	return float64(with.HeapAlloc-without.HeapAlloc) / float64(n)
}

func buildIndex(n int, key func(int) string, rv func(int) RecordVer) any {
	x := newRecIndex()
	for i := range n {
		x.put(key(i), rv(i))
	}
	return x
}

// buildMap is the map State.Records was, part ids shared as loadState did.
func buildMap(n int, key func(int) string, rv func(int) RecordVer) any {
	m := map[string]RecordVer{}
	for i := range n {
		m[key(i)] = rv(i)
	}
	return m
}

// The index holds a record in at most 60 bytes of heap (the map took about
// 150). go test -run RecIndexHeap -v prints both.
func TestRecIndexHeap(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a million records")
	}
	const n = 1 << 20
	idx := heapPerRecord(n, buildIndex)
	m := heapPerRecord(n, buildMap)
	t.Logf("heap per record, %d records: index %.1f B, map %.1f B", n, idx, m)
	if idx > 60 {
		t.Errorf("index: %.1f B per record, want at most 60", idx)
	}
}

func BenchmarkRecIndexPut(b *testing.B) {
	keys := make([]string, 1<<20)
	for i := range keys {
		keys[i] = "jsonl#t-" + fmt.Sprintf("%08d", i)
	}
	rv := RecordVer{Updated: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), DocID: "0123456789abcdef", Part: "p"}
	b.ReportAllocs()
	for b.Loop() {
		x := newRecIndex()
		for _, k := range keys {
			x.put(k, rv)
		}
	}
}

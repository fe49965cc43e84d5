package output

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// mentionRows draws n rows with every column varied: repeated and unique
// strings, NULLs, and values that grow the dictionaries.
func mentionRows(n int, seed uint64) []MentionRow {
	r := rand.New(rand.NewPCG(seed, 1))
	langs, forces := []string{"en", "nl", "ru"}, []string{"struggle", "progress", "anxiety", "habit"}
	rows := make([]MentionRow, n)
	for i := range rows {
		m := &rows[i]
		m.MentionID = fmt.Sprintf("m%08x", r.Uint32())
		m.DocID = fmt.Sprintf("d%d", i/7)
		m.UtteranceIndex = int32(r.IntN(40))
		m.Speaker, m.Role = fmt.Sprintf("s%d", r.IntN(50)), []string{"customer", "agent"}[r.IntN(2)]
		m.Language, m.Force = langs[r.IntN(3)], forces[r.IntN(4)]
		m.Term = fmt.Sprintf("t%d", r.IntN(300))
		m.Matched = fmt.Sprintf("word %d", r.IntN(1000))
		m.Sentence = fmt.Sprintf("sentence %d with some words in it %d", r.Uint64(), i)
		m.Negated = r.IntN(9) == 0
		m.Intensity, m.Weight = r.Float64(), float64(r.IntN(4))/2
		if r.IntN(3) > 0 {
			m.JobID = String(fmt.Sprintf("%016x", r.IntN(5000)))
		}
		if r.IntN(5) > 0 {
			m.CreatedAt = Time(time.Unix(1.7e9+int64(r.IntN(1e7)), int64(r.IntN(1e9))))
		}
		m.MatchStart = int32(r.IntN(200))
		m.MatchEnd = m.MatchStart + int32(r.IntN(20))
		m.Source, m.Line = fmt.Sprintf("in/%d.jsonl", r.IntN(3)), int64(i)
		m.Context = []string{"", "", "", "fear", "desire"}[r.IntN(5)]
		if r.IntN(2) == 0 {
			m.SubForce = String("struggle/time")
		}
		if r.IntN(4) == 0 {
			m.Phase = String("first_use")
		}
	}
	return rows
}

// Row groups encoded on their own and appended give the file WriteMentions
// gives, byte for byte, whatever the row count and group size, when both
// are given the rows in the same batches: the writer cuts pages at offsets
// counted from the start of each Write, so a group's batches must start
// where WriteMentions's batches start (or at the group's first row).
func TestMentionGroupsEqualWriteMentions(t *testing.T) {
	for _, tc := range []struct{ rows, group, batch int }{
		{0, 100, 10}, {1, 100, 10}, {99, 100, 7}, {100, 100, 64}, {1001, 100, 30}, {5000, 2048, 512},
		{70000, 0, 4096}, {70000, 0, 1000}, {150000, 50000, 333},
	} {
		t.Run(fmt.Sprintf("%d/%d/%d", tc.rows, tc.group, tc.batch), func(t *testing.T) {
			rows := mentionRows(tc.rows, uint64(tc.rows))
			opts := Options{RowGroupRows: int64(tc.group), CreatedBy: "test"}
			want := writeMentionsWith(t, opts, func(w *Writer) error {
				for i := 0; i < len(rows); i += tc.batch {
					if err := w.WriteMentions(rows[i:min(i+tc.batch, len(rows))]); err != nil {
						return err
					}
				}
				return nil
			})
			encode := func(w *Writer, g int) (*MentionGroup, error) {
				size := w.MentionGroupRows()
				start, end := g*size, min((g+1)*size, len(rows))
				return w.EncodeMentionGroup(func(write func([]MentionRow) error) error {
					for i := start; i < end; {
						next := min((i/tc.batch+1)*tc.batch, end)
						if err := write(rows[i:next]); err != nil {
							return err
						}
						i = next
					}
					return nil
				})
			}
			// All groups at once, and one after the other (reusing encoders).
			concurrent := writeMentionsWith(t, opts, func(w *Writer) error {
				size := w.MentionGroupRows()
				groups := make([]*MentionGroup, (len(rows)+size-1)/size)
				errs := make([]error, len(groups))
				var wg sync.WaitGroup
				for g := range groups {
					wg.Add(1)
					go func() {
						defer wg.Done()
						groups[g], errs[g] = encode(w, g)
					}()
				}
				wg.Wait()
				for g := range groups {
					if errs[g] != nil {
						return errs[g]
					}
					if err := w.WriteMentionGroup(groups[g]); err != nil {
						return err
					}
				}
				return nil
			})
			serial := writeMentionsWith(t, opts, func(w *Writer) error {
				for g := 0; g*w.MentionGroupRows() < len(rows); g++ {
					mg, err := encode(w, g)
					if err != nil {
						return err
					}
					if err := w.WriteMentionGroup(mg); err != nil {
						return err
					}
				}
				return nil
			})
			for _, got := range [][]byte{concurrent, serial} {
				if !bytes.Equal(got, want) {
					t.Fatalf("mentions.parquet from row groups differs: %d bytes, want %d", len(got), len(want))
				}
			}
		})
	}
}
func TestMentionGroupTooManyRows(t *testing.T) {
	w, err := Create(t.TempDir(), Options{RowGroupRows: 10})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	_, err = w.EncodeMentionGroup(func(write func([]MentionRow) error) error {
		if err := write(mentionRows(6, 1)); err != nil {
			return err
		}
		return write(mentionRows(6, 2))
	})
	if err == nil {
		t.Fatal("11+ rows encoded as one row group of at most 10")
	}
}

func writeMentionsWith(t *testing.T, opts Options, fill func(*Writer) error) []byte {
	t.Helper()
	dir := t.TempDir()
	w, err := Create(dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := fill(w); err != nil {
		w.Abort()
		t.Fatal(err)
	}
	if err := w.Commit(Manifest{RunID: "test"}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, MentionsFile))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// BenchmarkMentionGroups compares the CPU of WriteMentions with that of
// encoding the same row groups one after the other and appending them: the
// difference is what encoding row groups on their own costs.
func BenchmarkMentionGroups(b *testing.B) {
	rows := mentionRows(4*DefaultRowGroupRows, 3)
	const batch = 4096
	b.Run("WriteMentions", func(b *testing.B) {
		for b.Loop() {
			w, _ := Create(b.TempDir(), Options{})
			for i := 0; i < len(rows); i += batch {
				if err := w.WriteMentions(rows[i:min(i+batch, len(rows))]); err != nil {
					b.Fatal(err)
				}
			}
			if err := w.Commit(Manifest{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("groups", func(b *testing.B) {
		for b.Loop() {
			w, _ := Create(b.TempDir(), Options{})
			size := w.MentionGroupRows()
			for s := 0; s < len(rows); s += size {
				g, err := w.EncodeMentionGroup(func(write func([]MentionRow) error) error {
					for i := s; i < min(s+size, len(rows)); i += batch {
						if err := write(rows[i:min(i+batch, len(rows))]); err != nil {
							return err
						}
					}
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
				if err := w.WriteMentionGroup(g); err != nil {
					b.Fatal(err)
				}
			}
			if err := w.Commit(Manifest{}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

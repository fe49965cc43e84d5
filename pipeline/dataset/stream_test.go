package dataset

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jobminer/pipeline/output"
)

// Rows written in batches of writeBatch give the bytes one Write of all of
// them gives, with pages and row groups full (what TestSmallBudgetsSameDataset
// cannot reach with a few tickets).
func TestBatchedWritesSameBytes(t *testing.T) {
	if writeBatch%64 != 0 {
		t.Fatalf("writeBatch %d is not a multiple of 64", writeBatch)
	}
	var rows []output.MentionRow
	for i := range 70_000 { // more than a row group (64Ki rows); pages of 256 KiB fill many times
		rows = append(rows, output.MentionRow{MentionID: fmt.Sprintf("m%06d", i), DocID: fmt.Sprintf("d%05d", i/3),
			Sentence: strings.Repeat(fmt.Sprintf("word%d ", i%977), 1+i%13), Force: "struggle", JobID: output.String(fmt.Sprint(i % 101))})
	}
	write := func(batch int) []byte {
		b := &builder{tmp: t.TempDir(), createdBy: "test"}
		s, err := b.open()
		if err != nil {
			t.Fatal(err)
		}
		if batch == 0 {
			if err := s.w.WriteMentions(rows); err != nil {
				t.Fatal(err)
			}
		} else {
			defer func(n int) { writeBatch = n }(writeBatch)
			writeBatch = batch
			for _, r := range rows {
				if err := s.ments.add(r); err != nil {
					t.Fatal(err)
				}
			}
		}
		if err := s.commit("", "m.parquet", "", "", ""); err != nil {
			t.Fatal(err)
		}
		return must(os.ReadFile(filepath.Join(b.tmp, "m.parquet")))
	}
	whole := write(0)
	for _, batch := range []int{64, writeBatch} {
		if !bytes.Equal(write(batch), whole) {
			t.Errorf("batches of %d rows: not the bytes of one Write", batch)
		}
	}
	if bytes.Equal(write(100), whole) {
		t.Logf("batches of 100 rows give the same bytes too: parquet-go no longer cuts writes in chunks of 64")
	}
}

package pipeline

import (
	"errors"
	"io"
	"os"
	"path/filepath"

	"github.com/parquet-go/parquet-go"

	"jobminer/pipeline/output"
)

// spill holds the mentions of a run on disk until the job ids are known:
// clustering merges job keys across the whole input, so a mention's job id
// is only final after the last document. Mentions are written in input order
// with their raw job key and replayed once with the key replaced by the id.
// Memory stays bounded: one row group in, one batch out.
type spill struct {
	path string
	f    *os.File
	w    *parquet.GenericWriter[output.MentionRow]
	rows int64
}

const spillBatch = 4096

func newSpill(dir string) (*spill, error) {
	p := filepath.Join(dir, "mentions.spill.parquet")
	f, err := os.Create(p)
	if err != nil {
		return nil, err
	}
	// Uncompressed: it is read back once, right away.
	w := parquet.NewGenericWriter[output.MentionRow](f, parquet.MaxRowsPerRowGroup(64<<10))
	return &spill{path: p, f: f, w: w}, nil
}

func (s *spill) write(rows []output.MentionRow) error {
	if len(rows) == 0 {
		return nil
	}
	_, err := s.w.Write(rows)
	s.rows += int64(len(rows))
	return err
}

// replay closes the spill and sends its rows, in order and with job keys
// mapped to job ids, to write. It returns the number of rows.
func (s *spill) replay(ids map[string]string, write func([]output.MentionRow) error) (int64, error) {
	if err := s.w.Close(); err != nil {
		return 0, err
	}
	if _, err := s.f.Seek(0, io.SeekStart); err != nil {
		return 0, err
	}
	st, err := s.f.Stat()
	if err != nil {
		return 0, err
	}
	pf, err := parquet.OpenFile(s.f, st.Size())
	if err != nil {
		return 0, err
	}
	r := parquet.NewGenericReader[output.MentionRow](pf)
	defer r.Close()
	buf := make([]output.MentionRow, spillBatch)
	var n int64
	for {
		k, err := r.Read(buf)
		for i := range buf[:k] {
			if key := buf[i].JobID; key != nil {
				id := ids[*key]
				buf[i].JobID = output.String(id)
			}
		}
		if k > 0 {
			if werr := write(buf[:k]); werr != nil {
				return n, werr
			}
			n += int64(k)
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return n, err
		}
	}
	if n != s.rows {
		return n, errors.New("mention spill: row count changed between write and replay")
	}
	return n, nil
}

func (s *spill) remove() {
	s.f.Close()
	os.Remove(s.path)
}

package output

import (
	"io"

	"github.com/parquet-go/parquet-go"
)

// NewShardWriter returns a Parquet writer for one file (a shard) of table
// (DocumentsFile, MentionsFile, ...) on w, with the settings the Writer uses
// for that table: codec, footer, row groups, page buffer and bloom filters.
// It is for runners that write a table as many files (cmd/jobminer-beam);
// the caller closes the writer, then w.
func NewShardWriter[T any](w io.Writer, table string, opts Options) *parquet.GenericWriter[T] {
	if opts.RowGroupRows <= 0 {
		opts.RowGroupRows = DefaultRowGroupRows
	}
	if opts.CreatedBy == "" {
		opts.CreatedBy = "jobminer"
	}
	o := []parquet.WriterOption{
		&parquet.WriterConfig{CreatedBy: opts.CreatedBy},
		parquet.MaxRowsPerRowGroup(opts.RowGroupRows),
		parquet.Compression(codec),
		parquet.PageBufferSize(256 * 1024),
	}
	if cols := shardBlooms[table]; len(cols) > 0 {
		f := make([]parquet.BloomFilterColumn, len(cols))
		for i, c := range cols {
			f[i] = parquet.SplitBlockFilter(10, c)
		}
		o = append(o, parquet.BloomFilters(f...))
	}
	return parquet.NewGenericWriter[T](w, o...)
}

// shardBlooms mirrors the bloom filter columns Create gives each table;
// TestShardWriterMatchesWriter keeps the two in step.
var shardBlooms = map[string][]string{
	DocumentsFile: {"doc_id"},
	MentionsFile:  {"doc_id", "job_id"},
	JobsFile:      {"job_id"},
	OutcomesFile:  {"job_id"},
}

// Encode renders m as run.json does (indented, UTC times), for runners that
// write their own manifest; they fill Counts, Rejects and Outputs themselves.
func (m Manifest) Encode() ([]byte, error) { return m.encode() }

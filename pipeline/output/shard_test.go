package output

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// A shard written with NewShardWriter is byte-identical to the Writer's file
// for the same rows, so shards keep every setting of the single-file tables.
func TestShardWriterMatchesWriter(t *testing.T) {
	dir := t.TempDir()
	opts := Options{CreatedBy: "jobminer version test"}
	writeSample(t, dir, opts)
	check := func(name string, write func(*bytes.Buffer) error) {
		t.Helper()
		want, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := write(&buf); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(buf.Bytes(), want) {
			t.Errorf("%s: shard (%d bytes) differs from the Writer's file (%d bytes)", name, buf.Len(), len(want))
		}
	}
	check(DocumentsFile, func(b *bytes.Buffer) error { return shard(b, DocumentsFile, sampleDocuments(), opts) })
	check(MentionsFile, func(b *bytes.Buffer) error { return shard(b, MentionsFile, sampleMentions(), opts) })
	check(JobsFile, func(b *bytes.Buffer) error { return shard(b, JobsFile, sampleJobs(), opts) })
	check(RejectsFile, func(b *bytes.Buffer) error { return shard(b, RejectsFile, sampleRejects(), opts) })
	check(OutcomesFile, func(b *bytes.Buffer) error { return shard(b, OutcomesFile, sampleOutcomes(), opts) })
}

func shard[T any](b *bytes.Buffer, name string, rows []T, opts Options) error {
	w := NewShardWriter[T](b, name, opts)
	if _, err := w.Write(rows); err != nil {
		return err
	}
	return w.Close()
}

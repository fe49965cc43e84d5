package output

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
)

var allFiles = []string{DocumentsFile, MentionsFile, JobsFile, RejectsFile, ManifestFile}

func TestDeterministicBytes(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	writeSample(t, a, Options{CreatedBy: "jobminer version test"})
	writeSample(t, b, Options{CreatedBy: "jobminer version test"})
	for _, name := range allFiles {
		x, err := os.ReadFile(filepath.Join(a, name))
		if err != nil {
			t.Fatal(err)
		}
		y, err := os.ReadFile(filepath.Join(b, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between two runs over the same rows (%d vs %d bytes)", name, len(x), len(y))
		}
	}
}

func TestFileMetadata(t *testing.T) {
	dir := t.TempDir()
	writeSample(t, dir, Options{CreatedBy: "jobminer version 9.9.9", RowGroupRows: 2})
	f, err := os.Open(filepath.Join(dir, MentionsFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	pf, err := parquet.OpenFile(f, st.Size())
	if err != nil {
		t.Fatal(err)
	}
	md := pf.Metadata()
	if md.CreatedBy != "jobminer version 9.9.9" {
		t.Errorf("created_by = %q, want the pinned value", md.CreatedBy)
	}
	if len(md.KeyValueMetadata) != 0 {
		t.Errorf("unexpected key/value metadata %v", md.KeyValueMetadata)
	}
	if got := len(pf.RowGroups()); got != 2 { // 3 rows, at most 2 per group
		t.Errorf("row groups = %d, want 2", got)
	}
	for _, c := range md.RowGroups[0].Columns {
		if c.MetaData.Codec.String() != "ZSTD" {
			t.Errorf("column %v codec %v, want ZSTD", c.MetaData.PathInSchema, c.MetaData.Codec)
		}
	}
}

func TestEmptyTablesHaveSchema(t *testing.T) {
	dir := t.TempDir()
	w, err := Create(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Commit(Manifest{}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		want []string
	}{
		{DocumentsFile, fieldNames[DocumentRow]()},
		{MentionsFile, fieldNames[MentionRow]()},
		{JobsFile, fieldNames[JobRow]()},
		{RejectsFile, fieldNames[RejectRow]()},
		{OutcomesFile, fieldNames[OutcomeRow]()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := columnNames(filepath.Join(dir, tt.name))
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("columns %v, want %v", got, tt.want)
			}
		})
	}
	m, err := ReadManifest(filepath.Join(dir, ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	if m.Counts != (Counts{}) || len(m.Outputs) != 5 {
		t.Errorf("manifest of an empty run: counts %+v, %d outputs", m.Counts, len(m.Outputs))
	}
}

func TestManifestFilledByCommit(t *testing.T) {
	dir := t.TempDir()
	writeSample(t, dir, Options{})
	m, err := ReadManifest(filepath.Join(dir, ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	want := Counts{Documents: 3, Mentions: 3, Jobs: 2, Rejects: 2, Outcomes: 2}
	if m.Counts != want || m.Rejects != 2 {
		t.Errorf("counts %+v rejects %d, want %+v and 2", m.Counts, m.Rejects, want)
	}
	if m.DurationMS != 1500 {
		t.Errorf("duration_ms = %d, want 1500", m.DurationMS)
	}
	for _, o := range m.Outputs {
		b, err := os.ReadFile(filepath.Join(dir, o.File))
		if err != nil {
			t.Fatal(err)
		}
		if sum := sha256.Sum256(b); hex.EncodeToString(sum[:]) != o.SHA256 || int64(len(b)) != o.Size {
			t.Errorf("%s: manifest sha256 %s size %d, file has %x, %d bytes", o.File, o.SHA256, o.Size, sum, len(b))
		}
	}
	raw, err := os.ReadFile(filepath.Join(dir, ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(raw, []byte(`"finished_at": "2026-11-22T10:00:01.5Z"`)) {
		t.Errorf("finished_at not RFC3339 UTC in:\n%s", raw)
	}
}

// tmpDirs lists the run temporary directories left in dir.
func tmpDirs(t *testing.T, dir string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, tmpPrefix+"*"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestAbortKeepsPreviousOutput(t *testing.T) {
	dir := t.TempDir()
	writeSample(t, dir, Options{})
	before := map[string][]byte{}
	for _, name := range allFiles {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		before[name] = b
	}

	w, err := Create(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.WriteDocuments([]DocumentRow{{DocID: "other"}}); err != nil {
		t.Fatal(err)
	}
	spill := filepath.Join(w.TempDir(), "spill.bin")
	if err := os.WriteFile(spill, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := w.Abort(); err != nil {
		t.Fatal(err)
	}
	if err := w.Abort(); err != nil {
		t.Errorf("second Abort: %v", err)
	}
	if err := w.Commit(Manifest{}); err == nil {
		t.Error("Commit after Abort succeeded")
	}
	if err := w.WriteDocuments([]DocumentRow{{DocID: "late"}}); err == nil {
		t.Error("write after Abort succeeded")
	}
	for _, name := range allFiles {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b, before[name]) {
			t.Errorf("%s changed after an aborted run", name)
		}
	}
	if left := tmpDirs(t, dir); len(left) != 0 {
		t.Errorf("Abort left %v", left)
	}
}

func TestCommitReplacesOutputAndRemovesTemp(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "out") // Create makes it
	writeSample(t, dir, Options{})

	w, err := Create(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	tmp := w.TempDir()
	if filepath.Dir(tmp) != dir {
		t.Errorf("TempDir %s is not inside %s (renames would cross directories)", tmp, dir)
	}
	if err := os.WriteFile(filepath.Join(tmp, "spill.bin"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := w.WriteDocuments([]DocumentRow{{DocID: "only"}}); err != nil {
		t.Fatal(err)
	}
	if err := w.Commit(Manifest{RunID: "run-2"}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(tmp); !os.IsNotExist(err) {
		t.Errorf("temp dir still there after Commit: %v", err)
	}
	if left := tmpDirs(t, dir); len(left) != 0 {
		t.Errorf("Commit left %v", left)
	}
	docs, err := ReadDocuments(filepath.Join(dir, DocumentsFile))
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 1 || docs[0].DocID != "only" {
		t.Errorf("documents after second run = %+v", docs)
	}
	mentions, err := ReadMentions(filepath.Join(dir, MentionsFile))
	if err != nil {
		t.Fatal(err)
	}
	if len(mentions) != 0 {
		t.Errorf("mentions of the first run survived: %d rows", len(mentions))
	}
	if m, err := ReadManifest(filepath.Join(dir, ManifestFile)); err != nil || m.RunID != "run-2" {
		t.Errorf("run.json: %+v, %v", m, err)
	}
	if err := w.Abort(); err != nil {
		t.Errorf("Abort after Commit: %v", err)
	}
}

// TestParquetSchema pins the physical encoding of the columns whose type a
// reader could silently reinterpret: DuckDB reads a bare repeated field as a
// list too, but other BI tools need the standard LIST group.
func TestParquetSchema(t *testing.T) {
	dir := t.TempDir()
	writeSample(t, dir, Options{})
	tests := []struct {
		name string
		file string
		want []string
	}{
		{"jobs", JobsFile, []string{
			"optional int64 first_seen (TIMESTAMP(isAdjustedToUTC=true,unit=MILLIS));",
			"optional int64 last_seen (TIMESTAMP(isAdjustedToUTC=true,unit=MILLIS));",
			"required group examples (LIST) {\n\t\trepeated group list {\n\t\t\trequired binary element (STRING);",
			"required group example_doc_ids (LIST) {\n\t\trepeated group list {\n\t\t\trequired binary element (STRING);",
			"required int64 n_respondents (INT(64,true));",
		}},
		{"mentions", MentionsFile, []string{
			"optional binary job_id (STRING);",
			"optional int64 created_at (TIMESTAMP(isAdjustedToUTC=true,unit=MILLIS));",
			"required int32 utterance_index (INT(32,true));",
		}},
		{"documents", DocumentsFile, []string{
			"optional int64 created_at (TIMESTAMP(isAdjustedToUTC=true,unit=MILLIS));",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := os.Open(filepath.Join(dir, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			st, _ := f.Stat()
			pf, err := parquet.OpenFile(f, st.Size())
			if err != nil {
				t.Fatal(err)
			}
			schema := pf.Schema().String()
			for _, w := range tt.want {
				if !strings.Contains(schema, w) {
					t.Errorf("schema lacks %q:\n%s", w, schema)
				}
			}
		})
	}
}

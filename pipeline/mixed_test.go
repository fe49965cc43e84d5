package pipeline_test

import (
	"archive/zip"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"jobminer/pipeline/ingest"
	"jobminer/pipeline/output"
)

// TestMixedFormats runs one folder holding every format the readers have
// fixtures for (plus a broken file and an empty one) and checks that the run
// is one consistent set of outputs: each file's documents and rejects are
// exactly what its reader gives on its own, every format is represented, and
// every reject names its file and a reason.
func TestMixedFormats(t *testing.T) {
	src := filepath.Join("ingest", "testdata")
	in := t.TempDir()
	err := filepath.Walk(src, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if info.IsDir() {
			if rel == "fuzz" {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(p, ".golden") {
			return nil
		}
		return copyFile(p, filepath.Join(in, rel))
	})
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(in, "broken.jsonl"), []byte("{\"text\": \"I want to export invoices\"}\n{not json\n"), 0o644)
	os.WriteFile(filepath.Join(in, "empty.csv"), nil, 0o644)
	writeDocx(t, filepath.Join(in, "docx", "interview.docx"),
		"Interviewer: Hoe exporteer je nu je facturen?", "Klant: Met de hand, en dat kost me elke maand een middag.")

	// What the readers give file by file.
	inputs, walkRejects, err := ingest.Walk([]string{in})
	if err != nil {
		t.Fatal(err)
	}
	wantDocs, wantRejects := 0, len(walkRejects)
	formats := map[string]bool{}
	for _, f := range inputs {
		st, err := ingest.Read(f, ingest.Options{}, func(it ingest.Item) {
			if it.Doc != nil {
				wantDocs++
			} else {
				wantRejects++
			}
		})
		if err != nil {
			wantRejects++
		}
		formats[st.Format] = true
	}

	out := t.TempDir()
	sum := run(t, builtin(t), out, 2, in)
	if int(sum.Documents) != wantDocs || int(sum.Rejects) != wantRejects {
		t.Errorf("run: %d documents, %d rejects; readers alone: %d, %d", sum.Documents, sum.Rejects, wantDocs, wantRejects)
	}
	docs, err := output.ReadDocuments(filepath.Join(out, output.DocumentsFile))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, d := range docs {
		got[d.Format] = true
	}
	var missing []string
	for _, f := range ingest.Formats {
		if !got[f.Name] && f.Name != "json" && f.Detect != nil { // no plain JSON-array fixture; text only with --format
			missing = append(missing, f.Name)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("formats with no document in the mixed run: %v (read: %v)", missing, formats)
	}
	rej, err := output.ReadRejects(filepath.Join(out, output.RejectsFile))
	if err != nil {
		t.Fatal(err)
	}
	var sawBroken, sawEmpty bool
	for _, r := range rej {
		if r.Source == "" || r.Reason == "" {
			t.Errorf("reject without file or reason: %+v", r)
		}
		sawBroken = sawBroken || (r.Source == "broken.jsonl" && r.Line == 2)
		sawEmpty = sawEmpty || r.Source == "empty.csv"
	}
	if !sawBroken || !sawEmpty {
		t.Errorf("broken line (%v) or empty file (%v) not in the rejects: %+v", sawBroken, sawEmpty, rej)
	}
}

// writeDocx writes a minimal Word document with one paragraph per line.
func writeDocx(t *testing.T, path string, paragraphs ...string) {
	t.Helper()
	var body strings.Builder
	for _, p := range paragraphs {
		body.WriteString("<w:p><w:r><w:t>")
		xml.EscapeText(&body, []byte(p))
		body.WriteString("</w:t></w:r></w:p>")
	}
	os.MkdirAll(filepath.Dir(path), 0o755)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	z := zip.NewWriter(f)
	w, _ := z.Create("word/document.xml")
	io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`+body.String()+`</w:body></w:document>`)
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
}

func copyFile(from, to string) error {
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		return err
	}
	r, err := os.Open(from)
	if err != nil {
		return err
	}
	defer r.Close()
	w, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(w, r); err != nil {
		w.Close()
		return err
	}
	return w.Close()
}

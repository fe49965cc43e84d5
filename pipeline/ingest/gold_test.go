package ingest

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jobminer/pipeline/record"
)

// goldDir is ../shared/gold relative to the repository root.
var goldDir = filepath.Join("..", "..", "..", "shared", "gold")

// TestGoldCSV reads the shared gold set as pipeline input and checks it
// against an independent parse with encoding/csv.
func TestGoldCSV(t *testing.T) {
	path := filepath.Join(goldDir, "gold.csv")
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("gold set not available: %v", err)
	}
	defer f.Close()
	cr := csv.NewReader(f)
	header, err := cr.Read()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	type want struct {
		line       int
		id, role   string
		text, lang string
	}
	var wants []want
	for {
		rec, err := cr.Read()
		if err != nil {
			break
		}
		line, _ := cr.FieldPos(0)
		wants = append(wants, want{line, rec[col["id"]], rec[col["role"]], rec[col["text"]], rec[col["lang"]]})
	}

	items, st := readAll(t, path, Options{})
	if st.Format != "csv" {
		t.Errorf("format = %q, want csv", st.Format)
	}
	var docs []*record.Document
	for _, it := range items {
		if it.Reject != nil {
			t.Errorf("unexpected reject: %s", it.Reject)
			continue
		}
		docs = append(docs, it.Doc)
	}
	if len(docs) != 320 || len(wants) != 320 {
		t.Fatalf("got %d documents, encoding/csv found %d records, want 320 each", len(docs), len(wants))
	}
	multiLine := 0
	for i, d := range docs {
		w := wants[i]
		if len(d.Utterances) != 1 {
			t.Fatalf("%s: %d utterances, want 1", d.Source, len(d.Utterances))
		}
		u := d.Utterances[0]
		if d.Source.Line != w.line || u.Line != w.line || d.Source.RecordID != w.id {
			t.Errorf("record %d: source %s id %q, want line %d id %q", i, d.Source, d.Source.RecordID, w.line, w.id)
		}
		if string(u.Role) != w.role {
			t.Errorf("%s: role %s, want %s", d.Source, u.Role, w.role)
		}
		if u.Text != w.text || u.Language != w.lang || d.Language != w.lang {
			t.Errorf("%s: text/lang %q/%q, want %q/%q", d.Source, u.Text, u.Language, w.text, w.lang)
		}
		if u.Time.IsZero() {
			t.Errorf("%s: created_at not parsed", d.Source)
		}
		if i+1 < len(docs) && docs[i+1].Source.Line-d.Source.Line > 1 {
			multiLine++
		}
	}
	if multiLine != 2 {
		t.Errorf("%d records span several lines, want 2", multiLine)
	}
}

// TestGoldTranscripts checks every utterance's line, speaker and role
// against the .lines.jsonl sidecars.
func TestGoldTranscripts(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(goldDir, "transcripts", "*.txt"))
	if len(files) == 0 {
		t.Skip("gold transcripts not available")
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			type line struct {
				Line    int    `json:"line"`
				Speaker string `json:"speaker"`
				Role    string `json:"role"`
			}
			var want []line
			sf, err := os.Open(strings.TrimSuffix(path, ".txt") + ".lines.jsonl")
			if err != nil {
				t.Fatal(err)
			}
			defer sf.Close()
			sc := bufio.NewScanner(sf)
			for sc.Scan() {
				var l line
				if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
					t.Fatal(err)
				}
				want = append(want, l)
			}
			items, st := readAll(t, path, Options{})
			if st.Format != "transcript" {
				t.Errorf("format = %q, want transcript", st.Format)
			}
			if len(items) != 1 || items[0].Doc == nil {
				t.Fatalf("want one document, got:\n%s", dump(items))
			}
			us := items[0].Doc.Utterances
			if len(us) != len(want) {
				t.Fatalf("%d utterances, sidecar has %d", len(us), len(want))
			}
			for i, u := range us {
				w := want[i]
				if u.Line != w.Line || u.Speaker != w.Speaker || string(u.Role) != w.Role {
					t.Errorf("utterance %d: line %d %s (%s), want line %d %s (%s)", i, u.Line, u.Speaker, u.Role, w.Line, w.Speaker, w.Role)
				}
			}
		})
	}
}

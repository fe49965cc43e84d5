package qda

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"jobminer/pipeline"
	"jobminer/pipeline/output"
	"jobminer/pipeline/redact"
)

const demo = "../../testdata/demo"

// runPipeline runs jobminer on inputs into a fresh folder, recording the
// settings in run.json as `jobminer run` does.
func runPipeline(t *testing.T, st pipeline.Stages, inputs ...string) string {
	t.Helper()
	lex, err := pipeline.BuiltinLexicon()
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	_, err = pipeline.Run(context.Background(), pipeline.Options{
		Inputs: inputs, Out: out, Lexicon: lex, Workers: 2, Version: "test", BatchDocs: 3, Stages: st,
		Settings: map[string]any{"inputs": inputs, "redact": !st.NoRedact, "pseudonymise": st.Pseudonymiser != nil},
	})
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	return out
}

func export(t *testing.T, o Options) ([]byte, Stats, error) {
	t.Helper()
	var buf bytes.Buffer
	st, err := ExportProject(context.Background(), &buf, o)
	return buf.Bytes(), st, err
}

func mentions(t *testing.T, out string) []mentionRow {
	t.Helper()
	ms, err := parquet.ReadFile[mentionRow](filepath.Join(out, output.MentionsFile))
	if err != nil {
		t.Fatal(err)
	}
	return ms
}

// TestDemoRoundTrip exports the demo run and reads the project back: every
// evidence mention is one selection whose code-point range in its source
// text is exactly the words the run matched, coded with the mention's force
// (or sub-force) and job; negated and non-evidence mentions are not coded;
// the export is the same bytes twice; and project.qde validates.
func TestDemoRoundTrip(t *testing.T) {
	out := runPipeline(t, pipeline.Stages{}, demo)
	b, st, err := export(t, Options{Out: out})
	if err != nil {
		t.Fatal(err)
	}
	if again, _, _ := export(t, Options{Out: out}); !bytes.Equal(b, again) {
		t.Error("two exports of one run differ")
	}
	files, _ := unzip(t, b)
	p := parseProject(t, files[ProjectFile])
	docs, err := output.ReadDocuments(filepath.Join(out, output.DocumentsFile))
	if err != nil {
		t.Fatal(err)
	}
	if p.Sources == nil || len(p.Sources.Sources) != len(docs) || st.Sources != len(docs) {
		t.Fatalf("want %d sources, stats say %d", len(docs), st.Sources)
	}
	channel := GUID("variable", "channel")
	byGUID := map[string]xTextSource{}
	for _, s := range p.Sources.Sources {
		byGUID[s.GUID] = s
	}
	for _, d := range docs {
		s, ok := byGUID[GUID("source", d.DocID)]
		if !ok {
			t.Errorf("document %s has no source", d.DocID)
			continue
		}
		got := ""
		for _, v := range s.Values {
			if v.Ref.Target == channel && v.Text != nil {
				got = *v.Text
			}
		}
		if got != d.Channel {
			t.Errorf("source %s: channel %q, document has %q", s.Name, got, d.Channel)
		}
	}

	codes := map[string]string{} // GUID -> name
	var walk func([]xCode)
	walk = func(cs []xCode) {
		for _, c := range cs {
			codes[c.GUID] = c.Name
			walk(c.Children)
		}
	}
	walk(p.CodeBook.Codes.Codes)

	type sel struct {
		text  string
		codes []string
	}
	sels := map[string]sel{} // selection GUID -> covered text and code names
	for _, s := range p.Sources.Sources {
		name := strings.TrimPrefix(s.PlainTextPath, "internal://")
		txt, ok := files["sources/"+name]
		if !ok {
			t.Fatalf("source %s: no file sources/%s", s.Name, name)
		}
		runes := []rune(string(txt))
		for _, x := range s.Selections {
			if x.Start < 0 || x.End > len(runes) || x.Start >= x.End {
				t.Fatalf("%s: selection [%d,%d) outside %d characters", s.Name, x.Start, x.End, len(runes))
			}
			var names []string
			for _, c := range x.Codings {
				n, ok := codes[c.CodeRef.Target]
				if !ok {
					t.Errorf("%s: coding refers to unknown code %s", s.Name, c.CodeRef.Target)
				}
				names = append(names, n)
			}
			sels[x.GUID] = sel{string(runes[x.Start:x.End]), names}
		}
	}

	negated, evidence := 0, 0
	for _, m := range mentions(t, out) {
		g := GUID("selection", m.DocID+"\x00"+m.MentionID)
		s, coded := sels[g]
		if !m.evidence() {
			if m.Negated {
				negated++
			}
			if coded {
				t.Errorf("mention %s %q (negated %v, context %q) is coded", m.MentionID, m.Matched, m.Negated, m.Context)
			}
			continue
		}
		evidence++
		if !coded {
			t.Errorf("evidence mention %s %q is not coded", m.MentionID, m.Matched)
			continue
		}
		if s.text != m.Matched {
			t.Errorf("mention %s: selection covers %q, the run matched %q", m.MentionID, s.text, m.Matched)
		}
		force := m.Force
		if m.SubForce != "" {
			force = m.SubForce
		}
		if len(s.codes) == 0 || s.codes[0] != force {
			t.Errorf("mention %s: codes %v, want %s first", m.MentionID, s.codes, force)
		}
		if m.JobID != nil && len(s.codes) != 2 {
			t.Errorf("mention %s of job %s: codes %v, want the job too", m.MentionID, *m.JobID, s.codes)
		}
	}
	if negated == 0 || evidence == 0 {
		t.Fatalf("demo has %d negated and %d evidence mentions; the test needs both", negated, evidence)
	}
	if len(sels) != evidence || st.Segments != evidence {
		t.Errorf("%d selections (stats %d), want one per evidence mention: %d", len(sels), st.Segments, evidence)
	}
	xmllint(t, "Project-mrt2019.xsd", files[ProjectFile])
}

// TestOnlyCoded: --only-coded keeps exactly the documents with a segment.
func TestOnlyCoded(t *testing.T) {
	out := runPipeline(t, pipeline.Stages{}, filepath.Join(demo, "tickets"))
	b, st, err := export(t, Options{Out: out, OnlyCoded: true})
	if err != nil {
		t.Fatal(err)
	}
	files, _ := unzip(t, b)
	p := parseProject(t, files[ProjectFile])
	docs, _ := output.ReadDocuments(filepath.Join(out, output.DocumentsFile))
	coded := map[string]bool{}
	for _, m := range mentions(t, out) {
		if m.evidence() {
			coded[m.DocID] = true
		}
	}
	if len(coded) == 0 || len(coded) == len(docs) {
		t.Fatalf("%d of %d documents coded; the test needs some of each", len(coded), len(docs))
	}
	if p.Sources == nil || len(p.Sources.Sources) != len(coded) || st.Sources != len(coded) {
		t.Errorf("%d sources, want the %d coded documents", st.Sources, len(coded))
	}
	for _, s := range p.Sources.Sources {
		if len(s.Selections) == 0 {
			t.Errorf("source %s has no segment", s.Name)
		}
	}
}

// TestNegatedNotCoded runs a tiny transcript where the same force word is
// said plainly and negated: only the plain one becomes a segment.
func TestNegatedNotCoded(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "call.txt")
	os.WriteFile(in, []byte("Klant: I'm not frustrated with the app.\nKlant: The export is so frustrating, it takes forever.\n"), 0o644)
	out := runPipeline(t, pipeline.Stages{}, in)
	var neg, plain *mentionRow
	ms := mentions(t, out)
	for i := range ms {
		if strings.HasPrefix(ms[i].Matched, "frustrat") {
			if ms[i].Negated {
				neg = &ms[i]
			} else {
				plain = &ms[i]
			}
		}
	}
	if neg == nil || plain == nil {
		t.Fatalf("want a negated and a plain 'frustrat*' mention, got %+v", ms)
	}
	b, st, err := export(t, Options{Out: out})
	if err != nil {
		t.Fatal(err)
	}
	files, _ := unzip(t, b)
	p := parseProject(t, files[ProjectFile])
	got := map[string]bool{}
	for _, x := range p.Sources.Sources[0].Selections {
		got[x.GUID] = true
	}
	if got[GUID("selection", neg.DocID+"\x00"+neg.MentionID)] {
		t.Error("the negated mention is coded")
	}
	if !got[GUID("selection", plain.DocID+"\x00"+plain.MentionID)] {
		t.Error("the plain mention is not coded")
	}
	if st.Skipped == 0 {
		t.Error("stats count no skipped mention")
	}
}

// oneCallRun runs the pipeline on a folder dir/in holding one demo
// interview as call.txt; it returns the folder, the run's output and the
// file's bytes.
func oneCallRun(t *testing.T, dir string) (src, out string, data []byte) {
	t.Helper()
	src = filepath.Join(dir, "in")
	os.MkdirAll(src, 0o755)
	data, err := os.ReadFile(filepath.Join(demo, "interviews", "interview-03-en.txt"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(src, "call.txt"), data, 0o644)
	return src, runPipeline(t, pipeline.Stages{}, src), data
}

// TestInputsMovedOrChanged: an export needs the run's own input files; it
// says so when they moved (and works given --input) or changed.
func TestInputsMovedOrChanged(t *testing.T) {
	dir := t.TempDir()
	src, out, data := oneCallRun(t, dir)

	moved := filepath.Join(dir, "moved")
	if err := os.Rename(src, moved); err != nil {
		t.Fatal(err)
	}
	if _, _, err := export(t, Options{Out: out}); err == nil || !strings.Contains(err.Error(), "--input") {
		t.Errorf("moved inputs: error %v, want a hint to --input", err)
	}
	if _, st, err := export(t, Options{Out: out, Inputs: []string{moved}}); err != nil || st.Segments == 0 {
		t.Errorf("with --input: %v, %+v", err, st)
	}

	os.WriteFile(filepath.Join(moved, "call.txt"), append(data, []byte("\n[00:09:00] Respondent: One more thing.\n")...), 0o644)
	if _, _, err := export(t, Options{Out: out, Inputs: []string{moved}}); !errors.Is(err, errChanged) || !strings.Contains(err.Error(), "has changed") {
		t.Errorf("changed input: error %v", err)
	}
}

// TestInputCopiedAfterRun: a copy of an input added after the run sorts
// first, so a new walk reads the copy and leaves the run's file out as its
// duplicate; the export still finds the file the run read.
func TestInputCopiedAfterRun(t *testing.T) {
	src, out, data := oneCallRun(t, t.TempDir())
	os.WriteFile(filepath.Join(src, "a copy of call.txt"), data, 0o644)
	if _, st, err := export(t, Options{Out: out}); err != nil || st.Segments == 0 {
		t.Errorf("export after a copy was added: %v, %+v", err, st)
	}
}

// TestPseudonymisedRun: the speakers of a pseudonymised run need the key;
// with it the sources carry the same pseudonyms as mentions.parquet.
func TestPseudonymisedRun(t *testing.T) {
	key := []byte("0123456789abcdef-test-key")
	ps, err := redact.NewPseudonymiser(key)
	if err != nil {
		t.Fatal(err)
	}
	out := runPipeline(t, pipeline.Stages{Pseudonymiser: ps}, filepath.Join(demo, "interviews"))
	if _, _, err := export(t, Options{Out: out}); err == nil || !strings.Contains(err.Error(), "key") {
		t.Errorf("no key: error %v", err)
	}
	if _, _, err := export(t, Options{Out: out, PseudonymKey: []byte("another-key-of-16-bytes")}); !errors.Is(err, errChanged) {
		t.Errorf("wrong key: error %v, want a mismatch", err)
	}
	b, _, err := export(t, Options{Out: out, PseudonymKey: key})
	if err != nil {
		t.Fatal(err)
	}
	files, _ := unzip(t, b)
	for name, txt := range files {
		if !strings.HasPrefix(name, "sources/") {
			continue
		}
		if s := string(txt); strings.Contains(s, "Klant (") || strings.Contains(s, "Respondent (") || !strings.Contains(s, "person-") {
			t.Errorf("%s does not pseudonymise its speakers:\n%s", name, txt)
		}
	}
}

// TestCodebookOnly: the .qdc holds the four forces with their sub-forces
// and one code per job, and validates against the codebook schema.
func TestCodebookOnly(t *testing.T) {
	out := runPipeline(t, pipeline.Stages{}, filepath.Join(demo, "interviews"))
	var buf bytes.Buffer
	st, err := ExportCodebook(&buf, Options{Out: out, Origin: "jobminer test"})
	if err != nil {
		t.Fatal(err)
	}
	jobs, err := output.ReadJobs(filepath.Join(out, output.JobsFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`name="struggle"`, `name="progress"`, `name="anxiety"`, `name="habit"`, `name="jobs" isCodable="false"`} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("codebook lacks %s", want)
		}
	}
	if n := strings.Count(buf.String(), "<Code "); n != st.Codes || n < 5+len(jobs) {
		t.Errorf("%d codes (stats %d) for %d jobs", n, st.Codes, len(jobs))
	}
	xmllint(t, "Codebook-mrt2019.xsd", buf.Bytes())
}

package pipeline_test

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"jobminer/pipeline"
)

// hostileMemoryBound is the peak resident memory the whole run over the
// hostile corpus must stay under (README, "Limits and memory").
const hostileMemoryBound = 512 << 20

// hostileChildEnv makes the test binary run the pipeline as a child process,
// so the parent can read the child's peak RSS.
const hostileChildEnv = "JOBMINER_HOSTILE_CHILD"

// goodLine is a JSONL record that must reach documents.parquet.
func goodLine(id string) string {
	return fmt.Sprintf(`{"id":%q,"text":"Ik wil graag mijn facturen naar Excel exporteren, dat is lastig."}`, id)
}

// buildHostileCorpus writes the hostile inputs into dir and returns the
// record ids of the good records among them.
func buildHostileCorpus(t *testing.T, dir string) []string {
	t.Helper()
	var good []string
	write := func(name string, b []byte) {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	lines := func(ls ...string) []byte { return []byte(strings.Join(ls, "\n") + "\n") }

	// A zip bomb: one entry of 100 MiB of zeros, about 100 KiB compressed.
	write("bomb.docx", zipBytes(t, map[string]io.Reader{
		"[Content_Types].xml": strings.NewReader(`<Types/>`),
		"word/document.xml":   io.LimitReader(zeros{}, 100<<20),
	}))
	// Too many entries.
	many := map[string]io.Reader{"word/document.xml": strings.NewReader(docxXML("Klant: ik wil graag exporteren"))}
	for i := 0; i < 1100; i++ {
		many[fmt.Sprintf("pad/%d", i)] = strings.NewReader("")
	}
	write("many.docx", zipBytes(t, many))
	// Entry names that try to leave the folder; the document itself is good.
	write("traversal.docx", zipBytes(t, map[string]io.Reader{
		"../../evil":          strings.NewReader("pwned"),
		"/tmp/evil-absolute":  strings.NewReader("pwned"),
		"word/../../../evil2": strings.NewReader("pwned"),
		"word/document.xml":   strings.NewReader(docxXML("Klant: Ik wil graag mijn facturen naar Excel exporteren.")),
	}))

	// A gzip stream cut in half: the records before the cut are kept.
	var plain []string
	for i := 1; i <= 400; i++ {
		id := fmt.Sprintf("gz-%d", i)
		plain = append(plain, fmt.Sprintf(`{"id":%q,"text":"Regel %d: ik wil graag mijn facturen naar Excel exporteren, versie %d %x."}`, id, i, i*7919, i*104729))
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(lines(plain...))
	zw.Close()
	write("truncated.jsonl.gz", gz.Bytes()[:gz.Len()/2])

	// A 50 MB line between two good ones.
	huge := make([]byte, 0, 50<<20+200)
	huge = append(huge, goodLine("huge-before")...)
	huge = append(huge, "\n"+`{"id":"huge","text":"`...)
	huge = append(huge, bytes.Repeat([]byte("a"), 50<<20)...)
	huge = append(huge, "\"}\n"...)
	huge = append(huge, goodLine("huge-after")...)
	huge = append(huge, '\n')
	write("huge.jsonl", huge)
	good = append(good, "huge-before", "huge-after")

	// 10 MiB of customer speech without a full stop, a job and forces in
	// every kilobyte: analysed whole, its tokens, mentions and rows took
	// some 100 times its size; it is analysed in parts of text.MaxPart.
	runOn := strings.Repeat("and then we talked about the weather and the new office and the lunch with the team ", 10) +
		"and I want to export my invoices to Excel and it is frustrating and I am worried "
	write("runon.jsonl", lines(goodLine("runon-before"),
		`{"id":"runon","role":"customer","text":"`+strings.Repeat(runOn, (10<<20)/len(runOn))+`"}`,
		goodLine("runon-after")))
	good = append(good, "runon-before", "runon", "runon-after")

	// A separator line of 256 KiB of ':' and one of '(' in customer text:
	// prose's tokenizer peels such runs one mark at a time, in quadratic
	// time (about an hour for this line); they are split in one pass.
	write("separators.jsonl", lines(goodLine("sep-before"),
		`{"id":"sep-colons","role":"customer","text":"Het werkt niet `+strings.Repeat(":", 256<<10)+`"}`,
		`{"id":"sep-parens","role":"customer","text":"Het werkt niet `+strings.Repeat("(", 256<<10)+`x"}`,
		goodLine("sep-after")))
	good = append(good, "sep-before", "sep-colons", "sep-parens", "sep-after")

	// Invalid UTF-8 and NUL bytes in JSONL and CSV. A raw NUL inside a JSON
	// string is invalid JSON: that line is a reject; invalid UTF-8 becomes
	// U+FFFD.
	write("badbytes.jsonl", lines(goodLine("bad-1"),
		"{\"id\":\"bad-2\",\"text\":\"Ik wil graag \xff\xfe mijn facturen exporteren \xc3\x28 lastig.\"}",
		"{\"id\":\"bad-nul\",\"text\":\"Ik wil\x00 graag exporteren\"}",
		goodLine("bad-3")))
	write("badbytes.csv", lines("id,text",
		"csv-1,Ik wil graag mijn facturen exporteren",
		"csv-2,\"Ik wil \xff\xfe graag\x00 exporteren, \xe2\x82 lastig\"",
		"csv-3,Het exporteren lukt niet"))
	good = append(good, "bad-1", "bad-2", "bad-3", "csv-1", "csv-2", "csv-3")

	// JSON nested 100,000 deep, between good lines.
	nested := `{"id":"nested","text":"x","deep":` + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + "}"
	write("nested.jsonl", lines(goodLine("nested-before"), nested, goodLine("nested-after")))
	write("nested.json", []byte("["+strings.Repeat(`{"a":`, 100000)+"1"+strings.Repeat("}", 100000)+"]"))
	good = append(good, "nested-before", "nested-after")

	// Binary files with text extensions.
	png := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"), bytes.Repeat([]byte{0x00, 0x1f, 0xf3, 0x01, 0x9c, 0x07}, 2000)...)
	write("image.txt", png)
	write("image.csv", append(png, 0x00)) // not the same bytes: equal files are read once

	noise := make([]byte, 8192)
	for i := range noise {
		noise[i] = byte(i*131 + i*i*7)
	}
	write("noise.jsonl", noise)

	// Symlink loops: a folder linking to itself, two links to each other.
	if err := os.Symlink(".", filepath.Join(dir, "loop")); err != nil {
		t.Fatal(err)
	}
	os.Symlink("b.jsonl", filepath.Join(dir, "a.jsonl"))
	os.Symlink("a.jsonl", filepath.Join(dir, "b.jsonl"))
	// Unreadable: a FIFO (opening it would block forever). chmod 000 does
	// not stop root, so an unreadable regular file is only tried as non-root.
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.csv"), 0o644); err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() != 0 {
		write("locked.jsonl", lines(goodLine("locked")))
		os.Chmod(filepath.Join(dir, "locked.jsonl"), 0)
	}

	// A file name that is not UTF-8 (Linux allows any bytes): read, and
	// named in valid UTF-8 in the output.
	write("naam-\xff.jsonl", lines(goodLine("badname-1")))
	good = append(good, "badname-1")

	// Good files around it all.
	write("good.jsonl", lines(goodLine("good-1"), goodLine("good-2")))
	write("sub/good.csv", lines("id,text", "sub-1,Ik wil graag mijn facturen exporteren"))
	good = append(good, "good-1", "good-2", "sub-1")
	return good
}

func docxXML(paragraph string) string {
	return `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>` +
		paragraph + `</w:t></w:r></w:p></w:body></w:document>`
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

func zipBytes(t *testing.T, entries map[string]io.Reader) []byte {
	t.Helper()
	names := make([]string, 0, len(entries))
	for n := range entries {
		names = append(names, n)
	}
	sort.Strings(names)
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, n := range names {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: n, Method: zip.Deflate})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(w, entries[n]); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestHostileChild is the child process of TestHostileCorpus.
func TestHostileChild(t *testing.T) {
	in, out := os.Getenv(hostileChildEnv+"_IN"), os.Getenv(hostileChildEnv+"_OUT")
	if os.Getenv(hostileChildEnv) == "" {
		t.Skip("helper process for TestHostileCorpus")
	}
	if _, err := pipeline.Run(context.Background(), pipeline.Options{
		Inputs: []string{in}, Out: out, Lexicon: builtin(t), Workers: 2, Version: "test",
	}); err != nil {
		t.Fatalf("run: %v", err)
	}
}

// TestHostileCorpus runs the whole pipeline, in a child process, over a
// folder of hostile inputs: each must give a reject naming its file, the run
// must finish with every good record in the output and every string valid
// UTF-8, nothing may be written outside --out, and the child's peak RSS
// must stay under hostileMemoryBound.
func TestHostileCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 100 MB corpus")
	}
	root := t.TempDir()
	in, out, tmp := filepath.Join(root, "in"), filepath.Join(root, "out"), filepath.Join(root, "tmp")
	for _, d := range []string{in, tmp} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	good := buildHostileCorpus(t, in)
	before := treeOf(t, root)

	// The child must not outlive a test that times out (it would go on
	// using a core): it is killed a little before the test's deadline.
	ctx := context.Background()
	if d, ok := t.Deadline(); ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, d.Add(-10*time.Second))
		defer cancel()
	}
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestHostileChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), hostileChildEnv+"=1", hostileChildEnv+"_IN="+in, hostileChildEnv+"_OUT="+out, "TMPDIR="+tmp)
	cmdOut, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("pipeline run failed: %v\n%s", err, cmdOut)
	}
	peak := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss << 10 // KiB on Linux
	t.Logf("peak RSS of the run: %d MiB (bound %d MiB)", peak>>20, hostileMemoryBound>>20)
	if peak > hostileMemoryBound {
		t.Errorf("peak RSS %d MiB, above the bound of %d MiB", peak>>20, hostileMemoryBound>>20)
	}

	o := readOutputs(t, out)
	// Every string in every table is valid UTF-8 without NUL.
	for _, s := range o.allStrings() {
		if !utf8.ValidString(s) || strings.IndexByte(s, 0) >= 0 {
			t.Errorf("invalid string in the output: %q", s)
		}
	}
	// The good records are all there.
	ids := map[string]bool{}
	for _, d := range o.docs {
		ids[d.RecordID] = true
	}
	for _, id := range good {
		if !ids[id] {
			t.Errorf("good record %s missing from documents.parquet", id)
		}
	}
	// The run-on record was analysed in parts and kept its mentions and
	// jobs.
	for _, d := range o.docs {
		if d.RecordID == "runon" && (d.NUtterances < 2 || d.NMentions < 1000) {
			t.Errorf("run-on record: %d utterances, %d mentions; want it cut in parts, with its mentions", d.NUtterances, d.NMentions)
		}
	}
	jobs := 0
	for _, m := range o.mentions {
		if m.Source == "runon.jsonl" && m.JobID != nil {
			jobs++
		}
	}
	if jobs == 0 {
		t.Error("run-on record: no mention tied to a job")
	}
	// The truncated gzip kept the records before the damage, in order.
	n := 0
	for i := 1; ids[fmt.Sprintf("gz-%d", i)]; i++ {
		n++
	}
	if n < 50 {
		t.Errorf("only %d records kept from before the damage in truncated.jsonl.gz", n)
	}
	// Each hostile input gives a reject naming the file, with a reason.
	type want struct{ file, reason string }
	wants := []want{
		{"bomb.docx", "zip"},
		{"many.docx", "entries"},
		{"truncated.jsonl.gz", "offset"},
		{"huge.jsonl", "longer than 16 MiB"},
		{"nested.jsonl", "depth"},
		{"nested.json", "depth"},
		{"image.txt", "binary file"},
		{"image.csv", "binary file"},
		{"noise.jsonl", "binary file"},
		{"loop", "symlinked folder not followed"},
		{"a.jsonl", "broken symlink"},
		{"pipe.csv", "not a regular file"},
		{"badbytes.jsonl", "invalid JSON"},
	}
	if os.Geteuid() != 0 {
		wants = append(wants, want{"locked.jsonl", "permission denied"})
	} else {
		t.Log("running as root: the chmod 000 case is not built (root reads it anyway); the FIFO stands for an unreadable file")
	}
	for _, w := range wants {
		found := false
		for _, r := range o.rejects {
			if r.Source == w.file && strings.Contains(r.Reason, w.reason) {
				found = true
			}
		}
		if !found {
			t.Errorf("no reject for %s mentioning %q", w.file, w.reason)
		}
	}
	for _, r := range o.rejects {
		if r.Source == "" || r.Reason == "" {
			t.Errorf("reject without file or reason: %+v", r)
		}
		if strings.HasPrefix(r.Source, "traversal.docx") {
			t.Errorf("traversal.docx rejected: %+v", r)
		}
	}
	if !ids[""] && !docFrom(o, "traversal.docx") {
		t.Error("the good document in traversal.docx is missing")
	}
	for _, r := range o.rejects {
		t.Logf("reject %s:%d %s", r.Source, r.Line, r.Reason)
	}

	// Nothing written outside --out (and the scratch TMPDIR is empty again).
	after := treeOf(t, root)
	for p := range after {
		if !before[p] && !strings.HasPrefix(p, "out/") && p != "out" {
			t.Errorf("written outside --out: %s", p)
		}
	}
}

func docFrom(o outputs, file string) bool {
	for _, d := range o.docs {
		if d.Source == file {
			return true
		}
	}
	return false
}

// treeOf lists every path under root, without following links.
func treeOf(t *testing.T, root string) map[string]bool {
	t.Helper()
	m := map[string]bool{}
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		rel, _ := filepath.Rel(root, p)
		m[filepath.ToSlash(rel)] = true
		return nil
	})
	return m
}

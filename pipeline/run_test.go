package pipeline_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jobminer/lexicon"
	"jobminer/pipeline"
	"jobminer/pipeline/output"
)

var update = flag.Bool("update", false, "rewrite golden files")

var tables = []string{output.DocumentsFile, output.MentionsFile, output.JobsFile, output.RejectsFile, output.OutcomesFile}

func builtin(t testing.TB) *lexicon.Compiled {
	t.Helper()
	c, err := pipeline.BuiltinLexicon()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func run(t testing.TB, lex *lexicon.Compiled, out string, workers int, inputs ...string) pipeline.Summary {
	t.Helper()
	sum, err := pipeline.Run(context.Background(), pipeline.Options{
		Inputs: inputs, Out: out, Lexicon: lex, Workers: workers, Version: "test", BatchDocs: 3,
	})
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	return sum
}

// TestDemoGolden runs the demo and compares every table, dumped as text, to
// the golden files in testdata/golden/demo (go test ./pipeline -update
// rewrites them; review the diff like code).
func TestDemoGolden(t *testing.T) {
	lex := builtin(t)
	out := t.TempDir()
	sum := run(t, lex, out, 2, "../testdata/demo")
	if sum.Documents == 0 || sum.Mentions == 0 || sum.Jobs == 0 {
		t.Fatalf("demo gave nothing: %+v", sum)
	}
	for _, table := range tables {
		var buf bytes.Buffer
		if err := output.Dump(&buf, filepath.Join(out, table)); err != nil {
			t.Fatal(err)
		}
		golden := filepath.Join("..", "testdata", "golden", "demo", strings.TrimSuffix(table, ".parquet")+".tsv")
		if *update {
			os.MkdirAll(filepath.Dir(golden), 0o755)
			if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test ./pipeline -update to create it)", err)
		}
		if !bytes.Equal(buf.Bytes(), want) {
			t.Errorf("%s differs from %s; diff them, and rerun with -update if the change is intended", table, golden)
		}
	}
	if _, err := os.Stat(filepath.Join(out, output.ManifestFile)); err != nil {
		t.Errorf("no manifest: %v", err)
	}
}

// TestDeterministic: the same input and lexicon give byte-identical Parquet,
// whatever the number of workers.
func TestDeterministic(t *testing.T) {
	lex := builtin(t)
	dirs := []string{t.TempDir(), t.TempDir(), t.TempDir()}
	run(t, lex, dirs[0], 1, "../testdata/demo")
	run(t, lex, dirs[1], 1, "../testdata/demo")
	run(t, lex, dirs[2], 2, "../testdata/demo")
	sameTables(t, dirs)
}

// sameTables fails t unless every output table in dirs[1:] has the bytes
// of the one in dirs[0].
func sameTables(t *testing.T, dirs []string) {
	t.Helper()
	for _, table := range tables {
		a, err := os.ReadFile(filepath.Join(dirs[0], table))
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range dirs[1:] {
			b, err := os.ReadFile(filepath.Join(d, table))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a, b) {
				t.Errorf("%s differs between runs (%s vs %s)", table, dirs[0], d)
			}
		}
	}
}

// TestSpilledJobsSameBytes: with a job budget of one occurrence every
// worker spills its aggregate after every batch, and the output is still
// byte for byte that of an in-memory run; no spill file is left behind.
func TestSpilledJobsSameBytes(t *testing.T) {
	lex := builtin(t)
	mem, spilled := t.TempDir(), t.TempDir()
	run(t, lex, mem, 2, "../testdata/demo")
	sum, err := pipeline.Run(context.Background(), pipeline.Options{
		Inputs: []string{"../testdata/demo"}, Out: spilled, Lexicon: lex, Workers: 2, Version: "test", BatchDocs: 3, JobBudget: 1,
	})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Jobs < 10 {
		t.Fatalf("only %d jobs: the demo does not exercise the spill", sum.Jobs)
	}
	for _, table := range tables {
		a, err := os.ReadFile(filepath.Join(mem, table))
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(spilled, table))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between the in-memory and the spilled run", table)
		}
	}
	entries, err := os.ReadDir(spilled)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			t.Errorf("left behind in the output: %s/", e.Name())
		}
	}
}

// TestNoInputsStillWritesEmptyTables: an empty export folder is an error
// that writes nothing (it may be an unmounted one); with AllowEmpty BI
// tools get every table, with its schema.
func TestNoInputsStillWritesEmptyTables(t *testing.T) {
	lex := builtin(t)
	out := t.TempDir()
	in := t.TempDir()
	_, err := pipeline.Run(context.Background(), pipeline.Options{Inputs: []string{in}, Out: out, Lexicon: lex, Version: "test"})
	if err == nil || !strings.Contains(err.Error(), "no input files") {
		t.Fatalf("empty input: err = %v, want no input files", err)
	}
	if ents, _ := os.ReadDir(out); len(ents) != 0 {
		t.Fatalf("empty input without AllowEmpty wrote %v", ents)
	}
	sum, err := pipeline.Run(context.Background(), pipeline.Options{Inputs: []string{in}, Out: out, Lexicon: lex, Version: "test", AllowEmpty: true})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Documents != 0 {
		t.Fatalf("documents %d", sum.Documents)
	}
	for _, table := range tables {
		if _, err := os.Stat(filepath.Join(out, table)); err != nil {
			t.Errorf("%s missing: %v", table, err)
		}
	}
}

// TestManifestSpeech: run.json counts the utterances and, apart, the
// customer and unknown speech that is tagged, in bytes of normalised text.
func TestManifestSpeech(t *testing.T) {
	in := filepath.Join(t.TempDir(), "interview.txt")
	transcript := "Interviewer: Hoe gaat het?\nKlant: Het duurt  lang.\nInterviewer: O?\nKlant: Ja.\n"
	if err := os.WriteFile(in, []byte(transcript), 0o644); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	sum := run(t, builtin(t), out, 1, in)
	b, err := os.ReadFile(filepath.Join(out, output.ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	var m output.Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	// "Het duurt lang." (the double space normalised) and "Ja.".
	want := output.Speech{Utterances: 4, EvidenceUtterances: 2, EvidenceTextBytes: int64(len("Het duurt lang.") + len("Ja."))}
	if m.Speech == nil || *m.Speech != want {
		t.Errorf("speech = %+v, want %+v", m.Speech, want)
	}
	if sum.Evidence.Utterances != 2 {
		t.Errorf("summary evidence = %+v", sum.Evidence)
	}
}

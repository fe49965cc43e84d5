package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx"

	"jobminer/lexicon"
	"jobminer/pipeline"
	"jobminer/pipeline/output"
	"jobminer/pipeline/redact"
)

func TestMain(m *testing.M) {
	flag.Parse()
	beam.Init()
	os.Exit(m.Run())
}

const demo = "../../testdata/demo"

// tables is one run's output, read back and put in a canonical order.
type tables struct {
	docs     []output.DocumentRow
	mentions []output.MentionRow
	jobs     []output.JobRow
	outcomes []output.OutcomeRow
	rejects  []output.RejectRow // in file order: both runners write input order
	manifest output.Manifest
}

func readTables(t *testing.T, dir string, sharded bool) tables {
	t.Helper()
	var tb tables
	var err error
	if sharded {
		tb.docs = readShards(t, dir, "documents", output.ReadDocuments)
		tb.mentions = readShards(t, dir, "mentions", output.ReadMentions)
	} else {
		if tb.docs, err = output.ReadDocuments(filepath.Join(dir, output.DocumentsFile)); err != nil {
			t.Fatal(err)
		}
		if tb.mentions, err = output.ReadMentions(filepath.Join(dir, output.MentionsFile)); err != nil {
			t.Fatal(err)
		}
	}
	if tb.jobs, err = output.ReadJobs(filepath.Join(dir, output.JobsFile)); err != nil {
		t.Fatal(err)
	}
	if tb.outcomes, err = output.ReadOutcomes(filepath.Join(dir, output.OutcomesFile)); err != nil {
		t.Fatal(err)
	}
	if tb.rejects, err = output.ReadRejects(filepath.Join(dir, output.RejectsFile)); err != nil {
		t.Fatal(err)
	}
	if tb.manifest, err = output.ReadManifest(filepath.Join(dir, output.ManifestFile)); err != nil {
		t.Fatal(err)
	}
	sort.Slice(tb.docs, func(i, j int) bool { return tb.docs[i].DocID < tb.docs[j].DocID })
	sort.Slice(tb.mentions, func(i, j int) bool { return tb.mentions[i].MentionID < tb.mentions[j].MentionID })
	sort.Slice(tb.jobs, func(i, j int) bool { return tb.jobs[i].JobID < tb.jobs[j].JobID })
	sort.Slice(tb.outcomes, func(i, j int) bool { return tb.outcomes[i].OutcomeID < tb.outcomes[j].OutcomeID })
	return tb
}

func readShards[T any](t *testing.T, dir, table string, read func(string) ([]T, error)) []T {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, table, "*.parquet"))
	if err != nil || len(files) == 0 {
		t.Fatalf("%s: no shards (%v)", table, err)
	}
	var all []T
	for _, f := range files {
		rows, err := read(f)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, rows...)
	}
	return all
}

func compiledLexicon(t *testing.T) *lexicon.Compiled {
	t.Helper()
	c, err := pipeline.BuiltinLexicon()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// runBoth runs `jobminer run` (pipeline.Run) and the Beam pipeline on prism
// over the same inputs and returns both outputs and the Beam counters.
// beamOut "" is a local folder; a memfs:// folder is copied back to read it.
func runBoth(t *testing.T, runInputs, beamInputs []string, beamOut string) (want, got tables, counters map[string]int64) {
	t.Helper()
	return runBothWith(t, privacy{}, runInputs, beamInputs, beamOut)
}

// privacy is the --no-redact and --pseudonymise settings of a run.
type privacy struct {
	noRedact bool
	key      []byte
}

func runBothWith(t *testing.T, pv privacy, runInputs, beamInputs []string, beamOut string) (want, got tables, counters map[string]int64) {
	t.Helper()
	st := pipeline.Stages{NoRedact: pv.noRedact}
	if pv.key != nil {
		var err error
		if st.Pseudonymiser, err = redact.NewPseudonymiser(pv.key); err != nil {
			t.Fatal(err)
		}
	}
	ctx := context.Background()
	a, b := t.TempDir(), t.TempDir()
	out := b
	if beamOut != "" {
		out = beamOut
	}
	if _, err := pipeline.Run(ctx, pipeline.Options{Inputs: runInputs, Out: a, Lexicon: compiledLexicon(t), Version: "test", Stages: st}); err != nil {
		t.Fatal(err)
	}
	p, err := Build(ctx, Config{Inputs: beamInputs, Out: out, Version: "test", Shards: 3,
		NoRedact: pv.noRedact, PseudonymKey: pv.key})
	if err != nil {
		t.Fatal(err)
	}
	res, err := beamx.RunWithMetrics(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	counters = map[string]int64{}
	for _, r := range res.Metrics().AllMetrics().Counters() {
		if r.Key.Namespace == "jobminer" {
			counters[r.Key.Name] += r.Result()
		}
	}
	if beamOut != "" {
		copyBack(t, beamOut, b)
	}
	return readTables(t, a, false), readTables(t, b, true), counters
}

// copyBack copies the files of a run written to a Beam filesystem into dir.
func copyBack(t *testing.T, from, dir string) {
	t.Helper()
	ctx := context.Background()
	fs, err := filesystem.New(ctx, from)
	if err != nil {
		t.Fatal(err)
	}
	defer fs.Close()
	var names []string
	for _, glob := range []string{from + "/*", from + "/*/*"} {
		n, err := fs.List(ctx, glob)
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, n...)
	}
	for _, n := range names {
		r, err := fs.OpenRead(ctx, n)
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		dst := filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(n, from+"/")))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func same[T any](t *testing.T, name string, got, want []T) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d rows, jobminer run has %d", name, len(got), len(want))
		return
	}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			g, _ := json.Marshal(got[i]) // JSON shows what *string and *time.Time point to
			w, _ := json.Marshal(want[i])
			t.Errorf("%s row %d differs:\n beam %s\n  run %s", name, i, g, w)
			return
		}
	}
}

func compare(t *testing.T, want, got tables, counters map[string]int64) {
	t.Helper()
	same(t, "documents", got.docs, want.docs)
	same(t, "mentions", got.mentions, want.mentions)
	same(t, "jobs", got.jobs, want.jobs)
	same(t, "outcomes", got.outcomes, want.outcomes)
	same(t, "rejects", got.rejects, want.rejects)
	gm, wm := got.manifest, want.manifest
	if gm.Counts != wm.Counts || gm.Rejects != wm.Rejects {
		t.Errorf("manifest counts %+v, jobminer run %+v", gm.Counts, wm.Counts)
	}
	if !reflect.DeepEqual(gm.Inputs, wm.Inputs) {
		t.Errorf("manifest inputs differ:\n beam %+v\n  run %+v", gm.Inputs, wm.Inputs)
	}
	if !reflect.DeepEqual(gm.Lexicons, wm.Lexicons) || !reflect.DeepEqual(gm.Redaction, wm.Redaction) {
		t.Errorf("manifest lexicons/redaction differ:\n beam %v %+v\n  run %v %+v", gm.Lexicons, gm.Redaction, wm.Lexicons, wm.Redaction)
	}
	// The counters are the rows, for the runner's UI.
	for name, n := range map[string]int64{"documents": wm.Counts.Documents, "mentions": wm.Counts.Mentions,
		"rejects": wm.Counts.Rejects, "jobs": wm.Counts.Jobs} {
		if counters[name] != n {
			t.Errorf("counter %s = %d, want %d", name, counters[name], n)
		}
	}
	if counters["rejects_file"]+counters["rejects_record"] != counters["rejects"] {
		t.Errorf("reject classes %d + %d != rejects %d", counters["rejects_file"], counters["rejects_record"], counters["rejects"])
	}
}

func TestDemoMatchesRun(t *testing.T) {
	want, got, counters := runBoth(t, []string{demo}, []string{demo}, "")
	if len(want.docs) == 0 || len(want.mentions) == 0 || len(want.jobs) == 0 || len(want.rejects) == 0 {
		t.Fatalf("demo too small to compare: %d docs, %d mentions, %d jobs, %d rejects",
			len(want.docs), len(want.mentions), len(want.jobs), len(want.rejects))
	}
	compare(t, want, got, counters)
}

// The privacy settings reach the workers: pseudonyms, and no redaction.
func TestPrivacyMatchesRun(t *testing.T) {
	for _, pv := range []privacy{{key: []byte("0123456789abcdef-test-key")}, {noRedact: true}} {
		want, got, counters := runBothWith(t, pv, []string{demo}, []string{demo}, "")
		compare(t, want, got, counters)
		if pv.key != nil && !got.manifest.Redaction.Pseudonymised {
			t.Errorf("run.json does not say pseudonymised")
		}
	}
}

// Inputs and output on a Beam filesystem (here the in-memory memfs://,
// standing in for gs:// and s3://): inputs are listed by glob and copied to
// the worker to be read; the tables are written through the filesystem.
func TestFilesystemInputMatchesRun(t *testing.T) {
	ctx := context.Background()
	var files []string
	err := filepath.Walk(demo, func(p string, info os.FileInfo, err error) error {
		if err == nil && info.Mode().IsRegular() {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		rel, _ := filepath.Rel(demo, f)
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := writeFile(ctx, "memfs://demo-in/"+filepath.ToSlash(rel), data); err != nil {
			t.Fatal(err)
		}
	}
	fs, err := filesystem.New(ctx, "memfs://demo-in/*/*")
	if err != nil {
		t.Fatal(err)
	}
	names, _ := fs.List(ctx, "memfs://demo-in/*/*")
	if len(names) != len(files) {
		t.Fatalf("memfs lists %d files, wrote %d", len(names), len(files))
	}
	want, got, counters := runBoth(t, []string{demo}, []string{"memfs://demo-in/*/*"}, "memfs://demo-out")
	compare(t, want, got, counters)
}

// TestLargeCorpusMatchesRun compares the two on a generated corpus of 20 MB
// in four files (so the Beam read stage has parallel work). It takes about a
// minute on two cores; -short skips it.
func TestLargeCorpusMatchesRun(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	dir := t.TempDir()
	for i := 0; i < 4; i++ {
		generate(t, filepath.Join(dir, fmt.Sprintf("part-%d.jsonl", i)), 5<<20, uint64(i+1))
	}
	want, got, counters := runBoth(t, []string{dir}, []string{dir}, "")
	if len(want.docs) < 50000 || len(want.jobs) < 20 {
		t.Fatalf("corpus too small: %d docs, %d jobs", len(want.docs), len(want.jobs))
	}
	compare(t, want, got, counters)
}

// generate writes about size bytes of JSONL support records in English and
// Dutch, built from force and job phrases so that there are mentions and jobs
// to cluster, plus a few broken lines that must end up as rejects.
func generate(t *testing.T, path string, size int, seed uint64) {
	t.Helper()
	r := rand.New(rand.NewPCG(seed, 42))
	en := []string{
		"I struggle to export my invoices to Excel every month.", "It takes ages to reconcile the bank account.",
		"I'm worried the backup will fail again.", "We always do the VAT return by hand in a spreadsheet.",
		"It would be great if I could send reminders to clients automatically.", "The app keeps crashing when I upload receipts.",
		"I'm afraid of losing my data when we switch.", "I want to link my bank account so that payments match themselves.",
		"Frustrating that I cannot export the report to PDF.", "We still use the old system because everyone knows it.",
		"Please tell me how much the upgrade costs.", "I need to file the VAT return before Friday.",
	}
	nl := []string{
		"Ik worstel elke maand met het exporteren van facturen naar Excel.", "Het duurt eeuwen om de bank te koppelen.",
		"Ik ben bang dat de back-up weer mislukt.", "We doen de btw-aangifte altijd met de hand.",
		"Het zou fijn zijn als ik automatisch herinneringen kon sturen.", "De app loopt steeds vast bij het uploaden van bonnetjes.",
		"Ik wil mijn bankrekening koppelen zodat betalingen vanzelf kloppen.", "Frustrerend dat ik het rapport niet naar PDF kan exporteren.",
	}
	// Job phrases: verb × object gives many job keys to cluster.
	enJobs := []string{"I struggle to %s %s every month.", "It would be great if I could %s %s automatically.",
		"I'm worried I will not be able to %s %s in time.", "We always %s %s by hand, it takes ages."}
	verbs := []string{"export", "send", "import", "print", "share", "archive", "approve", "scan"}
	objects := []string{"my invoices", "the receipts", "the quarterly report", "bank statements", "payslips",
		"quotes to clients", "the VAT return", "expense claims"}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	start := time.Date(2025, 1, 1, 8, 0, 0, 0, time.UTC)
	n := 0
	for i := 0; n < size; i++ {
		var line string
		if i%5000 == 4999 {
			line = `{"id": "broken-` + fmt.Sprint(seed, "-", i) + `", "text": ` + "\n" // a truncated record
		} else {
			lang, pool := "en", en
			if r.IntN(3) == 0 {
				lang, pool = "nl", nl
			}
			role := "customer"
			if r.IntN(5) == 0 {
				role = "agent"
			}
			txt := pool[r.IntN(len(pool))]
			if lang == "en" && r.IntN(2) == 0 {
				txt = fmt.Sprintf(enJobs[r.IntN(len(enJobs))], verbs[r.IntN(len(verbs))], objects[r.IntN(len(objects))])
			}
			if r.IntN(2) == 0 {
				txt += " " + pool[r.IntN(len(pool))]
			}
			line = fmt.Sprintf(`{"id": "g%d-%07d", "channel": "ticket", "lang": %q, "speaker_role": %q, "created_at": %q, "text": %q}`+"\n",
				seed, i, lang, role, start.Add(time.Duration(r.IntN(365*24*60))*time.Minute).Format(time.RFC3339), txt)
		}
		k, err := w.WriteString(line)
		if err != nil {
			t.Fatal(err)
		}
		n += k
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

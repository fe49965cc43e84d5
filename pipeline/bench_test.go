package pipeline_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jobminer/pipeline"
	"jobminer/pipeline/ingest"
	"jobminer/pipeline/record"
	"jobminer/pipeline/text"
)

// benchSentences are customer, agent and small-talk sentences in the shape
// of ../shared/bench/gen (support tickets and chats, Dutch and English), so
// the benchmarks exercise every stage without needing ../shared.
var benchSentences = map[string][]string{
	"en": {
		"I keep getting an error when I try to export my invoices to Excel.",
		"It's really frustrating, it costs me hours every week!",
		"I want to be able to schedule the monthly report automatically.",
		"I'm worried that we lose our data if we switch to the new version.",
		"We have always done it in spreadsheets, so the team is used to that.",
		"How do I connect the app to our bank account?",
		"Thanks, that works now :)",
		"Please update the app to the latest version and try again.",
		"Is there a way to share a dashboard with my accountant?",
		"The sync is not working since the last update, e.g. on my iPhone.",
		"<p>Hi,<br>the login page keeps crashing.&nbsp;Can someone help?</p>",
		"ok thx",
	},
	"nl": {
		"Ik krijg steeds een foutmelding als ik m'n facturen naar Excel wil exporteren.",
		"Dat is echt frustrerend en het kost me elke week uren!",
		"Ik wil graag het maandrapport automatisch inplannen, bijv. elke maandag.",
		"Ik maak me zorgen dat we gegevens kwijtraken als we overstappen.",
		"We doen het al jaren in Excel, dus iedereen is daar aan gewend.",
		"Hoe kan ik de app koppelen aan onze bankrekening?",
		"Bedankt, het werkt nu 👍",
		"Wilt u de app bijwerken naar de nieuwste versie en het opnieuw proberen?",
		"Het lukt me niet om het dashboard te delen met o.a. onze boekhouder.",
		"De synchronisatie werkt niet meer sinds de laatste update.",
		"<p>Hoi,<br>de inlogpagina loopt steeds vast.&nbsp;Kan iemand helpen?</p>",
		"oké top",
	},
}

// writeBenchCorpus writes about size bytes of JSONL in the fields of
// ../shared/bench/gen (id, channel, lang, speaker_role, created_at, text),
// the same for the same size.
func writeBenchCorpus(tb testing.TB, path string, size int) {
	tb.Helper()
	rng := rand.New(rand.NewPCG(42, 6))
	var sb strings.Builder
	roles := []string{"customer", "customer", "customer", "agent", "interviewer"}
	channels := []string{"ticket", "chat", "interview"}
	for i := 1; sb.Len() < size; i++ {
		lang := "en"
		if rng.IntN(2) == 0 {
			lang = "nl"
		}
		ss := benchSentences[lang]
		n := 1 + rng.IntN(4)
		parts := make([]string, n)
		for j := range parts {
			parts[j] = ss[rng.IntN(len(ss))]
		}
		rec := map[string]string{
			"id": fmt.Sprintf("r-%08d", i), "channel": channels[rng.IntN(len(channels))], "lang": lang,
			"speaker_role": roles[rng.IntN(len(roles))],
			"created_at":   fmt.Sprintf("2024-01-%02dT08:%02d:%02dZ", 1+i/100000%28, i/60%60, i%60),
			"text":         strings.Join(parts, " "),
		}
		b, err := json.Marshal(rec)
		if err != nil {
			tb.Fatal(err)
		}
		sb.Write(b)
		sb.WriteByte('\n')
	}
	if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
		tb.Fatal(err)
	}
}

const benchCorpusBytes = 5 << 20

func benchCorpus(b *testing.B) (string, int64) {
	b.Helper()
	path := filepath.Join(b.TempDir(), "corpus.jsonl")
	writeBenchCorpus(b, path, benchCorpusBytes)
	fi, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	return path, fi.Size()
}

// BenchmarkRun is the whole pipeline, Parquet included, on a 5 MB JSONL
// corpus; MB/s is per input byte.
func BenchmarkRun(b *testing.B) {
	lex := builtin(b)
	path, size := benchCorpus(b)
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			b.SetBytes(size)
			for b.Loop() {
				_, err := pipeline.Run(context.Background(), pipeline.Options{
					Inputs: []string{path}, Out: b.TempDir(), Lexicon: lex, Workers: workers, Version: "bench",
				})
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkProcess is the per-record stages (text, privacy, tag, extract) on
// one core, without reading or writing; MB/s is per input byte.
func BenchmarkProcess(b *testing.B) {
	lex := builtin(b)
	path, size := benchCorpus(b)
	var docs []*record.Document
	if _, err := ingest.Read(ingest.Input{Path: path, Rel: "corpus.jsonl", Size: size}, ingest.Options{}, func(it ingest.Item) {
		if it.Doc != nil {
			docs = append(docs, it.Doc)
		}
	}); err != nil {
		b.Fatal(err)
	}
	a := text.NewAnalyzer()
	// Process works in place: restore the read documents before each pass.
	orig := make([]record.Document, len(docs))
	work := make([][]record.Utterance, len(docs))
	for i, d := range docs {
		orig[i] = *d
		orig[i].Utterances = append([]record.Utterance(nil), d.Utterances...)
		work[i] = d.Utterances
	}
	b.SetBytes(size)
	for b.Loop() {
		for i, d := range docs {
			*d = orig[i]
			d.Utterances = append(work[i][:0], orig[i].Utterances...)
			pipeline.Process(d, a, lex, pipeline.Stages{})
		}
	}
}

// BenchmarkRunInput runs the whole pipeline on the files or folders in
// $JOBMINER_BENCH_INPUT (space-separated), e.g. a corpus that
// testdata/bench.sh generated, for profiling: go test ./pipeline -run XXX
// -bench RunInput -benchtime 1x -cpuprofile cpu.prof. It skips when the
// variable is not set.
func BenchmarkRunInput(b *testing.B) {
	inputs := strings.Fields(os.Getenv("JOBMINER_BENCH_INPUT"))
	if len(inputs) == 0 {
		b.Skip("JOBMINER_BENCH_INPUT not set")
	}
	var size int64
	for _, in := range inputs {
		filepath.Walk(in, func(_ string, fi os.FileInfo, err error) error {
			if err == nil && !fi.IsDir() {
				size += fi.Size()
			}
			return nil
		})
	}
	lex := builtin(b)
	b.SetBytes(size)
	for b.Loop() {
		if _, err := pipeline.Run(context.Background(), pipeline.Options{Inputs: inputs, Out: b.TempDir(), Lexicon: lex, Workers: 1, Version: "bench"}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLongUtterance is the per-record stages, rows and job occurrences
// of one customer utterance of 256 KiB, 1 MiB and 4 MiB, in three shapes:
// run-on text without a full stop, one job followed by thousands of
// complaints, and the bench sentences joined. MB/s should not fall with
// the size: every stage reads only what is near each item (README, "Limits
// and memory"); before 2026-12-02 the run-on took 90 s per MiB.
func BenchmarkLongUtterance(b *testing.B) {
	lex := builtin(b)
	shapes := map[string]func(n int) string{
		"run-on": func(n int) string {
			return repeatTo("it is frustrating and I am worried and I always use the old tool and I want to export my invoices to Excel and ", n)
		},
		"one-job": func(n int) string {
			return "I want to export my invoices to Excel. " + repeatTo("It is slow and frustrating, it takes too long. ", n)
		},
		"sentences": func(n int) string {
			return repeatTo(strings.Join(benchSentences["en"], " ")+" ", n)
		},
	}
	for _, shape := range []string{"run-on", "one-job", "sentences"} {
		for _, size := range []int{256 << 10, 1 << 20, 4 << 20} {
			txt := shapes[shape](size)
			b.Run(fmt.Sprintf("%s/%dKiB", shape, size>>10), func(b *testing.B) {
				a := text.NewAnalyzer()
				b.SetBytes(int64(len(txt)))
				for b.Loop() {
					d := &record.Document{Source: record.Source{File: "long.jsonl", Line: 1}, Language: "en",
						Utterances: []record.Utterance{{Role: record.Customer, Language: "en", Text: txt}}}
					pipeline.Process(d, a, lex, pipeline.Stages{NoRedact: true})
					pipeline.Rows(d)
					pipeline.Occurrences(d)
					a.Recycle()
				}
			})
		}
	}
}

// repeatTo repeats s to n bytes, cut at a space.
func repeatTo(s string, n int) string {
	t := strings.Repeat(s, n/len(s)+1)[:n]
	if i := strings.LastIndexByte(t, ' '); i > 0 {
		t = t[:i]
	}
	return t
}

package text

import (
	"bufio"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"jobminer/pipeline/record"
)

var (
	benchEN = strings.Repeat("I keep getting an error when I try to export my invoices to Excel, e.g. the monthly report. "+
		"It's really frustrating and it costs me hours every week! Can someone help? Thanks. ", 20)
	benchNL = strings.Repeat("Ik krijg steeds een foutmelding als ik m'n facturen naar Excel wil exporteren, o.a. het maandrapport. "+
		"Dat is echt frustrerend en het kost me elke week uren! Kan iemand helpen? Bedankt. ", 20)
	benchHTML = strings.Repeat("<p>Ik krijg steeds een <b>foutmelding</b> als ik facturen wil exporteren.&nbsp;Kan iemand helpen?</p>\n", 30)
)

func BenchmarkNormalize(b *testing.B) {
	for _, c := range []struct{ name, s string }{
		{"clean", strings.TrimSpace(benchNL)}, // the no-allocation fast path
		{"trailing-space", benchNL},
		{"html", benchHTML},
		{"double-spaces", strings.ReplaceAll(benchNL, " ", "  ")},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.s)))
			for b.Loop() {
				_ = Normalize(c.s)
			}
		})
	}
}

func BenchmarkLanguage(b *testing.B) {
	s := "Ik krijg steeds een foutmelding bij het inloggen"
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		_, _ = Language(s)
	}
}

func benchAnalyze(b *testing.B, lang, s string) {
	a := NewAnalyzer()
	u := record.Utterance{Text: s}
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		a.Analyze(&u, lang)
	}
}

func BenchmarkAnalyzeEN(b *testing.B) { benchAnalyze(b, "en", benchEN) }
func BenchmarkAnalyzeNL(b *testing.B) { benchAnalyze(b, "nl", benchNL) }

// BenchmarkAnalyzeCorpus analyses the customer texts of the JSONL file in
// $JOBMINER_ANALYZE_CORPUS (fields text, lang, speaker_role or role, as in
// ../shared/bench/gen and ../shared/gold) as one worker would, a fresh
// Analyzer per pass, as Analyze does it and as it was before its scratch
// buffers (reference).
// It skips when the variable is not set.
func BenchmarkAnalyzeCorpus(b *testing.B) {
	path := os.Getenv("JOBMINER_ANALYZE_CORPUS")
	if path == "" {
		b.Skip("JOBMINER_ANALYZE_CORPUS not set")
	}
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	type rec struct {
		Text, Lang, Role string
		SpeakerRole      string `json:"speaker_role"`
	}
	var recs []rec
	var size int64
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var r rec
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			b.Fatalf("%s: %v", path, err)
		}
		if r.Role == "customer" || r.SpeakerRole == "customer" {
			r.Text = Normalize(r.Text)
			recs = append(recs, r)
			size += int64(len(r.Text))
		}
	}
	if err := sc.Err(); err != nil {
		b.Fatal(err)
	}
	if len(recs) == 0 {
		b.Fatalf("%s: no customer texts", path)
	}
	for _, c := range []struct {
		name string
		fn   func(a *Analyzer, u *record.Utterance, lang string)
	}{{"reference", referenceAnalyze}, {"analyze", (*Analyzer).Analyze}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(size)
			b.ReportAllocs()
			for b.Loop() {
				a := NewAnalyzer()
				for _, r := range recs {
					u := record.Utterance{Text: r.Text}
					c.fn(a, &u, r.Lang)
				}
			}
		})
	}
}

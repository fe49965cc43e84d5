package ingest

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// benchJSONL is about 1 MB of JSONL in the fields of ../shared/bench/gen.
var benchJSONL = func() string {
	var sb strings.Builder
	for i := 0; sb.Len() < 1<<20; i++ {
		lang, text := "en", `I keep getting an error when I try to export my invoices to Excel. It's really frustrating! 😅`
		if i%2 == 1 {
			lang, text = "nl", `<p>Ik krijg steeds een foutmelding als ik m'n facturen wil exporteren.&nbsp;Kan iemand helpen?</p>`
		}
		fmt.Fprintf(&sb, `{"id": "t-%08d", "channel": "ticket", "lang": %q, "speaker_role": "customer", "created_at": "2024-01-01T08:00:57Z", "text": %q}`+"\n", i, lang, text)
	}
	return sb.String()
}()

// BenchmarkReadJSONL is reading JSONL into Documents (line splitting, JSON
// decoding, fields, assembling); MB/s is per input byte.
func BenchmarkReadJSONL(b *testing.B) {
	b.SetBytes(int64(len(benchJSONL)))
	for b.Loop() {
		n := 0
		if _, err := readStream(strings.NewReader(benchJSONL), Input{Path: "bench.jsonl", Rel: "bench.jsonl"}, Options{}, func(it Item) {
			if it.Doc == nil {
				b.Fatal("reject in the benchmark corpus")
			}
			n++
		}); err != nil {
			b.Fatal(err)
		}
		if n == 0 {
			b.Fatal("no documents")
		}
	}
}

// BenchmarkReadTranscript is reading the demo interviews (format
// detection, line classification, speakers, roles); MB/s per input byte.
func BenchmarkReadTranscript(b *testing.B) {
	paths, err := filepath.Glob("../../testdata/demo/interviews/*.txt")
	if err != nil || len(paths) == 0 {
		b.Fatalf("no demo interviews: %v", err)
	}
	var files [][]byte
	var n int64
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		files, n = append(files, data), n+int64(len(data))
	}
	b.SetBytes(n)
	for b.Loop() {
		for i, data := range files {
			docs := 0
			if _, err := readStream(bytes.NewReader(data), Input{Path: paths[i], Rel: filepath.Base(paths[i])}, Options{}, func(it Item) {
				if it.Doc != nil {
					docs++
				}
			}); err != nil || docs != 1 {
				b.Fatalf("%s: %d documents, %v", paths[i], docs, err)
			}
		}
	}
}

package ingest

import (
	"fmt"
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

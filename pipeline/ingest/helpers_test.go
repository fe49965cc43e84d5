package ingest

import (
	"fmt"
	"strings"
	"testing"
)

// readString reads content as a file named name and collects the items.
func readString(t testing.TB, name, content string, opts Options) ([]Item, Stats) {
	t.Helper()
	var items []Item
	st, err := readStream(strings.NewReader(content), Input{Path: name, Rel: name}, opts, func(it Item) { items = append(items, it) })
	if err != nil {
		t.Fatalf("read %s: %v", name, err)
	}
	return items, st
}

// brief renders items compactly for table tests:
//
//	doc LINE id=ID ch=CHANNEL lang=LANG
//	  LINE SPEAKER/ROLE/LANG: TEXT
//	reject LINE: REASON
func brief(items []Item) []string {
	var out []string
	for _, it := range items {
		if it.Reject != nil {
			out = append(out, fmt.Sprintf("reject %d: %s", it.Reject.Source.Line, it.Reject.Reason))
			continue
		}
		d := it.Doc
		out = append(out, fmt.Sprintf("doc %d id=%s ch=%s lang=%s", d.Source.Line, d.Source.RecordID, d.Channel, d.Language))
		for _, u := range d.Utterances {
			out = append(out, fmt.Sprintf("  %d %s/%s/%s: %s", u.Line, u.Speaker, u.Role, u.Language, u.Text))
		}
	}
	return out
}

// checkBrief compares brief(items) with want, line by line.
func checkBrief(t *testing.T, items []Item, want []string) {
	t.Helper()
	got := brief(items)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

package ingest

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"unicode/utf8"
)

// addSeeds adds the testdata files with the given extension as seeds.
func addSeeds(f *testing.F, ext string) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*"+ext))
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
}

// fuzzRead reads data as a file in the given format and checks the
// properties every reader must keep. It returns the items and the number of
// lines of data.
func fuzzRead(t *testing.T, name, format string, data []byte) ([]Item, int) {
	var items []Item
	_, err := readStream(bytes.NewReader(data), Input{Path: name, Rel: name}, Options{Format: format}, func(it Item) { items = append(items, it) })
	// Bytes that start like gzip but are not a whole stream stop the file
	// (the run turns that into a reject naming the file and the offset);
	// anything else must be read record by record.
	var damaged *damagedGzip
	if err != nil && !errors.As(err, &damaged) {
		t.Fatalf("read: %v", err)
	}
	nlines := bytes.Count(data, []byte("\n")) + 1
	var lines []int
	for _, it := range items {
		switch {
		case it.Doc != nil && it.Reject != nil, it.Doc == nil && it.Reject == nil:
			t.Fatalf("item must hold exactly one of Doc and Reject: %+v", it)
		case it.Reject != nil:
			if it.Reject.Reason == "" || !utf8.ValidString(it.Reject.Reason) {
				t.Fatalf("reject without a readable reason: %+v", it.Reject)
			}
			lines = append(lines, it.Reject.Source.Line)
		default:
			d := it.Doc
			if len(d.Utterances) == 0 {
				t.Fatalf("document without utterances: %+v", d)
			}
			for _, s := range []string{d.Source.RecordID, d.Language, d.CustomerID} {
				if !utf8.ValidString(s) {
					t.Fatalf("invalid UTF-8 in document %q", s)
				}
			}
			for _, u := range d.Utterances {
				if len(bytes.TrimSpace([]byte(u.Text))) == 0 {
					t.Fatalf("%s: empty utterance text", d.Source)
				}
				for _, s := range []string{u.Text, u.Speaker, u.Language} {
					if !utf8.ValidString(s) || bytes.IndexByte([]byte(s), 0) >= 0 {
						t.Fatalf("%s: invalid UTF-8 or NUL in %q", d.Source, s)
					}
				}
				lines = append(lines, u.Line)
			}
		}
	}
	sort.Ints(lines)
	for i, l := range lines {
		if l < 1 || l > nlines {
			t.Fatalf("line %d outside 1..%d", l, nlines)
		}
		// Only line-based formats promise one record per line.
		if i > 0 && l == lines[i-1] && (format == "csv" || format == "jsonl") {
			t.Fatalf("line %d reported twice", l)
		}
	}
	return items, nlines
}

// nonBlankCount counts the lines of data that are not blank, as the readers
// see them (a leading BOM is not content).
func nonBlankCount(data []byte) int {
	// The readers see the bytes decoded from the sniffed encoding, where a
	// stray 0xA0 is a no-break space: blank.
	if enc := sniffEncoding(data, true); enc != nil {
		if d, err := enc.NewDecoder().Bytes(data); err == nil {
			data = d
		}
	}
	data = bytes.TrimPrefix(data, utf8BOM)
	n := 0
	for _, l := range bytes.Split(data, []byte("\n")) {
		if len(bytes.TrimSpace(l)) > 0 {
			n++
		}
	}
	return n
}

// records counts utterances and rejects.
func records(items []Item) int {
	n := 0
	for _, it := range items {
		if it.Reject != nil {
			n++
		} else {
			n += len(it.Doc.Utterances)
		}
	}
	return n
}

func FuzzCSV(f *testing.F) {
	addSeeds(f, ".csv")
	f.Add([]byte("id,text\n1,\"open\n2,x\n3,\"y\"\n"))
	f.Add([]byte("conversation_id;text\nc;a\nc;\nc;b\n;c\n"))
	f.Add([]byte("text\n\"a\"\"b\",c\n\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		items, _ := fuzzRead(t, "f.csv", "csv", data)
		// Without quotes every non-blank line is one record, so every line
		// after the header must end as one utterance or one reject, unless
		// the header itself was rejected (then it is the only item).
		if bytes.IndexByte(data, '"') >= 0 || nonBlankCount(data) == 0 {
			return
		}
		if len(items) == 1 && items[0].Reject != nil && records(items) == 1 && items[0].Reject.Source.Line == firstNonBlank(data) {
			return
		}
		if got, want := records(items), nonBlankCount(data)-1; got != want {
			t.Fatalf("%d utterances+rejects for %d non-blank data lines:\n%s", got, want, dump(items))
		}
	})
}

// firstNonBlank returns the number of the first non-blank line.
func firstNonBlank(data []byte) int {
	for i, l := range bytes.Split(bytes.TrimPrefix(data, utf8BOM), []byte("\n")) {
		if len(bytes.TrimSpace(l)) > 0 {
			return i + 1
		}
	}
	return 0
}

func FuzzJSONL(f *testing.F) {
	addSeeds(f, ".jsonl")
	f.Add([]byte(`{"text":"a","conversation_id":1}` + "\n" + `{"text":"","conversation_id":1}` + "\n[]\n"))
	f.Add([]byte("{\"text\":\"\\u0000\\ud800\"}\n{\"Text\":1}\n"))
	f.Add([]byte("[\n{\"text\":\"a\"},\n{\"text\": x}\n"))
	f.Add([]byte("[{\"text\":\"a\"}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		items, _ := fuzzRead(t, "f.jsonl", "jsonl", data)
		if got, want := records(items), nonBlankCount(data); got != want {
			t.Fatalf("%d utterances+rejects for %d non-blank lines:\n%s", got, want, dump(items))
		}
		// The same bytes as a .json file: no panic, the common properties.
		fuzzRead(t, "f.json", "json", data)
	})
}

func FuzzTranscript(f *testing.F) {
	addSeeds(f, ".txt")
	f.Add([]byte("Titel\n\n[00:00:01] Q: a\nb\n\nc\nA (1:02):\n\nJan  0:01\nx\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		items, _ := fuzzRead(t, "f.txt", "transcript", data)
		docs := 0
		for _, it := range items {
			if it.Doc != nil {
				docs++
				prev := 0
				for _, u := range it.Doc.Utterances {
					if u.Line <= prev {
						t.Fatalf("utterance lines not increasing: %d after %d", u.Line, prev)
					}
					prev = u.Line
				}
			}
		}
		if docs > 1 {
			t.Fatalf("%d documents from one transcript", docs)
		}
		// The transcript reader drops NULs, so NULs alone are blank.
		if nonBlankCount(bytes.ReplaceAll(data, []byte{0}, nil)) > 0 && len(items) == 0 {
			t.Fatalf("non-blank transcript produced nothing")
		}
	})
}

package ingest

import (
	"bytes"
	"compress/gzip"
	"testing"
	"unicode/utf8"
)

// FuzzReadDetect reads any bytes the way a run does, with the format
// detected, optionally gzipped and cut short: no panic; the file either
// stops with an error a person can read or yields items that are each a
// Document or a Reject, with valid UTF-8 and no NULs in their text.
func FuzzReadDetect(f *testing.F) {
	f.Add([]byte(`{"text":"a"}`+"\n"+`{"text":"b"}`), "f.jsonl", false, 0)
	f.Add([]byte("id,text\n1,a\n2,b\n"), "f.csv", true, 30)
	f.Add([]byte("\x89PNG\r\n\x1a\n\x00\x00"), "f.txt", false, 0)
	f.Add([]byte("Klant: ik wil\x00 \xff exporteren\n"), "f.txt", true, 0)
	f.Fuzz(func(t *testing.T, data []byte, name string, gz bool, cut int) {
		if gz {
			var b bytes.Buffer
			zw := gzip.NewWriter(&b)
			zw.Write(data)
			zw.Close()
			data = b.Bytes()
			if cut > 0 && cut < len(data) {
				data = data[:cut]
			}
		}
		_, err := readStream(bytes.NewReader(data), Input{Path: name, Rel: name}, Options{}, func(it Item) {
			if (it.Doc == nil) == (it.Reject == nil) {
				t.Fatalf("item must hold exactly one of Doc and Reject: %+v", it)
			}
			if it.Reject != nil {
				if it.Reject.Reason == "" || !utf8.ValidString(it.Reject.Reason) {
					t.Fatalf("reject without a readable reason: %+v", it.Reject)
				}
				return
			}
			for _, u := range it.Doc.Utterances {
				for _, s := range []string{u.Text, u.Speaker} {
					if !utf8.ValidString(s) || bytes.IndexByte([]byte(s), 0) >= 0 {
						t.Fatalf("invalid UTF-8 or NUL in %q", s)
					}
				}
			}
		})
		if err != nil && (err.Error() == "" || !utf8.ValidString(err.Error())) {
			t.Fatalf("error without a readable message: %q", err)
		}
	})
}

// Package goldtest reads gold JSONL files (testdata/gold, ../shared/gold)
// for the tests that hold a stage to a reference on real sentences.
package goldtest

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"
)

// Record is the part of a gold record these tests read.
type Record struct{ Lang, Text string }

// Read returns the records of the gold JSONL file at path, in file order,
// or none when it is absent (../shared is not always there).
func Read(tb testing.TB, path string) []Record {
	tb.Helper()
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []Record
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var r Record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			tb.Fatalf("%s: %v", path, err)
		}
		out = append(out, r)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

// ByLang returns the texts of the gold JSONL file at path by language, in
// file order; it fails the test when the file is absent.
func ByLang(tb testing.TB, path string) map[string][]string {
	tb.Helper()
	if _, err := os.Stat(path); err != nil {
		tb.Fatal(err)
	}
	out := map[string][]string{}
	for _, r := range Read(tb, path) {
		out[r.Lang] = append(out[r.Lang], r.Text)
	}
	return out
}

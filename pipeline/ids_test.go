package pipeline_test

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"testing"

	"jobminer/pipeline"
	"jobminer/pipeline/record"
)

// joinHash is how ids were first defined: sha256 of the parts joined by NUL,
// 16 hex digits. Ids are written to every output and must never change.
func joinHash(parts ...string) string {
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(sum[:8])
}

func TestIDsStable(t *testing.T) {
	long := strings.Repeat("map/", 60) + "export.jsonl" // past the stack buffer
	for _, s := range []record.Source{
		{File: "chats.jsonl", RecordID: "c-1"},
		{File: "chats.jsonl", Line: 12},
		{File: "", Line: 0},
		{File: "a\x00b", RecordID: "é\x00"},
		{File: long, RecordID: long},
		{File: long, Line: 123456789},
	} {
		id := s.RecordID
		if id == "" {
			id = "line " + strconv.Itoa(s.Line)
		}
		if got, want := pipeline.DocID(s), joinHash("doc", s.File, id); got != want {
			t.Errorf("DocID(%+v) = %s, want %s", s, got, want)
		}
	}
	for _, c := range []struct {
		doc  string
		u, m int
	}{{"0123456789abcdef", 0, 0}, {"0123456789abcdef", 17, 3}, {"", -1, 1 << 40}, {long, 5, 6}} {
		want := joinHash("mention", c.doc, strconv.Itoa(c.u), strconv.Itoa(c.m))
		if got := pipeline.MentionID(c.doc, c.u, c.m); got != want {
			t.Errorf("MentionID(%q, %d, %d) = %s, want %s", c.doc, c.u, c.m, got, want)
		}
	}
}

package ingest

import (
	"bytes"
	"strings"
	"testing"
)

// TestWriteFormats checks that every format is one table row whose cells
// come from the Formats table, with pipes escaped so the row keeps its
// columns.
func TestWriteFormats(t *testing.T) {
	var b bytes.Buffer
	if err := WriteFormats(&b); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != 2+len(Formats) {
		t.Fatalf("%d lines, want header, rule and %d rows:\n%s", len(lines), len(Formats), b.String())
	}
	for i, f := range Formats {
		row := lines[2+i]
		cells := strings.Split(strings.ReplaceAll(row, `\|`, "\x00"), "|")
		if len(cells) != 6 { // empty, 4 cells, empty
			t.Errorf("row %q has %d cells, want 4", row, len(cells)-2)
			continue
		}
		if got := strings.TrimSpace(cells[1]); got != f.Name {
			t.Errorf("row %d names %q, want %q", i, got, f.Name)
		}
		if got := strings.TrimSpace(cells[3]); got != string(f.Channel) {
			t.Errorf("%s: channel %q, want %q", f.Name, got, f.Channel)
		}
		for _, ext := range f.Extensions {
			if !strings.Contains(cells[2], ext) {
				t.Errorf("%s: extensions %q lack %s", f.Name, cells[2], ext)
			}
		}
		desc := strings.ReplaceAll(strings.TrimSpace(cells[4]), "\x00", "|")
		if desc != strings.Join(strings.Fields(f.Description), " ") {
			t.Errorf("%s: description %q, want %q", f.Name, desc, f.Description)
		}
		if f.Description == "" {
			t.Errorf("%s has no description", f.Name)
		}
	}
}

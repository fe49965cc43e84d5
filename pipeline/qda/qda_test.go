package qda

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"flag"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "rewrite golden files")

// xmllint validates doc against the XSD in testdata, skipping when xmllint
// (Debian package libxml2-utils) is not installed.
func xmllint(t *testing.T, xsd string, doc []byte) {
	t.Helper()
	bin, err := exec.LookPath("xmllint")
	if err != nil {
		t.Skip("xmllint not installed (apt-get install libxml2-utils): schema validation skipped")
	}
	path := filepath.Join(t.TempDir(), "doc.xml")
	if err := os.WriteFile(path, doc, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "--noout", "--schema", filepath.Join("testdata", xsd), path).CombinedOutput()
	if err != nil {
		t.Fatalf("xmllint --schema %s: %v\n%s", xsd, err, out)
	}
}

// unzip returns the entries of a zip by name, and their names in order.
func unzip(t *testing.T, b []byte) (map[string][]byte, []string) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	var names []string
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		files[f.Name] = data
		names = append(names, f.Name)
	}
	return files, names
}

func parseProject(t *testing.T, b []byte) xProject {
	t.Helper()
	var p xProject
	if err := xml.Unmarshal(b, &p); err != nil {
		t.Fatalf("project.qde: %v", err)
	}
	return p
}

// smallCodebook has a grouping code, so the writer must refuse it as a code.
func smallCodebook() *Codebook {
	return &Codebook{Codes: []*Code{
		{Key: "force:struggle", Name: "struggle", Description: "what goes wrong", Color: "#C0392B", Codable: true, Children: []*Code{
			{Key: "subforce:struggle/time", Name: "struggle/time", Codable: true},
		}},
		{Key: "group:jobs", Name: "jobs", Children: []*Code{
			{Key: "job:j1", Name: "send invoices <fast> & \"right\"", Codable: true},
		}},
	}}
}

// smallText mixes one-, two-, three- and four-byte characters so byte and
// code-point offsets differ.
const smallText = "Klant (customer): Het duurt eeuwig, ça m'énerve 😤 — очень медленно.\nAgent (agent): Sorry!\n"

func smallProject(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := NewWriter(&buf, "small", "jobminer test", "a small project", smallCodebook())
	if err != nil {
		t.Fatal(err)
	}
	err = w.DeclareVariables([]Variable{{Key: "channel", Name: "channel"}, {Key: "created", Name: "created", DateTime: true}})
	if err != nil {
		t.Fatal(err)
	}
	seg := func(id, word string, codes ...string) Segment {
		i := strings.Index(smallText, word)
		if i < 0 {
			t.Fatalf("%q not in text", word)
		}
		return Segment{ID: id, Name: word, Description: "mention " + id, Start: i, End: i + len(word), Codes: codes}
	}
	src := Source{ID: "doc1", Name: "interviews/klant.txt", Description: "jobminer document doc1", Segments: []Segment{
		seg("m1", "duurt eeuwig", "subforce:struggle/time", "job:j1"),
		seg("m2", "énerve", "force:struggle"),
		seg("m3", "медленно", "subforce:struggle/time"),
	}, Values: []Value{{Key: "channel", Text: "interview"}, {Key: "created", Text: "2026-11-02T09:30:00Z"}}}
	if err := w.AddSource(src, smallText); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestSmallProjectGolden compares the project XML of a hand-made project to
// testdata/small.qde (go test ./pipeline/qda -update rewrites it) and checks
// the archive layout and that the bytes do not vary between writes.
func TestSmallProjectGolden(t *testing.T) {
	b := smallProject(t)
	if again := smallProject(t); !bytes.Equal(b, again) {
		t.Error("two writes of the same project differ")
	}
	files, names := unzip(t, b)
	qde := files[ProjectFile]
	golden := filepath.Join("testdata", "small.qde")
	if *update {
		if err := os.WriteFile(golden, qde, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (go test ./pipeline/qda -update creates it)", err)
	}
	if !bytes.Equal(qde, want) {
		t.Errorf("project.qde differs from %s; review the diff and rerun with -update if intended:\n%s", golden, qde)
	}
	srcGUID := GUID("source", "doc1")
	if len(names) != 2 || names[0] != "sources/"+srcGUID+".txt" || names[1] != ProjectFile {
		t.Errorf("zip entries %v", names)
	}
	if got := string(files["sources/"+srcGUID+".txt"]); got != smallText {
		t.Errorf("source text %q", got)
	}
	p := parseProject(t, qde)
	if got := p.Sources.Sources[0].PlainTextPath; got != "internal://"+srcGUID+".txt" {
		t.Errorf("plainTextPath %q", got)
	}
}

// TestSmallProjectPositions: every selection's code-point range covers the
// word it names, and differs from the byte range where the text before it
// has multi-byte characters.
func TestSmallProjectPositions(t *testing.T) {
	files, _ := unzip(t, smallProject(t))
	p := parseProject(t, files[ProjectFile])
	runes := []rune(smallText)
	sels := p.Sources.Sources[0].Selections
	if len(sels) != 3 {
		t.Fatalf("%d selections", len(sels))
	}
	for _, s := range sels {
		if got := string(runes[s.Start:s.End]); got != s.Name {
			t.Errorf("selection %s [%d,%d) covers %q", s.Name, s.Start, s.End, got)
		}
	}
	if b := strings.Index(smallText, "медленно"); sels[2].Start == b {
		t.Errorf("position of медленно is its byte offset %d, want a code-point offset", b)
	}
	if n := len(sels[0].Codings); n != 2 || sels[0].Codings[1].CodeRef.Target != GUID("code", "job:j1") {
		t.Errorf("first selection codings %+v", sels[0].Codings)
	}
}

func TestSmallProjectValidates(t *testing.T) {
	files, _ := unzip(t, smallProject(t))
	xmllint(t, "Project-mrt2019.xsd", files[ProjectFile])
}

// TestSchemaCatchesErrors makes sure the validation above can fail: a GUID
// the schema's pattern refuses and a missing required attribute.
func TestSchemaCatchesErrors(t *testing.T) {
	if _, err := exec.LookPath("xmllint"); err != nil {
		t.Skip("xmllint not installed (apt-get install libxml2-utils): schema validation skipped")
	}
	files, _ := unzip(t, smallProject(t))
	good := string(files[ProjectFile])
	for name, bad := range map[string]string{
		"bad guid":      strings.Replace(good, GUID("code", "job:j1"), "not-a-guid", 1),
		"no isCodable":  strings.Replace(good, ` isCodable="true"`, "", 1),
		"no namespace":  strings.Replace(good, ` xmlns="urn:QDA-XML:project:1.0"`, "", 1),
		"order swapped": strings.Replace(strings.Replace(good, "<Users>", "<X>", 1), "<CodeBook>", "<Users>", 1),
	} {
		path := filepath.Join(t.TempDir(), "bad.qde")
		os.WriteFile(path, []byte(bad), 0o644)
		if out, err := exec.Command("xmllint", "--noout", "--schema", "testdata/Project-mrt2019.xsd", path).CombinedOutput(); err == nil {
			t.Errorf("%s: xmllint accepted it:\n%s", name, out)
		}
	}
}

func TestCodebookFileValidates(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteCodebook(&buf, "jobminer test", smallCodebook()); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="jobminer test">`) {
		t.Errorf("codebook root:\n%s", buf.String())
	}
	xmllint(t, "Codebook-mrt2019.xsd", buf.Bytes())
}

func TestWriterRefusesBadSegments(t *testing.T) {
	tests := []struct {
		name string
		seg  Segment
		want string
	}{
		{"inside a character", Segment{ID: "m", Start: strings.Index(smallText, "énerve") + 1, End: strings.Index(smallText, "énerve") + 4, Codes: []string{"force:struggle"}}, "whole characters"},
		{"past the end", Segment{ID: "m", Start: 3, End: len(smallText) + 1, Codes: []string{"force:struggle"}}, "whole characters"},
		{"empty", Segment{ID: "m", Start: 3, End: 3, Codes: []string{"force:struggle"}}, "whole characters"},
		{"unknown code", Segment{ID: "m", Start: 0, End: 5, Codes: []string{"force:nope"}}, "not in the codebook"},
		{"grouping code", Segment{ID: "m", Start: 0, End: 5, Codes: []string{"group:jobs"}}, "only groups"},
		{"no code", Segment{ID: "m", Start: 0, End: 5}, "no code"},
		{"undeclared variable", Segment{ID: "m", Start: 0, End: 5, Codes: []string{"force:struggle"}}, "not declared"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, err := NewWriter(io.Discard, "x", "", "", smallCodebook())
			if err != nil {
				t.Fatal(err)
			}
			src := Source{ID: "d", Name: "d", Segments: []Segment{tt.seg}}
			if tt.name == "undeclared variable" {
				src.Values = []Value{{Key: "mood", Text: "grumpy"}}
			}
			err = w.AddSource(src, smallText)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
}

func TestPositions(t *testing.T) {
	text := "aé😤b"
	p := newPositions(text)
	for _, tt := range []struct {
		b, want int
		ok      bool
	}{
		{0, 0, true}, {1, 1, true}, {2, 0, false}, {3, 2, true}, {5, 0, false}, {7, 3, true}, {8, 4, true}, {9, 0, false}, {1, 1, true},
	} {
		got, ok := p.at(tt.b)
		if ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("at(%d) = %d, %v; want %d, %v", tt.b, got, ok, tt.want, tt.ok)
		}
	}
	if utf8.RuneCountInString(text) != 4 {
		t.Fatal("test text changed")
	}
}

func TestGUID(t *testing.T) {
	a, b := GUID("code", "force:struggle"), GUID("code", "force:progress")
	if a != GUID("code", "force:struggle") || a == b || GUID("source", "force:struggle") == a {
		t.Errorf("GUIDs not stable or not distinct: %s %s", a, b)
	}
	if len(a) != 36 || a[14] != '5' {
		t.Errorf("%s is not a version-5 UUID", a)
	}
}

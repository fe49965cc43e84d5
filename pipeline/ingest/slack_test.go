package ingest

import (
	"archive/zip"
	"bytes"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestSlackExportFolder(t *testing.T) {
	root := filepath.Join("testdata", "slack")
	// The export given as the root itself (the folder holding it is
	// covered by TestSlackCorpus).
	inputs, rejects, err := Walk([]string{filepath.Join(root, "export")})
	if err != nil {
		t.Fatal(err)
	}
	if len(inputs) != 1 || inputs[0].Rel != "export" || len(rejects) != 0 {
		t.Fatalf("Walk = %+v, %v; want one input for the export folder", inputs, rejects)
	}
	var items []Item
	st, err := Read(inputs[0], Options{Customers: []string{"pieter"}}, func(it Item) { items = append(items, it) })
	if err != nil {
		t.Fatal(err)
	}
	if st.Format != "slack" || st.SHA256 == "" || st.Bytes != inputs[0].Size {
		t.Errorf("stats = %+v, want format slack, a hash and %d bytes", st, inputs[0].Size)
	}
	checkGolden(t, filepath.Join(root, "export"), items)
}

func TestSlackText(t *testing.T) {
	users := map[string]string{"U1": "Sanne de Vries"}
	tests := []struct{ name, in, want string }{
		{name: "mention", in: "hoi <@U1>!", want: "hoi @Sanne de Vries!"},
		{name: "unknown mention keeps its label", in: "<@U9|piet> kijk", want: "@piet kijk"},
		{name: "link with label", in: "zie <https://x.nl/a|de handleiding>", want: "zie de handleiding"},
		{name: "bare link", in: "<https://x.nl/a>", want: "https://x.nl/a"},
		{name: "channel and special", in: "<#C1|algemeen> <!here>", want: "#algemeen @here"},
		{name: "entities", in: "a &amp; b &gt; c", want: "a & b > c"},
		{name: "a quote is dropped", in: "&gt; de export is stuk\nbij mij ook, al sinds maandag", want: "bij mij ook, al sinds maandag"},
		{name: "a quote alone stays", in: "&gt; de export is stuk", want: "> de export is stuk"},
		{name: "a greater-than sign inside a line stays", in: "als x &gt; 3 dan\nklopt het", want: "als x > 3 dan\nklopt het"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := slackText(tt.in, users); got != tt.want {
				t.Errorf("slackText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestSlackCorpus checks the slack-export-viewer archive against its README,
// as a folder and as the original zip.
func TestSlackCorpus(t *testing.T) {
	dir := corpus(t, "slack-export-viewer-testarchive")
	wantPerSpeaker := map[string]int{"Hamza Faran": 33, "Hermione Granger": 13, "Harry Potter": 5, "heroeshannibal": 1}
	wantPerFile := map[string]int{
		"enrique/2016-01-14.json": 2, "enrique/2016-01-15.json": 6, "enrique/2016-01-16.json": 1, "enrique/2016-02-07.json": 8,
		"enrique/2016-03-17.json": 12, "enrique/2016-03-26.json": 1, "traveling-sailor/2016-03-25.json": 6,
		"traveling-sailor/2016-03-26.json": 10, "traveling-sailor/2016-03-27.json": 5, "traveling-sailor/2016-03-28.json": 1,
	}
	tests := []struct {
		name string
		in   func(t *testing.T) Input
	}{
		{name: "export folder via Walk", in: func(t *testing.T) Input {
			inputs, _, err := Walk([]string{dir})
			if err != nil {
				t.Fatal(err)
			}
			for _, in := range inputs {
				if in.Rel == "export" {
					return in
				}
			}
			t.Fatalf("no export input in %+v", inputs)
			return Input{}
		}},
		{name: "original zip", in: func(t *testing.T) Input {
			p := filepath.Join(dir, "testarchive.zip")
			return Input{Path: p, Rel: "testarchive.zip"}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.in(t)
			var items []Item
			st, err := Read(in, Options{}, func(it Item) { items = append(items, it) })
			if err != nil {
				t.Fatal(err)
			}
			if st.Format != "slack" {
				t.Errorf("format = %q", st.Format)
			}
			s := summarize(items)
			if s.utterances != 52 || s.rejects != 0 {
				t.Errorf("%d utterances, %d rejects; want 52, 0", s.utterances, s.rejects)
			}
			per := map[string]int{}
			perFile := map[string]int{}
			for _, it := range items {
				if it.Doc == nil {
					continue
				}
				perFile[strings.TrimPrefix(it.Doc.Source.File, in.Rel+"/")] += len(it.Doc.Utterances)
				for _, u := range it.Doc.Utterances {
					per[u.Speaker]++
					if u.Role != "unknown" {
						t.Errorf("%s: role %s, want unknown", it.Doc.Source, u.Role)
					}
				}
			}
			for sp, n := range wantPerSpeaker {
				if per[sp] != n {
					t.Errorf("speaker %s: %d utterances, want %d", sp, per[sp], n)
				}
			}
			if len(per) != len(wantPerSpeaker) {
				t.Errorf("speakers %v, want %v", per, wantPerSpeaker)
			}
			for f, n := range wantPerFile {
				if perFile[f] != n {
					t.Errorf("%s: %d utterances, want %d", f, perFile[f], n)
				}
			}
			want := time.Date(2016, 1, 15, 5, 55, 52, 6000, time.UTC)
			if s.first.Speaker != "Hamza Faran" || !s.first.Time.Equal(want) {
				t.Errorf("first utterance %s at %s, want Hamza Faran at %s", s.first.Speaker, s.first.Time, want)
			}
		})
	}
}

// memSlack is an in-memory export for fuzzing.
type memSlack map[string][]byte

func (m memSlack) names() []string {
	var n []string
	for k := range m {
		n = append(n, k)
	}
	sort.Strings(n)
	return n
}

func (m memSlack) open(name string) (io.ReadCloser, error) {
	b, ok := m[name]
	if !ok {
		return nil, fs.ErrNotExist
	}
	return io.NopCloser(bytes.NewReader(b)), nil
}

func FuzzSlack(f *testing.F) {
	for _, p := range []string{"klantenpanel/2026-11-22.json", "klantenpanel/2026-11-23.json", "support/2026-11-23.json"} {
		if b, err := os.ReadFile(filepath.Join("testdata", "slack", "export", filepath.FromSlash(p))); err == nil {
			f.Add(b, []byte(`[{"id":"U01SANNE","real_name":"S"}]`))
		}
	}
	f.Add([]byte(`[{"type":"message","user":"U1","text":"<@U1|<>","ts":"1.2","thread_ts":"1.2"},{"type":"message","text":"x","ts":"1.3","thread_ts":"1.2"}]`), []byte(`{}`))
	f.Fuzz(func(t *testing.T, day, users []byte) {
		m := memSlack{"users.json": users, "channels.json": []byte("[]"), "c/2026-01-01.json": day, "c/2026-01-02.json": day}
		var items []Item
		if err := readSlackExport(m, Input{Rel: "x"}, Options{}, func(it Item) { items = append(items, it) }); err != nil {
			t.Fatalf("read: %v", err)
		}
		for _, it := range items {
			if (it.Doc == nil) == (it.Reject == nil) {
				t.Fatalf("item must hold exactly one of Doc and Reject")
			}
			if it.Reject != nil {
				if it.Reject.Reason == "" || it.Reject.Source.Line < 1 {
					t.Fatalf("reject without reason or line: %+v", it.Reject)
				}
				continue
			}
			checkDocValid(t, it)
		}
	})
}

// checkDocValid checks the document properties every reader keeps.
func checkDocValid(t *testing.T, it Item) {
	t.Helper()
	d := it.Doc
	if len(d.Utterances) == 0 {
		t.Fatalf("%s: document without utterances", d.Source)
	}
	for _, u := range d.Utterances {
		if strings.TrimSpace(u.Text) == "" {
			t.Fatalf("%s: empty utterance text", d.Source)
		}
		for _, s := range []string{u.Text, u.Speaker, d.Source.RecordID, d.Source.File} {
			if !utf8.ValidString(s) || strings.IndexByte(s, 0) >= 0 {
				t.Fatalf("%s: invalid UTF-8 or NUL in %q", d.Source, s)
			}
		}
		if u.Offset < 0 {
			t.Fatalf("%s: negative offset", d.Source)
		}
	}
}

// zipOf builds a zip archive in memory.
func zipOf(t testing.TB, files map[string][]byte) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(files[n])
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestSlackZipNotAnExport(t *testing.T) {
	data := zipOf(t, map[string][]byte{"readme.txt": []byte("hallo")})
	items, st := readString(t, "archief.zip", string(data), Options{})
	if st.Format != "slack" || len(items) != 1 || items[0].Reject == nil ||
		!strings.Contains(items[0].Reject.Reason, "not a Slack export") {
		t.Errorf("got format %q, items:\n%s", st.Format, dump(items))
	}
}

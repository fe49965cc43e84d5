package pipeline_test

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"jobminer/pipeline"
	"jobminer/pipeline/output"
	"jobminer/pipeline/redact"
)

// privacyInput has personal data in customer text and in a speaker name.
const privacyInput = `{"conversation_id":"c1","speaker":"anna@example.nl","role":"customer","text":"Ik wil graag mijn facturen naar Excel exporteren. Bel me op 06-12345678 of mail anna@example.nl, het is heel frustrerend."}
{"conversation_id":"c2","speaker":"Bob Jansen","role":"customer","text":"I want to export my invoices to Excel. My IBAN is NL91ABNA0417164300 and it is really frustrating."}
{"conversation_id":"c3","speaker":"bob jansen","role":"customer","text":"I want to export my invoices to Excel but it is frustrating, call +44 20 7946 0958."}
{"conversation_id":"c4","speaker":"Carla","role":"customer","text":"I want to export my invoices to Excel, so frustrating."}
`

var privateValues = []string{"anna@example.nl", "06-12345678", "NL91ABNA0417164300", "7946 0958", "Bob Jansen", "Carla"}

type outputs struct {
	docs     []output.DocumentRow
	mentions []output.MentionRow
	jobs     []output.JobRow
	rejects  []output.RejectRow
	manifest output.Manifest
}

func readOutputs(t *testing.T, out string) outputs {
	t.Helper()
	var o outputs
	var err error
	if o.docs, err = output.ReadDocuments(filepath.Join(out, output.DocumentsFile)); err != nil {
		t.Fatal(err)
	}
	if o.mentions, err = output.ReadMentions(filepath.Join(out, output.MentionsFile)); err != nil {
		t.Fatal(err)
	}
	if o.jobs, err = output.ReadJobs(filepath.Join(out, output.JobsFile)); err != nil {
		t.Fatal(err)
	}
	if o.rejects, err = output.ReadRejects(filepath.Join(out, output.RejectsFile)); err != nil {
		t.Fatal(err)
	}
	if o.manifest, err = output.ReadManifest(filepath.Join(out, output.ManifestFile)); err != nil {
		t.Fatal(err)
	}
	return o
}

// allStrings returns every string in the four tables: string fields,
// non-nil *string fields and []string elements of every row.
func (o outputs) allStrings() []string {
	var out []string
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.String:
			out = append(out, v.String())
		case reflect.Pointer:
			if !v.IsNil() {
				walk(v.Elem())
			}
		case reflect.Slice:
			for i := 0; i < v.Len(); i++ {
				walk(v.Index(i))
			}
		case reflect.Struct:
			for i := 0; i < v.NumField(); i++ {
				walk(v.Field(i))
			}
		}
	}
	for _, rows := range []any{o.docs, o.mentions, o.jobs, o.rejects} {
		walk(reflect.ValueOf(rows))
	}
	return out
}

func runPrivacy(t *testing.T, st pipeline.Stages) outputs {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, "export.jsonl")
	if err := os.WriteFile(in, []byte(privacyInput), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	if _, err := pipeline.Run(context.Background(), pipeline.Options{
		Inputs: []string{in}, Out: out, Lexicon: builtin(t), Workers: 2, Version: "test", Stages: st,
	}); err != nil {
		t.Fatal(err)
	}
	return readOutputs(t, out)
}

func TestRedactionByDefault(t *testing.T) {
	o := runPrivacy(t, pipeline.Stages{})
	if len(o.mentions) == 0 || len(o.jobs) == 0 {
		t.Fatalf("test input gave %d mentions, %d jobs: nothing to check", len(o.mentions), len(o.jobs))
	}
	for _, s := range o.allStrings() {
		for _, p := range privateValues[:4] {
			if strings.Contains(s, p) {
				t.Errorf("personal data %q in the output: %q", p, s)
			}
		}
	}
	placeholders := 0
	for _, m := range o.mentions {
		if strings.Contains(m.Sentence, "[PHONE]") || strings.Contains(m.Sentence, "[IBAN]") || strings.Contains(m.Sentence, "[EMAIL]") {
			placeholders++
		}
		if m.Matched != "" && !strings.Contains(m.Sentence, m.Matched) {
			t.Errorf("matched %q not in its sentence %q", m.Matched, m.Sentence)
		}
	}
	if placeholders == 0 {
		t.Error("no placeholder in any mention sentence")
	}
	r := o.manifest.Redaction
	if r == nil || !r.Enabled || r.Pseudonymised {
		t.Fatalf("manifest redaction = %+v", r)
	}
	// Text: 1 e-mail, 2 phones, 1 IBAN; speaker: 1 e-mail.
	want := map[string]int64{"email": 2, "phone": 2, "iban": 1, "bsn": 0, "card": 0, "address": 0, "url": 0}
	if !reflect.DeepEqual(r.Counts, want) {
		t.Errorf("counts %v, want %v", r.Counts, want)
	}
}

func TestNoRedact(t *testing.T) {
	o := runPrivacy(t, pipeline.Stages{NoRedact: true})
	found := map[string]bool{}
	for _, s := range o.allStrings() {
		for _, p := range privateValues[:4] {
			if strings.Contains(s, p) {
				found[p] = true
			}
		}
	}
	if !found["anna@example.nl"] || !found["NL91ABNA0417164300"] {
		t.Errorf("--no-redact lost personal data: found only %v", found)
	}
	if r := o.manifest.Redaction; r == nil || r.Enabled {
		t.Errorf("manifest redaction = %+v, want enabled false", r)
	}
}

func TestPseudonymise(t *testing.T) {
	p, err := redact.NewPseudonymiser([]byte("a test key, 16 bytes or more"))
	if err != nil {
		t.Fatal(err)
	}
	o := runPrivacy(t, pipeline.Stages{Pseudonymiser: p})
	plain := runPrivacy(t, pipeline.Stages{NoRedact: true})
	for _, s := range o.allStrings() {
		for _, v := range privateValues {
			if strings.Contains(s, v) {
				t.Errorf("%q in the pseudonymised output: %q", v, s)
			}
		}
	}
	for _, m := range o.mentions {
		if !strings.HasPrefix(m.Speaker, "person-") {
			t.Errorf("speaker %q is not a pseudonym", m.Speaker)
		}
	}
	if !o.manifest.Redaction.Pseudonymised {
		t.Error("manifest does not say pseudonymised")
	}
	// Reach must not change: same jobs, same respondent counts as with the names.
	reach := func(o outputs) map[string]int64 {
		m := map[string]int64{}
		for _, j := range o.jobs {
			m[j.Key] = j.NRespondents
		}
		return m
	}
	if a, b := reach(o), reach(plain); !reflect.DeepEqual(a, b) {
		t.Errorf("respondents per job key: pseudonymised %v, names %v", a, b)
	}
	var multi bool
	for _, n := range reach(plain) {
		multi = multi || n >= 2
	}
	if !multi {
		t.Error("no job with two respondents: the comparison proves nothing")
	}
}

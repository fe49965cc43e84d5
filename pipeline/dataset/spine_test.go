package dataset

import (
	"context"
	"encoding/json"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"jobminer/pipeline"
	"jobminer/pipeline/output"
)

// One incremental run over an export gives the tables a one-off run gives,
// up to the ids derived from the doc id (a dataset keys a record by kind and
// id, a one-off run by file and id). This keeps the two reduce paths (here
// and in pipeline.Run) from drifting apart.
func TestSameAsOneOffRun(t *testing.T) {
	root := t.TempDir()
	var tks []ticket
	for i := range 12 {
		tks = append(tks, ticket{ID: i + 1, Requester: i % 4, Text: texts[i%len(texts)] + " " + texts[(i*3+1)%len(texts)], Created: "2026-11-20T08:00:00Z"})
	}
	// Dutch tickets saying the English jobs: one job only through the
	// bilingual clustering a one-off run does.
	for i, nl := range []string{"Ik wil mijn facturen naar Excel exporteren, dat kost zoveel tijd.", "Ik wil herinneringen automatisch naar klanten sturen, dat is zo vervelend."} {
		tks = append(tks, ticket{ID: 100 + i, Requester: 50 + i, Text: nl, Created: "2026-11-20T08:00:00Z"})
	}
	f := writeExport(t, filepath.Join(root, "in"), "t.jsonl", tks...)
	one := filepath.Join(root, "one")
	if _, err := pipeline.Run(context.Background(), pipeline.Options{Inputs: []string{f}, Out: one, Lexicon: compiled(t), Version: "test", Workers: 2}); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(root, "out")
	mustRun(t, runOpts(t, filepath.Join(root, "state"), out, day(1), f))
	parts := func(table string) string {
		ps, _ := filepath.Glob(filepath.Join(out, table, "*", "*.parquet"))
		if len(ps) != 1 {
			t.Fatalf("%s: %v", table, ps)
		}
		return ps[0]
	}
	for _, c := range []struct {
		table    string
		one, inc func() (any, error)
	}{
		{"documents", func() (any, error) { return output.ReadDocuments(filepath.Join(one, output.DocumentsFile)) }, func() (any, error) { return output.ReadDocuments(parts("documents")) }},
		{"mentions", func() (any, error) { return output.ReadMentions(filepath.Join(one, output.MentionsFile)) }, func() (any, error) { return output.ReadMentions(parts("mentions")) }},
		{"jobs", func() (any, error) { return output.ReadJobs(filepath.Join(one, output.JobsFile)) }, func() (any, error) { return output.ReadJobs(filepath.Join(out, output.JobsFile)) }},
		{"outcomes", func() (any, error) { return output.ReadOutcomes(filepath.Join(one, output.OutcomesFile)) }, func() (any, error) {
			return output.ReadOutcomes(filepath.Join(out, output.OutcomesFile))
		}},
	} {
		a, err := c.one()
		if err != nil {
			t.Fatal(err)
		}
		b, err := c.inc()
		if err != nil {
			t.Fatal(err)
		}
		ra, rb := withoutDocIDs(t, a), withoutDocIDs(t, b)
		if c.table == "mentions" && len(ra) == 0 {
			t.Fatal("test data gives no mentions")
		}
		diffLines(t, c.table, rb, ra)
	}
}

// withoutDocIDs renders rows as sorted JSON lines without the columns that
// hold doc ids or ids derived from them (mention ids, evidence ids).
func withoutDocIDs(t *testing.T, rows any) []string {
	b, err := json.Marshal(rows)
	if err != nil {
		t.Fatal(err)
	}
	var ms []map[string]any
	if err := json.Unmarshal(b, &ms); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range ms {
		for k := range m {
			if strings.Contains(k, "DocID") || strings.Contains(k, "MentionID") || strings.Contains(k, "EvidenceID") {
				delete(m, k)
			}
		}
		l, _ := json.Marshal(m)
		out = append(out, string(l))
	}
	sort.Strings(out)
	return out
}

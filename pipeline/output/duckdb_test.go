package output

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// contract lists, per table, the columns BI users rely on with the type
// DuckDB must report, in order, followed by the extra columns. Timestamps
// are TIMESTAMP WITH TIME ZONE because they are written isAdjustedToUTC
// (instants, not wall-clock times).
var contract = map[string][][2]string{
	"documents": {
		{"doc_id", "VARCHAR"}, {"source", "VARCHAR"}, {"record_id", "VARCHAR"}, {"channel", "VARCHAR"},
		{"format", "VARCHAR"}, {"language", "VARCHAR"}, {"created_at", "TIMESTAMP WITH TIME ZONE"},
		{"n_utterances", "INTEGER"}, {"n_mentions", "INTEGER"},
	},
	"mentions": {
		{"mention_id", "VARCHAR"}, {"doc_id", "VARCHAR"}, {"utterance_index", "INTEGER"}, {"speaker", "VARCHAR"},
		{"role", "VARCHAR"}, {"language", "VARCHAR"}, {"force", "VARCHAR"}, {"term", "VARCHAR"},
		{"matched", "VARCHAR"}, {"sentence", "VARCHAR"}, {"negated", "BOOLEAN"}, {"intensity", "DOUBLE"},
		{"job_id", "VARCHAR"}, {"created_at", "TIMESTAMP WITH TIME ZONE"},
		// extras
		{"weight", "DOUBLE"}, {"match_start", "INTEGER"}, {"match_end", "INTEGER"}, {"source", "VARCHAR"}, {"line", "BIGINT"}, {"context", "VARCHAR"},
		{"sub_force", "VARCHAR"}, {"phase", "VARCHAR"},
	},
	"jobs": {
		{"job_id", "VARCHAR"}, {"statement", "VARCHAR"}, {"language", "VARCHAR"}, {"n_mentions", "BIGINT"},
		{"n_documents", "BIGINT"}, {"n_respondents", "BIGINT"}, {"struggle", "DOUBLE"}, {"progress", "DOUBLE"},
		{"anxiety", "DOUBLE"}, {"habit", "DOUBLE"}, {"score", "DOUBLE"},
		{"first_seen", "TIMESTAMP WITH TIME ZONE"}, {"last_seen", "TIMESTAMP WITH TIME ZONE"},
		{"examples", "VARCHAR[]"}, {"example_doc_ids", "VARCHAR[]"},
		// extras
		{"key", "VARCHAR"}, {"rank", "INTEGER"},
		{"job_story", "VARCHAR"}, {"job_story_mention_ids", "VARCHAR[]"}, {"languages", "VARCHAR[]"}, {"statements", "VARCHAR[]"},
		{"importance", "DOUBLE"}, {"satisfaction", "DOUBLE"}, {"opportunity", "DOUBLE"}, {"score_kind", "VARCHAR"},
		{"sub_forces", "VARCHAR[]"}, {"sub_force_totals", "DOUBLE[]"}, {"phases", "VARCHAR[]"}, {"phase_counts", "BIGINT[]"},
	},
	"outcomes": {
		{"outcome_id", "VARCHAR"}, {"job_id", "VARCHAR"}, {"direction", "VARCHAR"}, {"metric", "VARCHAR"},
		{"object", "VARCHAR"}, {"statement", "VARCHAR"}, {"language", "VARCHAR"}, {"n_occurrences", "BIGINT"},
		{"evidence_mention_ids", "VARCHAR[]"}, {"importance", "DOUBLE"}, {"satisfaction", "DOUBLE"}, {"opportunity", "DOUBLE"},
		{"score_kind", "VARCHAR"},
	},
	"rejects": {
		{"source", "VARCHAR"}, {"line", "BIGINT"}, {"record_id", "VARCHAR"}, {"reason", "VARCHAR"},
	},
}

// duckReport is what duckdbcheck/check.js prints.
type duckReport struct {
	Version string `json:"duckdb_version"`
	Tables  map[string]struct {
		Columns []struct{ Name, Type string } `json:"columns"`
		Rows    int64                         `json:"rows"`
		Nulls   map[string]int64              `json:"nulls"`
		Sample  []map[string]any              `json:"sample"`
	} `json:"tables"`
}

// runDuckDB runs check.js on dir, skipping when node or the npm install of
// duckdbcheck is missing.
func runDuckDB(t *testing.T, dir string) duckReport {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not on PATH; DuckDB contract check skipped")
	}
	if _, err := os.Stat(filepath.Join("duckdbcheck", "node_modules", "@duckdb", "node-api")); err != nil {
		t.Skip("duckdbcheck/node_modules is absent; run `npm install --prefix pipeline/output/duckdbcheck --no-audit --no-fund` to enable this test")
	}
	cmd := exec.Command(node, "check.js", dir)
	cmd.Dir = "duckdbcheck"
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node check.js: %v\n%s", err, stderr.String())
	}
	var r duckReport
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatalf("check.js output: %v\n%s", err, out)
	}
	return r
}

func checkTypes(t *testing.T, r duckReport) {
	t.Helper()
	for table, want := range contract {
		got := r.Tables[table].Columns
		if len(got) != len(want) {
			t.Errorf("%s: DuckDB sees %d columns %v, want %d", table, len(got), got, len(want))
			continue
		}
		for i, c := range got {
			if c.Name != want[i][0] || c.Type != want[i][1] {
				t.Errorf("%s column %d: DuckDB sees %s %s, want %s %s", table, i, c.Name, c.Type, want[i][0], want[i][1])
			}
		}
	}
}

func TestDuckDBReadsContract(t *testing.T) {
	dir := t.TempDir()
	writeSample(t, dir, Options{RowGroupRows: 2})
	r := runDuckDB(t, dir)
	t.Logf("DuckDB %s", r.Version)
	checkTypes(t, r)

	// Row and NULL counts as computed from the rows written.
	docs, ments, jobs := sampleDocuments(), sampleMentions(), sampleJobs()
	nulls := func(n int, isNull func(int) bool) int64 {
		c := int64(0)
		for i := range n {
			if isNull(i) {
				c++
			}
		}
		return c
	}
	counts := []struct {
		table, column string
		rows, nulls   int64
	}{
		{"documents", "created_at", int64(len(docs)), nulls(len(docs), func(i int) bool { return docs[i].CreatedAt == nil })},
		{"mentions", "job_id", int64(len(ments)), nulls(len(ments), func(i int) bool { return ments[i].JobID == nil })},
		{"mentions", "created_at", int64(len(ments)), nulls(len(ments), func(i int) bool { return ments[i].CreatedAt == nil })},
		{"jobs", "first_seen", int64(len(jobs)), nulls(len(jobs), func(i int) bool { return jobs[i].FirstSeen == nil })},
		{"jobs", "examples", int64(len(jobs)), 0},     // an empty list is [], not NULL
		{"mentions", "speaker", int64(len(ments)), 0}, // "" stays "", not NULL
		{"rejects", "record_id", int64(len(sampleRejects())), 0},
		{"jobs", "job_story", int64(len(jobs)), nulls(len(jobs), func(i int) bool { return jobs[i].JobStory == nil })},
		{"jobs", "languages", int64(len(jobs)), 0},
		{"jobs", "opportunity", int64(len(jobs)), nulls(len(jobs), func(i int) bool { return jobs[i].Opportunity == nil })},
		{"outcomes", "opportunity", int64(len(sampleOutcomes())), nulls(len(sampleOutcomes()), func(i int) bool { return sampleOutcomes()[i].Opportunity == nil })},
		{"outcomes", "evidence_mention_ids", int64(len(sampleOutcomes())), 0},
		{"mentions", "sub_force", int64(len(ments)), nulls(len(ments), func(i int) bool { return ments[i].SubForce == nil })},
		{"mentions", "phase", int64(len(ments)), nulls(len(ments), func(i int) bool { return ments[i].Phase == nil })},
		{"jobs", "sub_forces", int64(len(jobs)), 0}, // nil lists are [], not NULL
		{"jobs", "phase_counts", int64(len(jobs)), 0},
	}
	for _, c := range counts {
		tr := r.Tables[c.table]
		if tr.Rows != c.rows {
			t.Errorf("%s: %d rows, want %d", c.table, tr.Rows, c.rows)
		}
		if got := tr.Nulls[c.column]; got != c.nulls {
			t.Errorf("%s.%s: %d NULLs, want %d", c.table, c.column, got, c.nulls)
		}
	}

	// Values: the instant of a timestamp and the list contents survive.
	d0 := r.Tables["documents"].Sample[0]
	wantTS := docs[0].CreatedAt.UTC().Format("2006-01-02 15:04:05.000") + "+00"
	if d0["created_at"] != wantTS {
		t.Errorf("documents[0].created_at = %v, want %s", d0["created_at"], wantTS)
	}
	j0 := r.Tables["jobs"].Sample[0]
	gotEx, _ := json.Marshal(j0["examples"])
	wantEx, _ := json.Marshal(jobs[0].Examples)
	if string(gotEx) != string(wantEx) {
		t.Errorf("jobs[0].examples = %s, want %s", gotEx, wantEx)
	}
	gotLangs, _ := json.Marshal(j0["languages"])
	wantLangs, _ := json.Marshal(jobs[0].Languages)
	if string(gotLangs) != string(wantLangs) || j0["job_story"] != *jobs[0].JobStory {
		t.Errorf("jobs[0].languages = %s, job_story = %v; want %s, %q", gotLangs, j0["job_story"], wantLangs, *jobs[0].JobStory)
	}
	o0 := r.Tables["outcomes"].Sample[0]
	if o0["statement"] != sampleOutcomes()[0].Statement || o0["opportunity"] != 7.25 {
		t.Errorf("outcomes[0] = %v", o0)
	}
	gotTL, _ := json.Marshal([]any{j0["sub_forces"], j0["sub_force_totals"], j0["phases"], j0["phase_counts"]})
	var counts0 []string // check.js prints BIGINTs as strings (JavaScript BigInt)
	for _, n := range jobs[0].PhaseCounts {
		counts0 = append(counts0, strconv.FormatInt(n, 10))
	}
	wantTL, _ := json.Marshal([]any{jobs[0].SubForces, jobs[0].SubForceTotals, jobs[0].Phases, counts0})
	if string(gotTL) != string(wantTL) {
		t.Errorf("jobs[0] sub-forces and phases = %s, want %s", gotTL, wantTL)
	}
	if m0 := r.Tables["mentions"].Sample[0]; m0["sub_force"] != *ments[0].SubForce || m0["phase"] != *ments[0].Phase {
		t.Errorf("mentions[0].sub_force, phase = %v, %v", m0["sub_force"], m0["phase"])
	}
	m2 := r.Tables["mentions"].Sample[2]
	if m2["speaker"] != ments[2].Speaker || m2["matched"] != ments[2].Matched {
		t.Errorf("unicode mangled: %v / %v", m2["speaker"], m2["matched"])
	}
}

func TestDuckDBReadsEmptyTables(t *testing.T) {
	dir := t.TempDir()
	w, err := Create(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Commit(Manifest{StartedAt: time.Now(), FinishedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	r := runDuckDB(t, dir)
	checkTypes(t, r)
	for table := range contract {
		if n := r.Tables[table].Rows; n != 0 {
			t.Errorf("%s: %d rows in an empty run", table, n)
		}
	}
}

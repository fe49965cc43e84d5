package dataset

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// duckTables is what testdata/dataset.js prints for a dataset.
type duckTable struct {
	Rows     int64  `json:"rows"`
	Distinct int64  `json:"distinct"` // distinct ids (doc_id, mention_id, job_id); rows for rejects
	Hash     string `json:"hash"`     // md5 of the sorted rows as DuckDB renders them
}

type duckResult struct {
	Error  string               `json:"error"`
	Tables map[string]duckTable `json:"tables"`
}

// duckModule is the npm install of the DuckDB contract check, shared.
var duckModule = filepath.Join("..", "output", "duckdbcheck")

// duckAvailable reports whether node and the DuckDB package are installed.
func duckAvailable() bool {
	if _, err := exec.LookPath("node"); err != nil {
		return false
	}
	_, err := os.Stat(filepath.Join(duckModule, "node_modules", "@duckdb", "node-api"))
	return err == nil
}

// duckReport reads the dataset at out with DuckDB through the globs the
// README shows; nil (and a log line) when DuckDB is not installed. A
// dataset DuckDB cannot read fails the test.
func duckReport(t testing.TB, outs ...string) *duckResult {
	t.Helper()
	rs := duckReports(t, outs...)
	if rs == nil {
		return nil
	}
	return rs[0]
}

func duckReports(t testing.TB, outs ...string) []*duckResult {
	t.Helper()
	if !duckAvailable() {
		t.Log("node or pipeline/output/duckdbcheck/node_modules absent: DuckDB checks skipped (npm install --prefix pipeline/output/duckdbcheck --no-audit --no-fund)")
		return nil
	}
	abs := make([]string, len(outs))
	for i, o := range outs {
		a, err := filepath.Abs(o)
		if err != nil {
			t.Fatal(err)
		}
		abs[i] = a
	}
	mod, _ := filepath.Abs(duckModule)
	cmd := exec.Command("node", filepath.Join("testdata", "dataset.js"), mod)
	cmd.Args = append(cmd.Args, abs...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	b, err := cmd.Output()
	if err != nil {
		t.Fatalf("node dataset.js: %v\n%s", err, stderr.String())
	}
	var rs []*duckResult
	if err := json.Unmarshal(b, &rs); err != nil {
		t.Fatalf("dataset.js output: %v\n%s", err, b)
	}
	return rs
}

func (r *duckResult) key() string {
	if r == nil {
		return "<nil>"
	}
	b, _ := json.Marshal(r)
	return string(b)
}

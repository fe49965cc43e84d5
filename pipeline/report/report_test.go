package report

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"jobminer/pipeline/output"
)

var update = flag.Bool("update", false, "rewrite testdata/demo-data.golden.json")

// demoDir is a copy of `jobminer run testdata/demo` output, frozen so that
// lexicon changes do not move the golden file.
const demoDir = "testdata/demo"

func demoData(t *testing.T) *Data {
	t.Helper()
	ds, err := Open(demoDir)
	if err != nil {
		t.Fatal(err)
	}
	d, err := Build(ds, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestDataGolden compares the demo report's data section with the golden
// file (go test ./pipeline/report -run Golden -update rewrites it).
func TestDataGolden(t *testing.T) {
	b, err := DataJSON(demoData(t))
	if err != nil {
		t.Fatal(err)
	}
	var pretty bytes.Buffer
	if err := json.Indent(&pretty, b, "", "  "); err != nil {
		t.Fatal(err)
	}
	pretty.WriteByte('\n')
	golden := filepath.Join("testdata", "demo-data.golden.json")
	if *update {
		if err := os.WriteFile(golden, pretty.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(pretty.Bytes(), want) {
		t.Errorf("data section differs from %s (rerun with -update if the change is intended):\n%s", golden, firstDiff(pretty.String(), string(want)))
	}
	again, _ := DataJSON(demoData(t))
	if !bytes.Equal(b, again) {
		t.Error("two builds of the same dataset give different data sections")
	}
}

func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var a, b string
		if i < len(g) {
			a = g[i]
		}
		if i < len(w) {
			b = w[i]
		}
		if a != b {
			return "line " + itoa(i+1) + ":\n got: " + a + "\nwant: " + b
		}
	}
	return ""
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }

// TestDemoTotalsMatchManifest checks the overview against run.json, which
// the writer filled independently.
func TestDemoTotalsMatchManifest(t *testing.T) {
	d := demoData(t)
	m, err := output.ReadManifest(filepath.Join(demoDir, output.ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	ov := d.Overview
	if ov.Documents != m.Counts.Documents || ov.Mentions != m.Counts.Mentions || ov.Jobs != m.Counts.Jobs || ov.Rejects != m.Counts.Rejects {
		t.Errorf("overview documents/mentions/jobs/rejects = %d/%d/%d/%d, run.json says %+v", ov.Documents, ov.Mentions, ov.Jobs, ov.Rejects, m.Counts)
	}
	var byForce int64
	for _, f := range ov.Forces {
		byForce += f.Evidence + f.Negated + f.Context
	}
	if byForce != ov.Mentions {
		t.Errorf("mentions per force add up to %d, want %d", byForce, ov.Mentions)
	}
	if ov.Inputs != len(m.Inputs) || ov.Lexicon.Version == "" {
		t.Errorf("inputs %d (want %d), lexicon version %q", ov.Inputs, len(m.Inputs), ov.Lexicon.Version)
	}
	for i, j := range d.Jobs {
		if i > 0 && j.Score > d.Jobs[i-1].Score {
			t.Errorf("job %d scores %v, above job %d (%v)", i+1, j.Score, i, d.Jobs[i-1].Score)
		}
		if (len(j.Quotes) == 0) != (j.Mentions == 0) || j.QuotesTotal != j.Mentions {
			t.Errorf("job %s: %d quotes of %d, jobs.parquet says %d mentions", j.ID, len(j.Quotes), j.QuotesTotal, j.Mentions)
		}
	}
}

// TestQuoteSelection: evidence before negated mentions, stronger first,
// then doc id; totals count everything, whatever the limit.
func TestQuoteSelection(t *testing.T) {
	r := run{
		id:   "r1",
		docs: []output.DocumentRow{{DocID: "d1", Channel: "chat", Language: "en"}, {DocID: "d2", Channel: "ticket", Language: "en"}},
		jobs: []output.JobRow{{JobID: "j1", Statement: "pay invoices", Language: "en", Score: 3, NRespondents: 1}},
		mentions: []output.MentionRow{
			mention("m1", "d2", "j1", "struggle", 1, 1, false, "it is slow", "slow"),
			mention("m2", "d1", "j1", "struggle", 1, 1, false, "so slow", "slow"),
			mention("m3", "d1", "j1", "progress", 2, 1.5, false, "I want it", "want"),
			mention("m4", "d1", "j1", "anxiety", 5, 2, true, "not worried", "worried"),
			mention("m5", "d2", "j1", "habit", 4, 1, true, "not used to", "used to"),
			mention("m6", "d2", "", "habit", 1, 1, false, "as always", "always"),
		},
	}
	dir := t.TempDir()
	writeRun(t, dir, r)
	tests := []struct {
		name      string
		maxQuotes int
		want      []string // before+match+after of the quotes, in order
	}{
		{"one", 1, []string{"I want it"}},
		{"evidence only", 3, []string{"I want it", "so slow", "it is slow"}},
		{"negated last, stronger first", 5, []string{"I want it", "so slow", "it is slow", "not worried", "not used to"}},
		{"more room than quotes", 20, []string{"I want it", "so slow", "it is slow", "not worried", "not used to"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ds, err := Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			d, err := Build(ds, Options{MaxQuotes: tc.maxQuotes})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, q := range d.Jobs[0].Quotes {
				got = append(got, q.Before+q.Match+q.After)
			}
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("quotes = %q, want %q", got, tc.want)
			}
			if d.Jobs[0].QuotesTotal != 5 || d.Overview.Mentions != 6 {
				t.Errorf("quotes total %d (want 5), mentions %d (want 6)", d.Jobs[0].QuotesTotal, d.Overview.Mentions)
			}
			if strings.Join(d.Jobs[0].Channels, ",") != "chat,ticket" {
				t.Errorf("channels = %v", d.Jobs[0].Channels)
			}
		})
	}
}

func TestQuoteHighlight(t *testing.T) {
	tests := []struct {
		name, sentence, matched string
		before, match, after    string
	}{
		{"middle", "it is really slow today", "really slow", "it is ", "really slow", " today"},
		{"first occurrence", "slow and slow", "slow", "", "slow", " and slow"},
		{"not in sentence", "Slow today", "slow", "Slow today", "", ""},
		{"empty matched", "fine", "", "fine", "", ""},
		{"multibyte", "het is één ramp", "één ramp", "het is ", "één ramp", ""},
	}
	b := newBuilder(Options{})
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := mention("m", "d", "j", "struggle", 1, 1, false, tc.sentence, tc.matched)
			q := b.quote(&m, docInfo{})
			if q.Before != tc.before || q.Match != tc.match || q.After != tc.after {
				t.Errorf("split = %q|%q|%q, want %q|%q|%q", q.Before, q.Match, q.After, tc.before, tc.match, tc.after)
			}
		})
	}
}

// TestJobLimit keeps the top jobs by score and counts all of them.
func TestJobLimit(t *testing.T) {
	var r run
	r.id = "r"
	scores := []float64{1, 9, 3, 7, 5, 7}
	for i, s := range scores {
		r.jobs = append(r.jobs, output.JobRow{JobID: "j" + itoa(i), Statement: "job", Score: s, Rank: int32(i + 1)})
	}
	dir := t.TempDir()
	writeRun(t, dir, r)
	ds, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	d, err := Build(ds, Options{MaxJobs: 3})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, j := range d.Jobs {
		got = append(got, j.ID)
	}
	// j3 and j5 both score 7: the lower rank comes first.
	if strings.Join(got, ",") != "j1,j3,j5" || d.Limits.JobsTotal != 6 || d.Limits.JobsShown != 3 {
		t.Errorf("jobs = %v, total %d, shown %d", got, d.Limits.JobsTotal, d.Limits.JobsShown)
	}
}

// TestPartitionedDataset reads an incremental dataset: Hive partitions per
// run date and runs/*.json, with the jobs table at the top.
func TestPartitionedDataset(t *testing.T) {
	ds := t.TempDir()
	for i, date := range []string{"2026-11-01", "2026-11-08"} {
		tmp := t.TempDir()
		doc := "d" + itoa(i)
		writeRun(t, tmp, run{
			id:       "run" + itoa(i),
			docs:     []output.DocumentRow{{DocID: doc, Channel: "chat", Language: "nl", NUtterances: 3}},
			mentions: []output.MentionRow{mention("m"+itoa(i), doc, "j1", "struggle", 1, float64(i+1), false, "traag", "traag")},
			jobs:     []output.JobRow{{JobID: "j1", Statement: "sneller betalen", Score: float64(i + 1)}},
			rejects:  []output.RejectRow{{Source: "x.csv", Line: int64(i + 2), Reason: "bad row"}},
		})
		for _, table := range []string{"documents", "mentions", "rejects"} {
			move(t, filepath.Join(tmp, table+".parquet"), filepath.Join(ds, table, "run_date="+date, "part-0.parquet"))
		}
		// The redaction record as the pipeline writes it into run.json.
		addRedaction(t, filepath.Join(tmp, "run.json"), map[string]any{
			"enabled": true, "pseudonymised": i == 1, "counts": map[string]any{"email": i + 2, "phone": i}})
		move(t, filepath.Join(tmp, "run.json"), filepath.Join(ds, "runs", "run"+itoa(i)+".json"))
		if i == 1 {
			move(t, filepath.Join(tmp, "jobs.parquet"), filepath.Join(ds, "jobs.parquet"))
		}
	}
	set, err := Open(ds)
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Mentions) != 2 || set.Mentions[1].Partitions["run_date"] != "2026-11-08" || len(set.Manifests) != 2 {
		t.Fatalf("dataset = %+v", set)
	}
	d, err := Build(set, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ov := d.Overview
	if ov.Documents != 2 || ov.Utterances != 6 || ov.Mentions != 2 || ov.Rejects != 2 || len(ov.Runs) != 2 || ov.Inputs != 2 {
		t.Errorf("overview = %+v", ov)
	}
	if fmt.Sprint(ov.Redactions) != "[{email 5} {phone 1}]" || ov.RedactedRuns != 2 || ov.PseudonymisedRuns != 1 {
		t.Errorf("redactions = %v, runs redacted %d, pseudonymised %d", ov.Redactions, ov.RedactedRuns, ov.PseudonymisedRuns)
	}
	if d.Timeline == nil || d.Timeline.Unit != "run" || len(d.Timeline.Periods) != 2 ||
		d.Timeline.Periods[0].Weighted[0] != 1 || d.Timeline.Periods[1].Weighted[0] != 2 {
		t.Errorf("timeline = %+v", d.Timeline)
	}
	if len(d.Jobs) != 1 || d.Jobs[0].QuotesTotal != 2 || d.Jobs[0].Quotes[0].Channel != "chat" {
		t.Errorf("jobs = %+v", d.Jobs)
	}
}

func addRedaction(t *testing.T, path string, r map[string]any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	m["redaction"] = r
	if b, err = json.Marshal(m); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestNoManifest: a dataset without run.json still gives lists, not nulls,
// where the page expects lists.
func TestNoManifest(t *testing.T) {
	dir := t.TempDir()
	writeRun(t, dir, run{id: "r", jobs: []output.JobRow{{JobID: "j", Statement: "x", Score: 1}}})
	if err := os.Remove(filepath.Join(dir, output.ManifestFile)); err != nil {
		t.Fatal(err)
	}
	ds, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	d, err := Build(ds, Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := DataJSON(d)
	s := strings.NewReplacer(`"timeline":null`, "", `"redactions":null`, "").Replace(string(b))
	if strings.Contains(s, "null") {
		t.Errorf("data section has a null list: %s", b)
	}
}

func TestOpenRejectsOtherFolders(t *testing.T) {
	if _, err := Open(t.TempDir()); err == nil || !strings.Contains(err.Error(), "not a jobminer output") {
		t.Errorf("Open(empty folder) error = %v", err)
	}
}

func TestTimelineUnits(t *testing.T) {
	tests := []struct {
		name    string
		days    []string
		unit    string
		periods int
	}{
		{"one day", []string{"2026-01-05"}, "", 0},
		{"days with a gap", []string{"2026-01-05", "2026-01-08"}, "day", 4},
		{"weeks", []string{"2026-01-05", "2026-03-30"}, "week", 13},
		{"months", []string{"2026-01-05", "2026-10-30"}, "month", 10},
		{"years", []string{"2010-01-05", "2026-10-30"}, "year", 17},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := map[string]*[2][4]int64{}
			for _, d := range tc.days {
				m[d] = &[2][4]int64{{1}, {1e6}}
			}
			tl := timeline(m, false, 0)
			if tc.periods == 0 {
				if tl != nil {
					t.Errorf("timeline = %+v, want none", tl)
				}
				return
			}
			if tl == nil || tl.Unit != tc.unit || len(tl.Periods) != tc.periods {
				t.Fatalf("timeline = %+v, want %d %s periods", tl, tc.periods, tc.unit)
			}
			var n int64
			for _, p := range tl.Periods {
				n += p.Count[0]
			}
			if n != int64(len(tc.days)) {
				t.Errorf("timeline counts %d mentions, want %d", n, len(tc.days))
			}
		})
	}
}

var (
	attrURL  = regexp.MustCompile(`(?i)\b(?:src|href|action|xlink:href|poster|data)\s*=\s*["']?([^"'\s>]*)`)
	cssURL   = regexp.MustCompile(`(?i)url\(\s*['"]?([^)'"]*)`)
	dataJSON = regexp.MustCompile(`(?s)<script type="application/json" id="data">(.*?)</script>`)
)

// TestRenderSelfContained: every reference in the page points inside it, no
// URL scheme appears outside the data, and a quote cannot break out of the
// data block.
func TestRenderSelfContained(t *testing.T) {
	d := demoData(t)
	// A hostile quote: it must stay text inside the JSON.
	d.Jobs[0].Quotes[0].After = `</script><script src="https://evil.example/x.js"></script><img src=http://x>`
	for _, lang := range Languages {
		t.Run(lang, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Render(&buf, d, lang); err != nil {
				t.Fatal(err)
			}
			html := buf.String()
			m := dataJSON.FindStringSubmatch(html)
			if m == nil {
				t.Fatal("no data section")
			}
			var back Data
			if err := json.Unmarshal([]byte(m[1]), &back); err != nil {
				t.Fatalf("data section is not JSON: %v", err)
			}
			if back.Jobs[0].Quotes[0].After != d.Jobs[0].Quotes[0].After || len(back.Jobs) != len(d.Jobs) {
				t.Error("data section does not round-trip")
			}
			if n := strings.Count(html, "<script"); n != 3 {
				t.Errorf("%d <script> elements, want 3 (data, labels, code)", n)
			}
			page := strings.Replace(html, m[0], "", 1)
			for _, u := range append(attrURL.FindAllStringSubmatch(page, -1), cssURL.FindAllStringSubmatch(page, -1)...) {
				if !strings.HasPrefix(u[1], "#") {
					t.Errorf("reference to %q: everything must point inside the page", u[0])
				}
			}
			for _, s := range []string{"http:", "https:", "//fonts", "@import", "file:"} {
				if strings.Contains(strings.ToLower(page), s) {
					t.Errorf("page contains %q outside its data", s)
				}
			}
			if !strings.Contains(html, `<html lang="`+lang+`">`) || !strings.Contains(html, labels[lang]["title"]) {
				t.Errorf("page is not labelled in %s", lang)
			}
		})
	}
	if err := Render(&bytes.Buffer{}, d, "fr"); err == nil {
		t.Error("Render(fr) succeeded, want an unknown-language error")
	}
}

// TestLabelsComplete: both languages have the same keys, and every key the
// page uses exists.
func TestLabelsComplete(t *testing.T) {
	for k := range labels["en"] {
		if labels["nl"][k] == "" {
			t.Errorf("nl lacks label %q", k)
		}
	}
	for k := range labels["nl"] {
		if labels["en"][k] == "" {
			t.Errorf("en lacks label %q", k)
		}
	}
	used := regexp.MustCompile(`\bt\("([a-z_]+)"\s*[,)]`).FindAllStringSubmatch(pageJS, -1)
	used = append(used, regexp.MustCompile(`\.L\.([a-z_]+)`).FindAllStringSubmatch(pageTmpl, -1)...)
	for _, u := range used {
		if _, ok := labels["en"][u[1]]; !ok {
			t.Errorf("page uses label %q, which does not exist", u[1])
		}
	}
	if len(used) < 20 {
		t.Errorf("found only %d label uses: the pattern is broken", len(used))
	}
}

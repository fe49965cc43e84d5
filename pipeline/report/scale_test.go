package report

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"jobminer/pipeline/output"
)

// TestScale builds a report from 10,000 jobs and 1,000,000 mentions and
// logs how long it takes and how big the page is. It writes about 40 MB and
// takes a while, so it only runs with JOBMINER_REPORT_SCALE=1:
//
//	JOBMINER_REPORT_SCALE=1 go test ./pipeline/report -run Scale -v
func TestScale(t *testing.T) {
	if os.Getenv("JOBMINER_REPORT_SCALE") == "" {
		t.Skip("set JOBMINER_REPORT_SCALE=1 to generate 10,000 jobs and 1,000,000 mentions")
	}
	const nJobs, nMentions, nDocs = 10_000, 1_000_000, 100_000
	dir := t.TempDir()
	start := time.Now()
	w, err := output.Create(dir, output.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	channels := []string{"chat", "interview", "ticket", "other"}
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	docs := make([]output.DocumentRow, 0, 10_000)
	for i := range nDocs {
		docs = append(docs, output.DocumentRow{DocID: fmt.Sprintf("d%07d", i), Channel: channels[i%4], Language: []string{"en", "nl"}[i%2],
			Source: "exports/file.csv", NUtterances: 5, NMentions: 10, CreatedAt: output.Time(base.Add(time.Duration(i) * time.Minute))})
		if len(docs) == cap(docs) {
			if err := w.WriteDocuments(docs); err != nil {
				t.Fatal(err)
			}
			docs = docs[:0]
		}
	}
	if err := w.WriteDocuments(docs); err != nil {
		t.Fatal(err)
	}
	jobs := make([]output.JobRow, nJobs)
	for i := range jobs {
		jobs[i] = output.JobRow{JobID: fmt.Sprintf("j%05d", i), Statement: fmt.Sprintf("get job number %d done without hassle", i),
			Language: "en", NRespondents: int64(1 + rng.IntN(50)), Struggle: rng.Float64() * 20, Progress: rng.Float64() * 20,
			Anxiety: rng.Float64() * 5, Habit: rng.Float64() * 5, Score: rng.Float64() * 100, NMentions: 100}
	}
	if err := w.WriteJobs(jobs); err != nil {
		t.Fatal(err)
	}
	forcesN := []string{"struggle", "progress", "anxiety", "habit"}
	ms := make([]output.MentionRow, 0, 10_000)
	for i := range nMentions {
		doc := i / 10
		ms = append(ms, output.MentionRow{MentionID: fmt.Sprintf("m%07d", i), DocID: fmt.Sprintf("d%07d", doc),
			UtteranceIndex: int32(i % 5), Role: "customer", Language: []string{"en", "nl"}[doc%2], Force: forcesN[i%4],
			Term: "en.x.term", Matched: "slow", Sentence: fmt.Sprintf("It is so slow every time I try to do thing %d, honestly.", i),
			Negated: i%9 == 0, Intensity: 1, Weight: 0.5 + float64(i%7)/10, JobID: output.String(fmt.Sprintf("j%05d", rng.IntN(nJobs))),
			CreatedAt: output.Time(base.Add(time.Duration(doc) * time.Minute)), Source: "exports/file.csv", Line: int64(doc + 2)})
		if len(ms) == cap(ms) {
			if err := w.WriteMentions(ms); err != nil {
				t.Fatal(err)
			}
			ms = ms[:0]
		}
	}
	if err := w.WriteMentions(ms); err != nil {
		t.Fatal(err)
	}
	if err := w.Commit(output.Manifest{RunID: "scale"}); err != nil {
		t.Fatal(err)
	}
	t.Logf("generated %d jobs, %d mentions, %d documents in %v", nJobs, nMentions, nDocs, time.Since(start).Round(time.Millisecond))

	page := filepath.Join(t.TempDir(), "report.html")
	start = time.Now()
	data, err := WriteFile(dir, page, "en", Options{})
	if err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	var mem runtime.MemStats
	runtime.ReadMemStats(&mem)
	st, err := os.Stat(page)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("report: %v, %.1f MB HTML, %d jobs and %d quotes embedded of %d jobs and %d mentions; Go heap peak (Sys) %d MB",
		took.Round(time.Millisecond), float64(st.Size())/1e6, data.Limits.JobsShown, data.Limits.QuotesShown,
		data.Limits.JobsTotal, data.Overview.Mentions, mem.Sys>>20)
	if data.Overview.Mentions != nMentions || data.Limits.JobsShown != DefaultMaxJobs || st.Size() > 10<<20 {
		t.Errorf("mentions %d, jobs shown %d, size %d", data.Overview.Mentions, data.Limits.JobsShown, st.Size())
	}
	if bin, err := os.Stat("/usr/bin/chromium"); err == nil && !bin.IsDir() {
		start = time.Now()
		dom, _ := browse(t, "/usr/bin/chromium", page, "", "--dump-dom")
		drawn := regexp.MustCompile(`data-draw-ms="(\d+)"`).FindStringSubmatch(dom)
		t.Logf("chromium: %v wall clock including browser start; page drawn %v ms after navigation start", time.Since(start).Round(time.Millisecond), drawn[1:])
		if !okBody.MatchString(dom) {
			i := strings.Index(dom, `id="errors"`)
			t.Errorf("page did not finish drawing: %s", dom[max(i, 0):min(len(dom), max(i, 0)+800)])
		}
	}
}

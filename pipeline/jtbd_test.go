package pipeline_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jobminer/pipeline"
	"jobminer/pipeline/jtbd"
	"jobminer/pipeline/output"
)

// storyFromEvidence reports whether story is the template's fixed words
// around pieces that are each a verbatim span of one of the evidence
// sentences (case-insensitively, for a sentence-initial capital). It tries
// every way the template can have been filled.
func storyFromEvidence(story, lang string, evidence []string) bool {
	sc := jtbd.Scaffolding(lang) // when, want, wantFirst, soCan, so, mainWant
	in := func(p string) bool {
		if strings.TrimSpace(p) == "" {
			return false
		}
		for _, e := range evidence {
			if strings.Contains(strings.ToLower(e), strings.ToLower(p)) {
				return true
			}
		}
		return false
	}
	noTo := func(s string) string { return strings.TrimSuffix(s, "to ") }
	var heads [][2]string // situation, rest after "I want (to)"
	if rest, ok := strings.CutPrefix(story, sc[0]); ok {
		for _, w := range []string{sc[1], noTo(sc[1])} {
			if i := strings.Index(rest, w); i > 0 {
				heads = append(heads, [2]string{rest[:i], rest[i+len(w):]})
			}
		}
	}
	for _, w := range []string{sc[2], noTo(sc[2])} {
		if rest, ok := strings.CutPrefix(story, w); ok {
			heads = append(heads, [2]string{"", rest})
		}
	}
	if sc[5] != "" { // "<situation>; dan wil ik <motivation>"
		if i := strings.Index(story, sc[5]); i > 0 {
			heads = append(heads, [2]string{story[:i], story[i+len(sc[5]):]})
		}
	}
	for _, h := range heads {
		if h[0] != "" && !in(h[0]) {
			continue
		}
		if h[0] != "" && in(h[1]) {
			return true // situation + motivation
		}
		for _, so := range []string{sc[3], sc[4]} {
			if i := strings.LastIndex(h[1], so); i > 0 && in(h[1][:i]) && in(h[1][i+len(so):]) {
				return true // (situation +) motivation + outcome
			}
		}
	}
	return false
}

// checkStories runs the property on a run's output: every job story is
// built only from words of the sentences of its evidence mentions, which
// are mentions of that job. It returns jobs and stories.
func checkStories(t *testing.T, out string) (jobs, stories int) {
	t.Helper()
	js, err := output.ReadJobs(filepath.Join(out, output.JobsFile))
	if err != nil {
		t.Fatal(err)
	}
	ms, err := output.ReadMentions(filepath.Join(out, output.MentionsFile))
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]output.MentionRow{}
	for _, m := range ms {
		byID[m.MentionID] = m
	}
	for _, j := range js {
		if j.JobStory == nil {
			if len(j.JobStoryMentionIDs) != 0 {
				t.Errorf("job %s: no story but evidence %v", j.JobID, j.JobStoryMentionIDs)
			}
			continue
		}
		stories++
		var ev []string
		lang := ""
		for _, id := range j.JobStoryMentionIDs {
			m, ok := byID[id]
			if !ok {
				t.Errorf("job %s: story mention %s is not in mentions.parquet", j.JobID, id)
				continue
			}
			if m.JobID == nil || *m.JobID != j.JobID {
				t.Errorf("job %s: story mention %s belongs to job %v", j.JobID, id, m.JobID)
			}
			ev = append(ev, m.Sentence)
			lang = m.Language
		}
		if !storyFromEvidence(*j.JobStory, lang, ev) {
			t.Errorf("job %s: story %q is not made of its evidence %q", j.JobID, *j.JobStory, ev)
		}
	}
	return len(js), stories
}

func TestStoryFromEvidenceRejectsInventedWords(t *testing.T) {
	ev := []string{"Every time I close the month, I want to export my invoices, so I can pay my VAT."}
	good := "When I close the month, I want to export my invoices, so I can pay my VAT"
	if !storyFromEvidence(good, "en", ev) {
		t.Fatalf("%q not accepted", good)
	}
	for _, bad := range []string{
		"When I close the month, I want to export my invoices, so I can relax",     // invented outcome
		"When the quarter ends, I want to export my invoices, so I can pay my VAT", // invented situation
		"I want to export all invoices",                                            // no situation or outcome, and altered
		"I want to export my invoices",                                             // motivation alone is no story
	} {
		if storyFromEvidence(bad, "en", ev) {
			t.Errorf("%q accepted", bad)
		}
	}
}

// TestJobStoriesOnlyCustomerWords: the property over the demo and the shared
// gold set, with how often a job gets a story.
func TestJobStoriesOnlyCustomerWords(t *testing.T) {
	lex := builtin(t)
	out := t.TempDir()
	run(t, lex, out, 2, "../testdata/demo")
	jobs, stories := checkStories(t, out)
	t.Logf("demo: %d of %d jobs have a job story", stories, jobs)
	if stories < 10 {
		t.Errorf("demo: %d job stories, want at least 10", stories)
	}

	gold := filepath.Join("..", "..", "shared", "gold", "gold.jsonl")
	if _, err := os.Stat(gold); err != nil {
		t.Logf("%s absent; gold part skipped", gold)
		return
	}
	out = t.TempDir()
	run(t, lex, out, 2, gold)
	jobs, stories = checkStories(t, out)
	t.Logf("gold: %d of %d jobs have a job story", stories, jobs)
}

// TestSurveyOpportunity: --survey ratings land on the jobs and outcomes they
// name, the others stay "text", and a row naming nothing is a reject.
func TestSurveyOpportunity(t *testing.T) {
	lex := builtin(t)
	base := t.TempDir()
	run(t, lex, base, 1, "../testdata/demo")
	js, err := output.ReadJobs(filepath.Join(base, output.JobsFile))
	if err != nil {
		t.Fatal(err)
	}
	os_, err := output.ReadOutcomes(filepath.Join(base, output.OutcomesFile))
	if err != nil || len(os_) == 0 {
		t.Fatalf("outcomes: %v, %d rows", err, len(os_))
	}
	bi := -1 // a job said in two languages, rated under both statements
	for i, j := range js {
		if i > 2 && len(j.Statements) > 1 {
			bi = i
			break
		}
	}
	if bi < 0 {
		t.Fatal("the demo has no job in two languages past rank 3")
	}
	csv := "id,importance,satisfaction,scale\n" +
		js[bi].Statements[0] + ",8,2,\n" + js[bi].Statements[1] + ",6,4,\n" +
		js[0].JobID + ",9,4,\n" + // by job id
		strings.ToUpper(js[1].Statement) + ",4,5,1-5\n" + // by statement, Likert
		os_[0].OutcomeID + ",70,20,percent\n" + // an outcome, top-2-box
		"no such job,5,5,\n"
	path := filepath.Join(t.TempDir(), "survey.csv")
	if err := os.WriteFile(path, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	sv, err := pipeline.ReadSurvey(path)
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	sum, err := pipeline.Run(context.Background(), pipeline.Options{Inputs: []string{"../testdata/demo"}, Out: out, Lexicon: lex, Workers: 1, Survey: sv})
	if err != nil {
		t.Fatal(err)
	}
	js2, _ := output.ReadJobs(filepath.Join(out, output.JobsFile))
	os2, _ := output.ReadOutcomes(filepath.Join(out, output.OutcomesFile))
	opp := func(p *float64) float64 {
		if p == nil {
			return -1
		}
		return *p
	}
	if js2[0].ScoreKind != "survey" || opp(js2[0].Opportunity) != 14 {
		t.Errorf("job 0: %s %v, want survey 14", js2[0].ScoreKind, opp(js2[0].Opportunity))
	}
	if js2[1].ScoreKind != "survey" || opp(js2[1].Opportunity) != 7.5 || opp(js2[1].Importance) != 7.5 || opp(js2[1].Satisfaction) != 10 {
		t.Errorf("job 1: %+v, want survey importance 7.5 satisfaction 10 opportunity 7.5", js2[1])
	}
	if js2[2].ScoreKind != "text" || js2[2].Opportunity != nil {
		t.Errorf("job 2 unrated: %s %v, want text and NULL", js2[2].ScoreKind, js2[2].Opportunity)
	}
	if js2[bi].ScoreKind != "survey" || opp(js2[bi].Importance) != 7 || opp(js2[bi].Satisfaction) != 3 || opp(js2[bi].Opportunity) != 11 {
		t.Errorf("bilingual job: %+v, want both ratings averaged: 7, 3, 11", js2[bi])
	}
	if os2[0].ScoreKind != "survey" || opp(os2[0].Opportunity) != 12 {
		t.Errorf("outcome 0: %s %v, want survey 12", os2[0].ScoreKind, opp(os2[0].Opportunity))
	}
	rej, _ := output.ReadRejects(filepath.Join(out, output.RejectsFile))
	found := false
	for _, r := range rej {
		if r.Source == path && r.Line == 7 && strings.Contains(r.Reason, "no such job") {
			found = true
		}
	}
	if !found || len(rej) != 2 {
		t.Errorf("want the unmatched survey row (line 7) in rejects beside the demo's own one: %+v", rej)
	}
	if sum.Rejects != int64(len(rej)) {
		t.Errorf("summary counts %d rejects, file has %d", sum.Rejects, len(rej))
	}
}

package dataset

import (
	"encoding/json"
	"jobminer/pipeline/output"
	"path/filepath"
	"testing"
)

// Acceptance 1: three nightly batches (new tickets; updated and new;
// unchanged) give the dataset a single full run over the final state of the
// data gives: same documents, same mentions, same jobs, nothing twice.
func TestBatchesEqualFullRun(t *testing.T) {
	root := t.TempDir()
	v1 := func(id, txt, req int) ticket {
		return ticket{ID: id, Requester: req, Text: texts[txt], Created: "2026-11-20T09:00:00Z", Updated: "2026-11-20T10:00:00Z"}
	}
	v2 := func(id, txt, req int) ticket {
		return ticket{ID: id, Requester: req, Text: texts[txt], Created: "2026-11-20T09:00:00Z", Updated: "2026-11-21T15:00:00Z"}
	}
	b1 := []ticket{v1(1, 0, 11), v1(2, 1, 12), v1(3, 2, 13), v1(4, 3, 14), v1(5, 4, 15), {ID: 6, Requester: 16, Text: texts[5], Created: "2026-11-20T11:00:00Z"}}
	// Day 2: tickets 2 and 4 updated (2 now says something else), 3 exported
	// again unchanged, 6 (no updated_at) exported again, 7-9 new.
	b2 := []ticket{v2(2, 2, 12), v1(3, 2, 13), v2(4, 7, 14), {ID: 6, Requester: 16, Text: texts[5], Created: "2026-11-20T11:00:00Z"}, v2(7, 6, 17), v2(8, 8, 18), v2(9, 9, 19)}
	final := []ticket{b1[0], b2[0], b1[2], b2[2], b1[4], b1[5], b2[4], b2[5], b2[6]}

	f1 := writeExport(t, filepath.Join(root, "in"), "tickets-2026-11-21.jsonl", b1...)
	f2 := writeExport(t, filepath.Join(root, "in"), "tickets-2026-11-22.jsonl", b2...)
	ff := writeExport(t, filepath.Join(root, "final"), "tickets-all.jsonl", final...)

	state, out := filepath.Join(root, "state"), filepath.Join(root, "out")
	s1 := mustRun(t, runOpts(t, state, out, day(1), f1))
	s2 := mustRun(t, runOpts(t, state, out, day(2), f1, f2)) // day 1's file is still in the folder
	s3 := mustRun(t, runOpts(t, state, out, day(3), f1, f2))
	if !s1.Committed || !s2.Committed || s3.Committed {
		t.Fatalf("committed: %v %v %v, want true true false", s1.Committed, s2.Committed, s3.Committed)
	}
	c2 := s2.Counts
	if c2.InputsUnchanged != 1 || c2.DocumentsNew != 3 || c2.DocumentsUpdated != 2 || c2.RecordsUnchanged != 2 || c2.Documents != 9 {
		t.Errorf("run 2 counts %+v", c2)
	}
	if s3.Counts.InputsUnchanged != 2 {
		t.Errorf("run 3: %d unchanged inputs, want 2", s3.Counts.InputsUnchanged)
	}

	fullState, fullOut := filepath.Join(root, "fstate"), filepath.Join(root, "fout")
	mustRun(t, runOpts(t, fullState, fullOut, day(1), ff))

	got, want := dump(t, out, drop{source: true, line: true}), dump(t, fullOut, drop{source: true, line: true})
	if len(want.Mentions) == 0 || len(want.Jobs) < 2 {
		t.Fatalf("test data too weak: %s", want)
	}
	diffLines(t, "documents", got.Documents, want.Documents)
	diffLines(t, "mentions", got.Mentions, want.Mentions)
	diffLines(t, "jobs", got.Jobs, want.Jobs)
	diffLines(t, "outcomes", got.Outcomes, want.Outcomes)
	for table, rows := range map[string][]string{"documents": got.Documents, "mentions": got.Mentions} {
		seen := map[string]bool{}
		for _, r := range rows {
			var id struct {
				Doc     string `json:"DocID"`
				Mention string `json:"MentionID"`
			}
			json.Unmarshal([]byte(r), &id)
			k := id.Doc + "/" + id.Mention
			if seen[k] {
				t.Errorf("%s: %s twice", table, k)
			}
			seen[k] = true
		}
	}
	if got.Runs != 2 {
		t.Errorf("%d run manifests, want 2", got.Runs)
	}
	if parts, _ := filepath.Glob(filepath.Join(out, "mentions", "run_date=*", "part-*.parquet")); len(parts) != 2 {
		t.Errorf("mentions parts %v, want one per committed run", parts)
	}
	t.Logf("incremental: %s; full run: %s; run 2 rewrote %d parts", got, want, c2.PartsRewritten)
	r := duckReport(t, out)
	t.Logf("DuckDB: %s", r.key())
	if r != nil {
		wr := duckReport(t, fullOut)
		for _, tb := range []string{"documents", "mentions", "jobs"} {
			if r.Tables[tb].Rows != wr.Tables[tb].Rows || r.Tables[tb].Distinct != r.Tables[tb].Rows {
				t.Errorf("DuckDB %s: %+v, full run %+v", tb, r.Tables[tb], wr.Tables[tb])
			}
		}
		if r.Tables["jobs"].Hash != wr.Tables["jobs"].Hash {
			t.Errorf("DuckDB sees different jobs tables")
		}
	}
}

// New data can move a job's cluster: a key seen more often takes over as its
// leader, and the job id (a hash of the leader) changes. Mentions written by
// earlier runs must then carry the new id: their partition is rewritten.
func TestJobIDsFollowNewData(t *testing.T) {
	root := t.TempDir()
	const few = "I need to export my invoices to Excel every month and it takes ages."
	const many = "I want to export invoices to Excel, it is so frustrating."
	tk := func(id int, txt string) ticket {
		return ticket{ID: id, Requester: 100 + id, Text: txt, Created: "2026-11-20T09:00:00Z", Updated: "2026-11-20T09:00:00Z"}
	}
	f1 := writeExport(t, filepath.Join(root, "in"), "a.jsonl", tk(1, few), tk(2, few))
	f2 := writeExport(t, filepath.Join(root, "in"), "b.jsonl", tk(3, many), tk(4, many), tk(5, many))
	state, out := filepath.Join(root, "state"), filepath.Join(root, "out")
	mustRun(t, runOpts(t, state, out, day(1), f1))
	jobIDs := func(out string) (mentionJobs, jobs map[string]bool) {
		mentionJobs, jobs = map[string]bool{}, map[string]bool{}
		ms, _ := filepath.Glob(filepath.Join(out, "mentions", "*", "*.parquet"))
		for _, p := range ms {
			rows, err := output.ReadMentions(p)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range rows {
				if r.JobID != nil {
					mentionJobs[*r.JobID] = true
				}
			}
		}
		js, err := output.ReadJobs(filepath.Join(out, output.JobsFile))
		if err != nil {
			t.Fatal(err)
		}
		for _, j := range js {
			jobs[j.JobID] = true
		}
		return
	}
	before, _ := jobIDs(out)
	s2 := mustRun(t, runOpts(t, state, out, day(2), f2))
	after, jobs := jobIDs(out)
	if len(jobs) != 1 || len(after) != 1 {
		t.Fatalf("want the two phrasings in one job: mention job ids %v, jobs %v", after, jobs)
	}
	for id := range before {
		if after[id] {
			t.Fatalf("job id %s did not change: the test no longer moves a cluster's leader", id)
		}
	}
	for id := range after {
		if !jobs[id] {
			t.Errorf("mention job id %s is not in jobs.parquet", id)
		}
	}
	if s2.Counts.PartsRewritten != 1 {
		t.Errorf("run 2 rewrote %d parts, want 1 (day 1's, for its job ids)", s2.Counts.PartsRewritten)
	}
	fs, fo := filepath.Join(root, "fstate"), filepath.Join(root, "fout")
	mustRun(t, runOpts(t, fs, fo, day(1), f1, f2))
	got, want := dump(t, out, drop{source: true, line: true}), dump(t, fo, drop{source: true, line: true})
	diffLines(t, "mentions", got.Mentions, want.Mentions)
	diffLines(t, "jobs", got.Jobs, want.Jobs)
}

package jtbd_test

import (
	"strings"
	"testing"

	"jobminer/pipeline/jtbd"
)

func TestOpportunity(t *testing.T) {
	tests := []struct{ imp, sat, want float64 }{
		{8, 3, 13},  // underserved: importance plus the gap
		{8, 9, 8},   // overserved: the gap counts as 0
		{0, 0, 0},   // nothing
		{10, 0, 20}, // the maximum
	}
	for _, tt := range tests {
		if got := jtbd.Opportunity(tt.imp, tt.sat); got != tt.want {
			t.Errorf("Opportunity(%v, %v) = %v, want %v", tt.imp, tt.sat, got, tt.want)
		}
	}
}

func TestReadSurvey(t *testing.T) {
	in := "\ufeffJob_ID,Importance,Satisfaction,Scale\n" +
		"abc,8,3,\n" + // 0-10 by default
		"ABC,6,5,0-10\n" + // same id, case-insensitive: averaged with the row above
		"Export my  invoices,5,2,1-5\n" + // Likert: 5 -> 10, 2 -> 2.5
		"o1,80%,40,percent\n" + // top-2-box percentages
		",5,5,\n" + // no id
		"bad,eleven,2,\n" + // not a number
		"far,11,2,\n" + // outside the scale
		"odd,3,2,1-7\n" // unknown scale
	rs, probs, err := jtbd.ReadSurvey(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	check := func(key string, imp, sat, opp float64, n int) {
		t.Helper()
		r := rs[key]
		if r == nil {
			t.Fatalf("no rating for %q in %v", key, jtbd.SortedKeys(rs))
		}
		if r.Importance != imp || r.Satisfaction != sat || r.Opportunity != opp || r.N != n {
			t.Errorf("%s: %+v, want importance %v satisfaction %v opportunity %v over %d rows", key, r, imp, sat, opp, n)
		}
	}
	check("abc", 7, 4, 10, 2)
	check("export my invoices", 10, 2.5, 17.5, 1)
	check("o1", 8, 4, 12, 1)
	if len(rs) != 3 {
		t.Errorf("%d ratings, want 3: %v", len(rs), jtbd.SortedKeys(rs))
	}
	wantLines := []int{6, 7, 8, 9}
	if len(probs) != len(wantLines) {
		t.Fatalf("problems %+v, want lines %v", probs, wantLines)
	}
	for i, p := range probs {
		if p.Line != wantLines[i] || p.Reason == "" {
			t.Errorf("problem %d: %+v, want line %d with a reason", i, p, wantLines[i])
		}
	}
}

func TestReadSurveyNeedsColumns(t *testing.T) {
	for _, in := range []string{"", "name,importance,satisfaction\nx,1,2\n", "id,importance\nx,1\n"} {
		if _, _, err := jtbd.ReadSurvey(strings.NewReader(in)); err == nil {
			t.Errorf("ReadSurvey(%q): no error", in)
		}
	}
}

// FuzzReadSurvey: any bytes give ratings, problems or an error, never a
// panic, and every rating is on the 0-10 scale with its opportunity.
func FuzzReadSurvey(f *testing.F) {
	f.Add("id,importance,satisfaction\nj1,8,3\n")
	f.Add("job_id,importance,satisfaction,scale\nj1,5,1,1-5\nj1,80,20,percent\n\"unterminated,1,2\n")
	f.Add("statement;importance;satisfaction\n")
	f.Add("id,importance,satisfaction\nx,NaN,Inf\ny,-1,1e309\n")
	f.Fuzz(func(t *testing.T, in string) {
		rs, _, err := jtbd.ReadSurvey(strings.NewReader(in))
		if err != nil {
			return
		}
		for k, r := range rs {
			if r.N < 1 || r.Importance < 0 || r.Importance > 10 || r.Satisfaction < 0 || r.Satisfaction > 10 ||
				r.Opportunity != jtbd.Opportunity(r.Importance, r.Satisfaction) || k != jtbd.SurveyKey(r.ID) {
				t.Fatalf("rating %q: %+v", k, r)
			}
		}
	})
}

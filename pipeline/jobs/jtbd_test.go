package jobs

import (
	"reflect"
	"sort"
	"strings"
	"testing"
)

// A stand-in for pipeline/jtbd's bilingual concepts: the Dutch stems map to
// the English ones.
func testCanon(lang string, stems []string) []string {
	nl := map[string]string{"factur": "invoic", "exporter": "export"}
	out := make([]string, len(stems))
	for i, s := range stems {
		out[i] = s
		if c, ok := nl[s]; ok && lang == "nl" {
			out[i] = c
		}
	}
	return uniqSortedTest(out)
}

func uniqSortedTest(s []string) []string {
	m := map[string]bool{}
	var out []string
	for _, v := range s {
		if !m[v] {
			m[v] = true
			out = append(out, v)
		}
	}
	sort.Strings(out)
	return out
}

func jtbdSample() []Occurrence {
	en := occ("excel export invoic", "export invoices to Excel", "d1", "alice", 3, [4]int64{1000, 0, 0, 0})
	en.Story = Story{Text: "I want to export invoices to Excel, so that my accountant is happy", MentionIDs: []string{"m1"}, Parts: 2}
	en.Outcomes = []OutcomeHit{{Direction: "minimise", Metric: "time", Language: "en", Object: "export invoices to Excel",
		Statement: "minimise the time it takes to export invoices to Excel", MentionIDs: []string{"m9", "m1"}}}
	nl := occ("excel exporter factur", "facturen naar Excel exporteren", "d2", "bob", 1, [4]int64{0, 1300, 0, 0})
	nl.Language = "nl"
	nl.Story = Story{Text: "Als ik alles overtyp, wil ik facturen naar Excel exporteren, zodat ik klaar ben", MentionIDs: []string{"m3", "m2"}, Parts: 3}
	nl.Outcomes = []OutcomeHit{{Direction: "minimise", Metric: "time", Language: "nl", Object: "facturen naar Excel exporteren",
		Statement: "minder tijd kwijt aan facturen naar Excel exporteren", MentionIDs: []string{"m2"}}}
	nl2 := nl
	nl2.DocID, nl2.Respondent, nl2.Story = "d3", "carol", Story{}
	nl2.Outcomes = []OutcomeHit{{Direction: "minimise", Metric: "time", Language: "nl", Object: "facturen naar Excel exporteren",
		Statement: "minder tijd kwijt aan facturen naar Excel exporteren", MentionIDs: []string{"m7", "m6", "m5", "m4", "m8"}}}
	other := occ("link bank account", "link my bank account", "d4", "dave", 2, [4]int64{2000, 0, 0, 0})
	return []Occurrence{en, nl, nl2, other}
}

func TestJTBDFieldsMergeAndCluster(t *testing.T) {
	s := jtbdSample()
	fin := func(a *Aggregate) []Candidate {
		a.Canon = testCanon
		c, _ := a.Finalize()
		return c
	}
	want := fin(build(s))
	for _, parts := range [][][]Occurrence{{s[:1], s[1:]}, {s[3:], s[2:3], s[1:2], s[:1]}, {s[:2], s[2:]}} {
		a := New()
		for _, p := range parts {
			a.Merge(build(p))
		}
		if got := fin(a); !reflect.DeepEqual(got, want) {
			t.Fatalf("merge order changes the result:\n got %+v\nwant %+v", got, want)
		}
	}
	if len(want) != 2 {
		t.Fatalf("%d candidates, want the Dutch and English export jobs as one plus the bank job: %+v", len(want), want)
	}
	c := want[0]
	if c.Key != "excel exporter factur" && c.Key != "excel export invoic" {
		c = want[1]
	}
	if !reflect.DeepEqual(c.Languages, []string{"nl", "en"}) ||
		!reflect.DeepEqual(c.Statements, []string{"facturen naar Excel exporteren", "export invoices to Excel"}) ||
		c.Statement != c.Statements[0] || c.Language != "nl" {
		t.Errorf("languages %v statements %v statement %q language %s", c.Languages, c.Statements, c.Statement, c.Language)
	}
	if !strings.HasPrefix(c.Story, "Als ik alles overtyp") || !reflect.DeepEqual(c.StoryMentionIDs, []string{"m3", "m2"}) {
		t.Errorf("story %q %v: want the three-part story", c.Story, c.StoryMentionIDs)
	}
	if len(c.Outcomes) != 2 {
		t.Fatalf("outcomes %+v: want one per language", c.Outcomes)
	}
	o := c.Outcomes[0] // two occurrences: first
	if o.Language != "nl" || o.Occurrences != 2 || !reflect.DeepEqual(o.MentionIDs, []string{"m2", "m4", "m5", "m6", "m7"}) {
		t.Errorf("nl outcome %+v: want 2 occurrences and the 5 smallest evidence ids", o)
	}
	if want[0].ID == "" || o.ID == c.Outcomes[1].ID {
		t.Errorf("outcome ids must differ per language: %s %s", o.ID, c.Outcomes[1].ID)
	}
	// Without Canon the two languages stay apart.
	plain, _ := build(s).Finalize()
	if len(plain) != 3 {
		t.Errorf("without Canon: %d candidates, want 3", len(plain))
	}
}

func TestRepresentativeStatement(t *testing.T) {
	tests := []struct {
		name string
		in   map[string]int64
		want string
	}{
		{"one", map[string]int64{"export invoices": 1}, "export invoices"},
		{"most frequent wins when phrasings agree", map[string]int64{"export invoices": 3, "export my invoices": 1}, "export invoices"},
		{"shared phrasing beats a fragment on a tie", map[string]int64{
			"dan wel m'n facturen naar Excel":        1,
			"mijn facturen naar Excel exporteren":    1,
			"al mijn facturen naar Excel exporteren": 1,
		}, "mijn facturen naar Excel exporteren"},
		{"frequency still counts", map[string]int64{"scan receipts": 5, "scan my receipts with the phone": 1, "scan receipts with the phone": 1}, "scan receipts"},
	}
	for _, tt := range tests {
		if got := representative(tt.in); got != tt.want {
			t.Errorf("%s: representative = %q, want %q", tt.name, got, tt.want)
		}
	}
}

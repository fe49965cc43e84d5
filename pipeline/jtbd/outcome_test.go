package jtbd_test

import (
	"reflect"
	"strings"
	"testing"

	"jobminer/pipeline/jtbd"
	"jobminer/pipeline/text"
)

func TestOutcomes(t *testing.T) {
	l := jtbdLex(t)
	tests := []struct {
		lang, text string
		want       []string // "direction metric: statement", in order
	}{
		{"en", "It takes forever and I keep making mistakes. I want to export my invoices to Excel.", []string{
			"minimise time: minimise the time it takes to export my invoices to Excel",
			"minimise errors: minimise the likelihood of mistakes when trying to export my invoices to Excel"}},
		{"en", "I have to match all payments by hand.", []string{
			"minimise effort: minimise the effort it takes to match all payments by hand"}},
		{"en", "I want to export my invoices to Excel.", nil},
		// a cue without a force mention tied to a job is no evidence
		{"en", "Exporting is faster now. Thanks!", nil},
		{"nl", "Het overtypen kost me veel tijd. Ik wil mijn facturen naar Excel exporteren.", []string{
			"minimise effort: minder moeite met mijn facturen naar Excel exporteren",
			"minimise time: minder tijd kwijt aan mijn facturen naar Excel exporteren"}},
		{"nl", "Ik wil de bonnetjes scannen zodat ik niet alles handmatig hoef over te typen.", []string{
			"minimise effort: minder moeite met de bonnetjes scannen"}},
		{"nl", "Ik wil mijn facturen exporteren.", nil},
		{"ru", "Это очень долго, я хочу выгрузить счета в Excel.", []string{
			"minimise time: меньше времени на выгрузить счета в Excel"}},
	}
	for _, tt := range tests {
		t.Run(tt.lang+"/"+tt.text, func(t *testing.T) {
			u := analyse(t, tt.lang, tt.text)
			var got []string
			for _, o := range l.Outcomes(u, tt.lang) {
				got = append(got, o.Direction+" "+o.Metric+": "+o.Statement)
				if o.Object != u.Jobs[o.Job].Span.In(u.Text) || !strings.Contains(o.Statement, o.Object) {
					t.Errorf("object %q is not the job phrase as said", o.Object)
				}
				if len(o.Mentions) == 0 {
					t.Errorf("outcome %q without evidence", o.Statement)
				}
				for _, mi := range o.Mentions {
					if u.Mentions[mi].Job != o.Job {
						t.Errorf("evidence mention %d is tied to job %d, not %d", mi, u.Mentions[mi].Job, o.Job)
					}
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("outcomes\n %q\nwant\n %q", got, tt.want)
			}
		})
	}
}

func TestOutcomeCueNegated(t *testing.T) {
	l := jtbdLex(t)
	u := analyse(t, "en", "It is not expensive, but I want to export my invoices to Excel by hand less often.")
	for _, o := range l.Outcomes(u, "en") {
		if o.Metric == "cost" {
			t.Errorf("negated cost cue gave %q", o.Statement)
		}
	}
}

func TestCanonJoinsLanguages(t *testing.T) {
	l := jtbdLex(t)
	a := text.NewAnalyzer()
	stems := func(lang, s string) []string {
		var out []string
		for _, tk := range a.Tokenize(lang, s) {
			out = append(out, tk.Stem)
		}
		return out
	}
	tests := []struct {
		nl, en string
		same   bool
	}{
		{"facturen exporteren", "export invoices", true},
		{"bankrekening koppelen", "link bank account", true},
		{"bonnetjes scannen", "scan receipts", true},
		{"facturen exporteren", "scan receipts", false},
	}
	for _, tt := range tests {
		nl, en := l.Canon("nl", stems("nl", tt.nl)), l.Canon("en", stems("en", tt.en))
		if reflect.DeepEqual(nl, en) != tt.same {
			t.Errorf("Canon(%q) = %v, Canon(%q) = %v; same = %v, want %v", tt.nl, nl, tt.en, en, !tt.same, tt.same)
		}
	}
	// Words outside the vocabulary pass through; a nil lexicon changes nothing.
	if got := l.Canon("en", []string{"zebra", "invoic"}); !reflect.DeepEqual(got, []string{"@invoice", "zebra"}) {
		t.Errorf("Canon = %v", got)
	}
	var none *jtbd.Lexicon
	if got := none.Canon("en", []string{"invoic"}); !reflect.DeepEqual(got, []string{"invoic"}) {
		t.Errorf("nil Canon = %v", got)
	}
}

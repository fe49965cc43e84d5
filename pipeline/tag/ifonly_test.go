package tag_test

import (
	"strings"
	"testing"

	"jobminer/pipeline/internal/lextest"
	"jobminer/pipeline/record"
	"jobminer/pipeline/tag"
)

// A wish told as a condition contrary to fact is progress, and a problem
// in such a condition is hypothetical; a condition in the present weighs a
// consequence.
func TestIfOnly(t *testing.T) {
	a, lex := lextest.Builtin(t)
	for _, tt := range []struct {
		text, want string // want: the mentions, "entry:context" joined by ", "
	}{
		{"If new starter details flowed straight into payroll, that alone would sell it to my director.", "en.progress.if-only:"},
		{"So if they could, um, just come out and swap it, I'd honestly give them five stars.", "en.progress.if-only:"},
		{"But if I sell now, with him injured, I'd get nothing for it.", ""},
		{"If it crashed during checkout, I'd lose the order.", "en.struggle.crash:hypothetical, en.anxiety.lose-data:"},
		{"If they call me, I will pick up.", ""},
	} {
		u := tagged(a, lex, "en", tt.text, record.Customer)
		var got []string
		for _, m := range u.Mentions {
			if !strings.HasSuffix(m.Entry, ".model") {
				got = append(got, m.Entry+":"+m.Context)
			}
		}
		if g := strings.Join(got, ", "); g != tt.want {
			t.Errorf("%q: mentions %q, want %q", tt.text, g, tt.want)
		}
	}
	if _, _, ok := tag.IfOnly(nil, "en"); ok {
		t.Error("IfOnly of no tokens")
	}
}

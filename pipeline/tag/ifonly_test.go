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
		lang, text, want string // want: the mentions, "entry:context" joined by ", "
	}{
		{"en", "If new starter details flowed straight into payroll, that alone would sell it to my director.", "en.progress.if-only:"},
		{"en", "So if they could, um, just come out and swap it, I'd honestly give them five stars.", "en.progress.if-only:"},
		{"en", "But if I sell now, with him injured, I'd get nothing for it.", ""},
		{"en", "If it crashed during checkout, I'd lose the order.", "en.struggle.crash:hypothetical, en.anxiety.lose-data:"},
		{"en", "If they call me, I will pick up.", ""},
		{"ru", "Если бы в приложении было видно свободные окошки, я бы не звонила.", "ru.progress.if-only:"},
		{"ru", "Если бы не ваш мастер, я бы до сих пор сидела без света.", "ru.struggle.sidim-bez:hypothetical"}, // what helped: no wish
		{"nl", "Als de monteur een tijd kon doorgeven, zou ik niet de hele dag thuis zitten.", "nl.progress.if-only:"},
	} {
		u := tagged(a, lex, tt.lang, tt.text, record.Customer)
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
	if _, _, ok := tag.IfOnly(nil, "ru"); ok {
		t.Error("IfOnly of no tokens")
	}
}

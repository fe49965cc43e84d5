package redact

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzRedact checks the redactor's contract on any input: no panic; the
// output is valid UTF-8 when the input is; redacting again changes nothing
// and counts nothing; the counts match the placeholders added; and an input
// with nothing to redact comes back as it was.
func FuzzRedact(f *testing.F) {
	for _, s := range []string{
		"Bel 06-12345678 of mail jan@example.nl",
		"NL91 ABNA 0417 1643 00 en BSN 111222333",
		"card 4111 1111 1111 1111, Kerkstraat 12, 1234 AB",
		"https://x.nl/?q=1 0612345678http://y.nl/?a",
		"+31 (0)20 123 4567 (020) 123 4567 0031 6 1234 5678",
		"22-11-2026 € 1.250,00 order 55-21877",
		"a@b.cc@d.ee", "\xff\x00 06 12345678",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, c := Text(s)
		if utf8.ValidString(s) && !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8 out of valid input %q: %q", s, out)
		}
		again, c2 := Text(out)
		if again != out || c2.Total() != 0 {
			t.Fatalf("not idempotent: %q -> %q -> %q (%v)", s, out, again, c2.Map())
		}
		added := 0
		for _, k := range Kinds() {
			n := strings.Count(out, k.Placeholder()) - strings.Count(s, k.Placeholder())
			if n < c[k] {
				t.Fatalf("%s: %d counted, %d placeholders added in %q -> %q", k, c[k], n, s, out)
			}
			added += len(k.Placeholder()) * c[k]
		}
		if len(out) > len(s)+added {
			t.Fatalf("output longer than input plus placeholders: %q -> %q", s, out)
		}
		if c.Total() == 0 && out != s {
			t.Fatalf("changed without counting: %q -> %q", s, out)
		}
		sp, _ := Speaker(s)
		if sp2, _ := Speaker(sp); sp2 != sp {
			t.Fatalf("Speaker not idempotent: %q -> %q -> %q", s, sp, sp2)
		}
	})
}

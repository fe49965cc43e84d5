package text

import (
	"strings"
	"testing"
)

// TestCachedLanguage checks that the remembered answers are Language's, the
// second time too, for short and long texts.
func TestCachedLanguage(t *testing.T) {
	for _, s := range []string{"ok thx", "Bedankt!", "Ik krijg steeds een foutmelding bij het inloggen", "",
		strings.Repeat("The export keeps failing and I do not know why. ", 10)} {
		wl, wc := Language(s)
		for range 2 {
			if l, c := cachedLanguage(s); l != wl || c != wc {
				t.Errorf("cachedLanguage(%q) = %q %v, Language gives %q %v", s, l, c, wl, wc)
			}
		}
	}
}

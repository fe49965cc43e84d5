package text

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// foldRunes is fold as first written, rune by rune: the definition that
// fold's copying of whole runs must match.
func foldRunes(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	breaks, space := 0, false
	line := 0 // where the source's current line starts in b
	for i, r := range s {
		if r == '\r' {
			if i+1 < len(s) && s[i+1] == '\n' {
				continue // \r\n is one line break
			}
			r = '\n'
		}
		if r == '\n' || r == '\u2028' || r == '\u2029' || r == '\u0085' {
			breaks++
			if r == '\u2029' {
				breaks++
			}
			space = true
			continue
		}
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if dropRune(r) {
			continue
		}
		if space && b.Len() > 0 {
			if breaks >= 2 || breaks == 1 && (listMarker(s[i:]) || headLine(b.String()[line:])) {
				b.WriteByte('\n')
			} else {
				b.WriteByte(' ')
			}
			if breaks > 0 {
				line = b.Len()
			}
		}
		breaks, space = 0, false
		b.WriteRune(r)
	}
	return b.String()
}

var foldSeeds = []string{
	"", " ", "a", "a  b", " a\tb\n", "one\n\n two \r\n\r\nthree", "a\r\nb", "a\rb", "a\r",
	"Problemen:\n- export\n- login\n1. een\n2) twee", "x\n• y", "a\u00a0b\u200bc\ufeff d\u00adf",
	"a\x00b\x07c\x1b\x7f", "caf\xe9 ok", "\xff", "\xe2\x82", "ok\ufffd\xffend", "p\u2029q\u2028r\u0085s",
	"Привет,\u3000мир\u2003!\n\nВторой абзац", "😀 \u0080\u009f😀", "cafe\u0301  x", "\u00a0\u00a0lead",
}

func TestFoldMatchesRunes(t *testing.T) {
	for _, s := range foldSeeds {
		if got, want := fold(s), foldRunes(s); got != want {
			t.Errorf("fold(%q) = %q, want %q", s, got, want)
		}
	}
}

// FuzzFold holds fold's run copying equal to the rune-by-rune foldRunes,
// on valid and invalid UTF-8 alike.
func FuzzFold(f *testing.F) {
	for _, s := range foldSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := fold(s), foldRunes(s); got != want {
			t.Fatalf("fold(%q) = %q, foldRunes = %q", s, got, want)
		}
	})
}

// cleanRef and normalizeRef are clean and Normalize as first written, with
// the full NFC checks: the definitions the NFC-inert shortcut must match.
func cleanRef(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	ascii, markup := true, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= utf8.RuneSelf:
			ascii = false
		case c < ' ' || c == 0x7f:
			return false
		case c == ' ' && s[i+1] == ' ':
			return false
		case c == '<' || c == '&':
			markup = true
		case nonSpeechAt(s[i:]) > 0:
			return false
		}
	}
	if markup && looksHTML(s) {
		return false
	}
	if ascii {
		return true
	}
	if !utf8.ValidString(s) || norm.NFC.QuickSpanString(s) != len(s) {
		return false
	}
	for _, r := range s {
		if r >= utf8.RuneSelf && (unicode.IsSpace(r) || dropRune(r)) {
			return false
		}
	}
	return true
}

func normalizeRef(s string) string {
	if cleanRef(s) {
		return s
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if looksHTML(s) {
		s = stripHTML(s)
	}
	s = stripNonSpeech(s)
	if lines := strings.SplitAfter(s, "\n"); len(lines) > 1 {
		var kept []string
		own := false
		for _, l := range lines {
			if strings.HasPrefix(strings.TrimLeft(l, " \t"), ">") {
				continue
			}
			kept = append(kept, l)
			own = own || strings.TrimSpace(l) != ""
		}
		if own {
			s = strings.Join(kept, "")
		}
	}
	// A survey's question above the answer.
	if first, rest, ok := strings.Cut(s, "\n"); ok && strings.TrimSpace(rest) != "" {
		q := strings.TrimSpace(first)
		asks := strings.HasSuffix(q, "?") || strings.HasSuffix(q, ":") || strings.HasSuffix(q, ")")
		head := strings.ToLower(q[:min(len(q), 60)])
		subject := false
		for _, p := range []string{"subject:", "onderwerp:", "betreft:", "тема:", "re:", "fwd:", "fw:"} {
			subject = subject || strings.HasPrefix(head, p)
		}
		for _, w := range []string{"survey", "questionnaire", "enquête", "enquete", "vragenlijst", "опрос", "анкета", "nps",
			"raadpleging", "evaluatie", "evaluation", "onderzoek", "peiling", "intake", "poll", "feedback", "анкетирован"} {
			if subject {
				break
			}
			label := false
			if after, ok := strings.CutPrefix(head, w); ok {
				after = strings.TrimLeft(after, " ")
				for _, p := range []string{":", "—", "–", "- "} {
					label = label || strings.HasPrefix(after, p)
				}
			}
			if asks && strings.Contains(head, w) || label {
				s = rest
				break
			}
		}
	}
	s = foldRunes(s)
	if !norm.NFC.IsNormalString(s) {
		s = norm.NFC.String(s)
	}
	return s
}

// TestRuneClasses checks every rune marked NFC-inert against x/text alone
// and next to runes likely to compose or reorder with it, and every plain
// rune against the definition.
func TestRuneClasses(t *testing.T) {
	rc, n := classes(), 0
	for _, blk := range classBlocks {
		for r := blk[0]; r < blk[1]; r++ {
			if plain := utf8.ValidRune(r) && rc.inert(r) && !unicode.IsSpace(r) && !dropRune(r); rc.plain(r) != plain {
				t.Fatalf("%U: plain %v, want %v", r, rc.plain(r), plain)
			}
			if !rc.inert(r) {
				continue
			}
			n++
			for _, s := range []string{string(r), "a" + string(r) + "a", string(r) + string(r), "\u1100" + string(r), string(r) + "\u00e9"} {
				if !norm.NFC.IsNormalString(s) || norm.NFC.QuickSpanString(s) != len(s) {
					t.Fatalf("%U marked NFC-inert, but %+q is not NFC", r, s)
				}
			}
			if p := norm.NFC.PropertiesString(string(r)); p.CCC() != 0 {
				t.Fatalf("%U marked NFC-inert with combining class %d", r, p.CCC())
			}
		}
	}
	// Cyrillic, Latin-1, Dutch and typographic punctuation must be covered,
	// or the shortcut saves nothing.
	for _, r := range "ёЁйЙяжщéëïöü’“”–—…€😅" {
		if !rc.plain(r) {
			t.Errorf("%U (%c) not plain", r, r)
		}
	}
	for _, r := range "\u0301\u0306\u0483\u0958\u0374\u2000\u1161\u11a8\u3099" {
		if rc.inert(r) {
			t.Errorf("%U marked NFC-inert", r)
		}
	}
	t.Logf("%d inert runes", n)
}

// normRunes are the runes FuzzNormalizeRunes builds text from: inert ones
// and ones that compose, reorder, decompose, fold or get dropped.
var normRunes = []rune("aeiZ -\n\r\t<>&;#/p!ёйиЙяжщéëïe\u0301\u0306\u0308\u0327\u0323\u0483\u0958\u0374\u037e\u2000" +
	"\u1100\u1161\u11a8\uac00\u3099\u304b\u00a0\u2028\u2029\u0085\u200b\u00ad\ufeff\u0000\u0080’“–…€😅\ufffd•1.)" +
	"({}[]g") // with a, p: annotations such as {gap}

func FuzzNormalizeRunes(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 40, 41}, false)
	f.Add([]byte{20, 26, 21, 27, 30, 31, 36, 37}, true)
	f.Fuzz(func(t *testing.T, b []byte, invalid bool) {
		var sb strings.Builder
		for _, c := range b {
			sb.WriteRune(normRunes[int(c)%len(normRunes)])
			if invalid && c%17 == 0 {
				sb.WriteByte(0xff)
			}
		}
		s := sb.String()
		if got, want := clean(s), cleanRef(s); got != want {
			t.Fatalf("clean(%+q) = %v, want %v", s, got, want)
		}
		if got, want := Normalize(s), normalizeRef(s); got != want {
			t.Fatalf("Normalize(%+q) = %+q, want %+q", s, got, want)
		}
	})
}

// FuzzNormalizeRef holds Normalize equal to normalizeRef on any bytes.
func FuzzNormalizeRef(f *testing.F) {
	for _, s := range foldSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Normalize(s), normalizeRef(s); got != want {
			t.Fatalf("Normalize(%+q) = %+q, want %+q", s, got, want)
		}
	})
}

var benchRU = strings.Repeat("Я постоянно получаю ошибку, когда пытаюсь выгрузить счета в Excel — это очень раздражает! ", 20)

// BenchmarkCleanFold compares clean and fold with their first versions.
func BenchmarkCleanFold(b *testing.B) {
	for _, c := range []struct {
		name string
		f    func(string) string
		s    string
	}{
		{"clean/nl", func(s string) string { clean(s); return s }, strings.TrimSpace(benchNL)},
		{"cleanRef/nl", func(s string) string { cleanRef(s); return s }, strings.TrimSpace(benchNL)},
		{"clean/ru", func(s string) string { clean(s); return s }, strings.TrimSpace(benchRU)},
		{"cleanRef/ru", func(s string) string { cleanRef(s); return s }, strings.TrimSpace(benchRU)},
		{"fold/nl", fold, strings.ReplaceAll(benchNL, ". ", ".\n")},
		{"foldRunes/nl", foldRunes, strings.ReplaceAll(benchNL, ". ", ".\n")},
		{"fold/ru", fold, strings.ReplaceAll(benchRU, "! ", "!\n")},
		{"foldRunes/ru", foldRunes, strings.ReplaceAll(benchRU, "! ", "!\n")},
		{"normalize/ru-lines", Normalize, strings.ReplaceAll(benchRU, "! ", "!\n")},
		{"normalizeRef/ru-lines", normalizeRef, strings.ReplaceAll(benchRU, "! ", "!\n")},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.s)))
			for b.Loop() {
				c.f(c.s)
			}
		})
	}
}

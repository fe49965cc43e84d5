package text

import (
	"reflect"
	"strings"
	"testing"
	"unicode"

	"github.com/jdkato/prose/v3/tokenize"
)

var tokenizeCases = []string{
	"", " ", "I keep getting an error, e.g. on my iPhone.", "Ok. We tried!", "It's not working :) really",
	"m'n auto's doen 't niet", "don’t “quoted” (parens) [brackets] $100", "U.S.A. and Mr. Smith",
	"tab\there\u00a0nbsp\u0085nel", "  two  spaces ", "ünïcödé wörds één", "émoji 👍 and 3.5% ok?!",
	"e-mail: jan@example.com http://x.nl/a?b=c", "XD :D D: <3 :-(", "\xff\xfe broken", "это работает т.е. да",
	"doesn't. I'm it's, O'Sullivan DON'T n'tx x'm’ can’t! we'LL you'Re I've rock'n'roll 'Er wrong' Mr's. 4'5",
	"back-up two-factor 😩 /> -- heer/mevrouw, SYNC_FAILED ‘quote’ $5 (x) xD's :'( ;) e.g. Ok's? ’s a’b’ n’t don’t.",
	"ca'n't it's.. it's?! l'été дом'а 日本's $ ( [ ‘ ’ ' \" . ,x ,, 12'3",
	"help!! ik?? Ok.. Ok.! Mr.?. Wat...?! a.. xD!! O.o!! 42!!, e.g.. Dr.,",
}

// TestTokenizeShortcut checks that tokenizeInto gives exactly prose's tokens,
// on hand cases and every text of both gold sets, with both tokenizers.
func TestTokenizeShortcut(t *testing.T) {
	texts := append([]string(nil), tokenizeCases...)
	for _, path := range []string{"../../testdata/gold/gold.jsonl", "../../../shared/gold/gold.jsonl"} {
		texts = append(texts, goldTexts(t, path)...)
	}
	for _, tc := range []struct {
		name string
		tz   *tokenize.Tokenizer
	}{{"en", enTokenizer}, {"nl", nlTokenizer}} {
		t.Run(tc.name, func(t *testing.T) {
			for _, s := range texts {
				got, want := tokenizeInto(tc.tz, s, nil), tc.tz.Tokenize(s)
				if len(got) == 0 && len(want) == 0 {
					continue
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%q:\n got %v\nwant %v", s, got, want)
				}
			}
		})
	}
}

// FuzzTokenizeShortcut: for any input, tokenizeInto equals prose's Tokenize.
func FuzzTokenizeShortcut(f *testing.F) {
	for _, s := range tokenizeCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, tz := range []*tokenize.Tokenizer{enTokenizer, nlTokenizer} {
			got, want := tokenizeInto(tz, s, nil), referenceTokens(tz, s)
			if len(got) == 0 && len(want) == 0 {
				continue
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%q:\n got %v\nwant %v", s, got, want)
			}
		}
	})
}

// referenceTokens is what tokenizeInto must give: prose's tokens, span by
// span, except that a span junkSpan holds is split by appendJunk. Without
// such a span it is tz.Tokenize(s) itself.
func referenceTokens(tz *tokenize.Tokenizer, s string) []tokenize.Token {
	var out []tokenize.Token
	junk := false
	for start := 0; start < len(s); {
		i := strings.IndexFunc(s[start:], func(r rune) bool { return !unicode.IsSpace(r) })
		if i < 0 {
			break
		}
		start += i
		end := len(s)
		if j := strings.IndexFunc(s[start:], unicode.IsSpace); j >= 0 {
			end = start + j
		}
		if junkSpan(s[start:end]) {
			junk = true
			out = appendJunk(out, s[start:end], start)
		} else {
			for _, t := range tz.Tokenize(s[start:end]) {
				t.Start += start
				out = append(out, t)
			}
		}
		start = end
	}
	if !junk {
		return tz.Tokenize(s)
	}
	return out
}

// TestTokenizeJunk: spans on which prose would take more than maxPeel steps
// are split in one pass, as prose splits runs of punctuation; at maxPeel
// and below prose decides.
func TestTokenizeJunk(t *testing.T) {
	colons := func(n int) string { return strings.Repeat(":", n) }
	for _, tc := range []struct {
		span string
		junk bool
	}{
		{colons(maxPeel), false},
		{colons(maxPeel + 1), true},
		{"(" + colons(maxPeel), true},
		{strings.Repeat("(", 20) + "x" + strings.Repeat(")", 13), true},
		{strings.Repeat("(", 20) + "x" + strings.Repeat(")", 12), false},
		{strings.Repeat("a:", 1000) + "a.", false}, // marks inside are never peeled
		{strings.Repeat("a.", 1000), false},
		{strings.Repeat("don't", 33), true},
		{strings.Repeat("“", 10) + "wow" + strings.Repeat("’", 23), true},
		{"http://example.com/a?b=c&d=e.", false},
	} {
		if got := junkSpan(tc.span); got != tc.junk {
			t.Errorf("junkSpan(%.40q…) = %v, want %v", tc.span, got, tc.junk)
		}
	}
	// Where prose only peels (runs of marks around letters), appendJunk
	// gives prose's answer.
	for _, span := range []string{colons(100), strings.Repeat("(", 40) + "wow" + strings.Repeat("!", 40), strings.Repeat("’", 50), "$" + strings.Repeat("[", 30) + "x" + strings.Repeat("?", 64)} {
		for _, tz := range []*tokenize.Tokenizer{enTokenizer, nlTokenizer} {
			if got, want := tokenizeInto(tz, "a "+span+" b", nil), tz.Tokenize("a "+span+" b"); !reflect.DeepEqual(got, want) {
				t.Errorf("%.40q…: got %d tokens, prose %d", span, len(got), len(want))
			}
		}
	}
	// A long line of them is a line of tokens, in one pass (prose took 8.8 s
	// for 16,000 ':'; this is a million).
	toks := tokenizeInto(enTokenizer, "x "+colons(1<<20), nil)
	if len(toks) != 1+1<<20 || toks[len(toks)-1].Start != 1<<20+1 {
		t.Errorf("a million ':' gave %d tokens", len(toks))
	}
}

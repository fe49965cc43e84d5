package text

import (
	"reflect"
	"testing"

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
			got, want := tokenizeInto(tz, s, nil), tz.Tokenize(s)
			if len(got) == 0 && len(want) == 0 {
				continue
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%q:\n got %v\nwant %v", s, got, want)
			}
		}
	})
}

package text

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"jobminer/pipeline/record"
)

// referenceAnalyze is Analyze as it was before its scratch buffers and
// pools: every line segmented and every sentence tokenized in place.
func referenceAnalyze(a *Analyzer, u *record.Utterance, lang string) {
	u.Sentences, u.Tokens = nil, nil
	text := u.Text
	u.Tokens = make([]record.Token, 0, len(text)/5+1)
	seg := segmenterFor(lang)
	for lineStart := 0; lineStart < len(text); {
		lineEnd := strings.IndexByte(text[lineStart:], '\n')
		if lineEnd < 0 {
			lineEnd = len(text)
		} else {
			lineEnd += lineStart
		}
		if line := text[lineStart:lineEnd]; strings.TrimSpace(line) != "" {
			for _, s := range seg.segment(line) {
				start := lineStart + s.Start
				u.Tokens = a.appendTokens(u.Tokens, lang, text, start, start+len(s.Text), len(u.Sentences))
				u.Sentences = append(u.Sentences, record.Span{Start: start, End: start + len(s.Text)})
			}
		}
		lineStart = lineEnd + 1
	}
	if len(u.Tokens) == 0 {
		u.Tokens = nil
	}
}

// sameAnalysis fails t when a's analysis of text differs from the
// reference's.
func sameAnalysis(t *testing.T, a, ref *Analyzer, text, lang string) {
	t.Helper()
	var got, want record.Utterance
	got.Text, want.Text = text, text
	a.Analyze(&got, lang)
	referenceAnalyze(ref, &want, lang)
	if !reflect.DeepEqual(got.Sentences, want.Sentences) || !reflect.DeepEqual(got.Tokens, want.Tokens) {
		t.Fatalf("%s %q:\nsentences %v\nwant      %v\ntokens %+v\nwant   %+v", lang, text, got.Sentences, want.Sentences, got.Tokens, want.Tokens)
	}
}

// TestAnalyzeScratch analyses the gold texts, alone and joined into
// multi-line texts, twice with one Analyzer (its scratch and pools reused),
// and holds every result equal to the reference.
func TestAnalyzeScratch(t *testing.T) {
	texts := []string{
		"Hoi,\nIk gebruik o.a. Exact. Dat werkt.\nGroet, Kees", "Thanks in advance!\n\nThanks in advance!",
		"Wat...?! Echt?!", "Ok. Wat. Dr. Jansen belde.", "т.е. да. Спасибо.", "  \n \n", "", "e.g. :) 😀\nbijv. dit",
		strings.Repeat("Ok, dat werkt. ", 3000),
	}
	var gold []string
	for _, path := range []string{"../../testdata/gold/gold.jsonl", "../../../shared/gold/gold.jsonl"} {
		gold = append(gold, goldTexts(t, path)...)
	}
	texts = append(texts, gold...)
	for i := 0; i+3 <= len(gold); i += 3 {
		texts = append(texts, strings.Join(gold[i:i+3], "\n"), gold[i]+" "+gold[i+2])
	}
	a, ref := NewAnalyzer(), NewAnalyzer()
	for range 2 {
		for _, s := range texts {
			for _, lang := range []string{"nl", "en", "ru", "de"} {
				sameAnalysis(t, a, ref, Normalize(s), lang)
			}
		}
	}
}

// FuzzAnalyzeReference holds Analyze equal to the reference on random multi-line
// texts, with one Analyzer analysing the text, its lines and all of them
// joined.
func FuzzAnalyzeReference(f *testing.F) {
	for _, s := range []string{
		"Hoi,\nIk gebruik o.a. Exact. Dat werkt.\nGroet", "Thanks in advance!\n\nThanks in advance!", "Wat...?!\nWat...?!",
		"Ok. Wat.\nOk. Wat.", "т.е. да.\nт.е. да.", "Bel dhr. Jansen. Dr. Jansen belde.", "a\n\n\nb", "\xff.\n.",
	} {
		f.Add(s, "nl")
		f.Add(s, "en")
	}
	f.Fuzz(func(t *testing.T, s, lang string) {
		if !utf8.ValidString(s) {
			return // Analyze takes Normalize'd text
		}
		a, ref := NewAnalyzer(), NewAnalyzer()
		parts := strings.Split(s, "\n")
		sameAnalysis(t, a, ref, s, lang)
		for _, p := range parts {
			sameAnalysis(t, a, ref, p, lang)
		}
		sameAnalysis(t, a, ref, strings.Join(append(parts, s), "\n"), lang)
	})
}

// TestRecycle analyses the gold texts in batches with Recycle between them,
// as a worker does, and holds every utterance of a batch equal to the
// reference once the whole batch is done: carving one utterance's tokens
// never touches another's of the same batch.
func TestRecycle(t *testing.T) {
	texts := []string{"Hoi. Ik wil bijv. Exact koppelen.\nDank!", "Wat...?! Echt?!", strings.Repeat("Ok, dat werkt. ", 3000)}
	for _, path := range []string{"../../testdata/gold/gold.jsonl", "../../../shared/gold/gold.jsonl"} {
		texts = append(texts, goldTexts(t, path)...)
	}
	a, ref := NewAnalyzer(), NewAnalyzer()
	reused := false
	var prev *record.Token
	for pass := range 2 {
		for from := 0; from < len(texts); from += 50 {
			batch := make([]record.Utterance, 0, 50)
			for _, s := range texts[from:min(from+50, len(texts))] {
				batch = append(batch, record.Utterance{Text: Normalize(s)})
				a.Analyze(&batch[len(batch)-1], "nl")
			}
			for i := range batch {
				got, want := &batch[i], record.Utterance{Text: batch[i].Text}
				referenceAnalyze(ref, &want, "nl")
				if !reflect.DeepEqual(got.Sentences, want.Sentences) || !reflect.DeepEqual(got.Tokens, want.Tokens) {
					t.Fatalf("pass %d, text %d %q: analysis changed within its batch", pass, from+i, got.Text)
				}
				if cap(got.Tokens) != len(got.Tokens) || cap(got.Sentences) != len(got.Sentences) {
					t.Fatalf("text %d: spare capacity, an append would write into the pool", from+i)
				}
			}
			if len(batch[0].Tokens) > 0 {
				reused = reused || &batch[0].Tokens[0] == prev
				prev = &batch[0].Tokens[0]
			}
			a.Recycle()
		}
	}
	if !reused {
		t.Error("Recycle never let a batch reuse the memory of the one before")
	}
}

package text

import (
	"bufio"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/abadojack/whatlanggo"
)

// whatlangVote is what Language took from whatlanggo before trigramVote:
// the reference trigramVote must reproduce.
func whatlangVote(s string) (langIndex, float64) {
	info := whatlanggo.DetectWithOptions(s, whatlanggo.Options{Whitelist: map[whatlanggo.Lang]bool{
		whatlanggo.Nld: true, whatlanggo.Eng: true, whatlanggo.Deu: true,
		whatlanggo.Fra: true, whatlanggo.Spa: true,
	}})
	l, ok := map[whatlanggo.Lang]langIndex{
		whatlanggo.Nld: nl, whatlanggo.Eng: en, whatlanggo.Deu: de, whatlanggo.Fra: fr, whatlanggo.Spa: es,
	}[info.Lang]
	if !ok || info.Confidence <= 0 {
		return none, 0
	}
	return l, info.Confidence
}

func checkTrigramVote(t *testing.T, s string) {
	t.Helper()
	wl, wc := whatlangVote(s)
	if l, c := trigramVote(s); l != wl || c != wc {
		t.Errorf("trigramVote(%q) = %d %v, whatlanggo gives %d %v", s, l, c, wl, wc)
	}
}

// trigramTexts are edge cases of whatlanggo's counting and script rules.
var trigramTexts = []string{
	"", " ", "a", "ab", "abc", "  a  b  ", "I", "ok", "ok thx", "Bedankt!", "x y z",
	"123 456 :) !!!", "ÉÉN keer", "e\u0301en", "Привет, hello", "hello Привет мир", "日本語 text",
	"naïve café", "l’équipe", "straße", "\x00\x01abc", "bad \xff utf8 \xc3", "tab\tand\nnewline",
	"ﬁnance", "İstanbul", "ǅemal", "ÆØÅ æøå", "emoji 👍 ok", "ZWSP\u200bhere", "ª º",
	strings.Repeat("the export fails ", 40), strings.Repeat("de export faalt ", 40),
}

// TestTrigramVoteMatchesWhatlanggo holds trigramVote to whatlanggo's
// answers on the language table, edge cases, every line of the demo and
// gold data, and random slices and joins of those lines.
func TestTrigramVoteMatchesWhatlanggo(t *testing.T) {
	texts := append([]string{}, trigramTexts...)
	for _, c := range languageTable {
		texts = append(texts, c.text)
	}
	texts = append(texts, testdataLines(t)...)
	rng := rand.New(rand.NewPCG(1, 2))
	n := len(texts)
	for range 2000 {
		a := texts[rng.IntN(n)]
		i, j := rng.IntN(len(a)+1), rng.IntN(len(a)+1)
		texts = append(texts, a[min(i, j):max(i, j)]+" "+texts[rng.IntN(n)])
	}
	for _, s := range texts {
		checkTrigramVote(t, s)
	}
}

// testdataLines returns every line of the demo and gold data.
func testdataLines(t *testing.T) []string {
	var lines []string
	for _, dir := range []string{"../../testdata/demo", "../../testdata/gold"} {
		filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			sc := bufio.NewScanner(f)
			sc.Buffer(nil, 1<<20)
			for sc.Scan() {
				lines = append(lines, sc.Text())
			}
			return sc.Err()
		})
	}
	if len(lines) < 500 {
		t.Fatalf("only %d lines: testdata missing?", len(lines))
	}
	return lines
}

func FuzzTrigramVote(f *testing.F) {
	for _, s := range trigramTexts {
		f.Add(s)
	}
	for _, c := range languageTable {
		f.Add(c.text)
	}
	f.Fuzz(checkTrigramVote)
}

func BenchmarkTrigramVote(b *testing.B) {
	s := "Ik krijg steeds een foutmelding bij het inloggen"
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		trigramVote(s)
	}
}

func BenchmarkWhatlangVote(b *testing.B) {
	s := "Ik krijg steeds een foutmelding bij het inloggen"
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		whatlangVote(s)
	}
}

func BenchmarkTrigramVoteTurn(b *testing.B) {
	s := "Ik was gewoon gefrustreerd, ik had BudgetBuddy bijna opgegeven. Het is niet dat het niet werkt, het is gewoon traag, weet je."
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		trigramVote(s)
	}
}

func BenchmarkLanguageTurn(b *testing.B) {
	s := "Ik was gewoon gefrustreerd, ik had BudgetBuddy bijna opgegeven. Het is niet dat het niet werkt, het is gewoon traag, weet je."
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		Language(s)
	}
}

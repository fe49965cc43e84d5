package text

import (
	"strings"
	"unicode"
	"unicode/utf8"

	snowballstem "github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/dutch"
	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/russian"
)

// maxCacheEntries bounds each language's stem cache; a full cache is
// dropped and refilled, which keeps memory flat on long runs.
const maxCacheEntries = 200_000

// Stem returns the Snowball stem of one lowercase word in lang: English and
// Russian by github.com/kljensen/snowball (stopwords are stemmed too), Dutch
// by github.com/blevesearch/snowballstem/dutch (the older Dutch algorithm).
// Other languages, and strings that are not letters with inner - or ', stem
// to themselves. Results are cached per language.
func (a *Analyzer) Stem(lang, word string) string {
	if !stemmable(lang, word) {
		return word
	}
	c := a.stems[lang]
	if c == nil {
		c = make(map[string]string, 1024)
		a.stems[lang] = c
	}
	if s, ok := c[word]; ok {
		return s
	}
	if len(c) >= maxCacheEntries {
		clear(c)
	}
	// Clone so a cached key does not pin the whole utterance text it was
	// sliced from.
	key := strings.Clone(word)
	s := a.stem(lang, key)
	if s == word {
		s = key
	}
	c[key] = s
	return s
}

// StemWord is Stem without the cache: safe to call from any goroutine, for
// the rare word that needs it outside an Analyzer (the parts of hyphenated
// words in job keys, lexicon.WordStemmer).
func (a *Analyzer) StemWord(lang, word string) string {
	if !stemmable(lang, word) {
		return word
	}
	var own Analyzer // its own Dutch environment
	return own.stem(lang, word)
}

func (a *Analyzer) stem(lang, w string) string {
	switch lang {
	case "en":
		return english.Stem(w, true)
	case "ru":
		return russian.Stem(w, true)
	case "nl":
		// Plural and genitive 's (auto's, foto's, pdf's) is not Dutch
		// morphology the stemmer knows: it would leave "auto'".
		if base, ok := strings.CutSuffix(w, "'s"); ok && base != "" {
			if !strings.ContainsRune(base, '\'') {
				w = base
			}
		}
		if strings.ContainsRune(w, '\'') {
			return w // m'n, z'n, zo'n, 't, da's: clitics are their own stem
		}
		if a.nlEnv == nil {
			a.nlEnv = snowballstem.NewEnv(w)
		} else {
			a.nlEnv.SetCurrent(w)
		}
		dutch.Stem(a.nlEnv)
		return a.nlEnv.Current()
	}
	return w
}

// stemmable reports whether word is worth stemming in lang: a language with
// a stemmer and a word of letters, possibly with inner hyphens and
// apostrophes.
func stemmable(lang, word string) bool {
	switch lang {
	case "en", "nl", "ru":
	default:
		return false
	}
	if word == "" {
		return false
	}
	letters := 0
	for i := 0; i < len(word); {
		r, size := rune(word[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(word[i:])
		}
		switch {
		case r >= 'a' && r <= 'z', r >= utf8.RuneSelf && unicode.IsLetter(r):
			letters++
		case r == '-' || r == '\'':
		default:
			return false
		}
		i += size
	}
	return letters > 0
}

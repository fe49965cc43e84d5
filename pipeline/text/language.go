package text

import (
	"unicode"
	"unicode/utf8"
)

// functionWords are frequent words that belong to one language only (among
// nl, en, de, fr, es): "is", "in", "we", "die" and the like are left out. Short
// support sentences have too few trigrams for whatlanggo alone; one or two
// of these words settle most of them.
var functionWords = map[string]langIndex{}

func init() {
	for lang, words := range map[langIndex][]string{
		nl: {"ik", "je", "jij", "jullie", "uw", "het", "een", "de", "niet", "geen", "wel", "met",
			"van", "voor", "op", "naar", "bij", "maar", "ook", "nog", "al", "dat", "dit", "wat", "hoe",
			"waarom", "wanneer", "welke", "kan", "kun", "kunt", "kunnen", "wil", "wilt", "willen", "moet",
			"moeten", "heb", "hebt", "heeft", "hebben", "ben", "bent", "zijn", "waren", "wordt",
			"worden", "werd", "er", "hier", "daar", "nu", "dan", "als", "omdat", "zodat",
			"mijn", "m'n", "onze", "ons", "zelf", "iemand", "iets", "niets", "altijd", "nooit", "steeds",
			"graag", "bedankt", "dank", "hoi", "hallo", "groeten", "groetjes", "mvg", "ja",
			"nee", "echt", "heel", "erg", "veel", "weer", "mee", "om", "tot", "zo", "zou",
			"zouden", "gaat", "ga", "gaan", "doet", "doen", "krijg", "krijgt", "zie", "zien", "weet",
			"werkt", "lukt", "hele", "helemaal", "gewoon", "eigenlijk", "alleen", "toch", "hè", "oké",
			"zit", "staat", "komt", "mag", "misschien", "vanaf", "sinds", "tijdens", "terug", "klopt",
			"zelfde", "hetzelfde", "elke", "deze", "andere"},
		en: {"i", "you", "the", "a", "not", "no", "with", "of", "for", "on", "to", "at", "but",
			"also", "still", "already", "that", "this", "what", "how", "why", "when", "which", "can",
			"could", "wants", "must", "should", "have", "has", "am", "are", "were", "be",
			"been", "there", "here", "now", "then", "if", "because", "so", "or", "my", "our", "us",
			"someone", "something", "nothing", "always", "never", "just", "please", "pls", "thanks",
			"thank", "thx", "hi", "hello", "cheers", "yes", "really", "very", "much", "again", "from",
			"by", "would", "get", "got", "gets", "does", "do", "did", "doesn't", "don't", "can't", "it's",
			"i'm", "know", "works", "working", "anyone", "any", "it", "and", "they", "them", "your",
			"keeps", "every", "time", "will", "won't", "isn't", "didn't", "since", "after", "before",
			"each", "about", "same", "these", "those", "another"},
		de: {"ich", "nicht", "kein", "keine", "und", "mit", "für", "auf", "aber", "auch", "noch",
			"schon", "das", "ist", "sind", "warum", "kann", "können", "habe", "haben", "hat",
			"wird", "werden", "mein", "meine", "jemand", "immer", "bitte", "danke", "sehr", "wieder",
			"funktioniert", "geht", "mir", "mich", "sich", "der", "dem", "den", "des", "ein", "eine",
			"einen", "wenn", "weil", "oder", "jetzt", "gibt", "leider", "zu"},
		fr: {"ne", "pas", "le", "la", "les", "est", "mon", "une", "avec", "pour", "dans", "sur",
			"qui", "mais", "très", "merci", "bonjour", "nous", "vous", "peux", "depuis", "ça"},
		es: {"el", "los", "las", "por", "para", "una", "con", "mi", "que", "está", "pero", "muy",
			"gracias", "hola", "cuando", "puedo", "desde", "tengo", "funciona"},
	} {
		for _, w := range words {
			if other, dup := functionWords[w]; dup {
				panic("text: function word " + w + " listed for " + langCodes[other] + " and " + langCodes[lang])
			}
			functionWords[w] = lang
		}
	}
}

// Language identifies the language of one text: "nl", "en" or "ru", or
// "de", "fr", "es" for text in one of those, or "" when the text is
// too short or the evidence is unclear. Confidence is in [0, 1]; "" always
// comes with 0.
//
// Cyrillic script is Russian. Latin text is scored by whatlanggo (restricted
// to nl, en, de, fr, es) plus a count of function words, which carries short
// support sentences that have too few trigrams for whatlanggo alone; when
// three or more function words all name one language, they decide alone.
func Language(s string) (lang string, confidence float64) {
	return language(s, true)
}

// language is Language; without shortcut it asks whatlanggo even when the
// function words are unanimous (for the test that the shortcut is sound).
func language(s string, shortcut bool) (lang string, confidence float64) {
	var latin, cyrillic int
	var votes [numLangs]float64
	forEachWord(s, func(fw langIndex, lat, cyr int) {
		latin += lat
		cyrillic += cyr
		if fw != none {
			votes[fw]++
		}
	})
	letters := latin + cyrillic
	if letters < 3 {
		return "", 0
	}
	if cyrillic > latin {
		return "ru", float64(cyrillic) / float64(letters) * lengthFactor(letters)
	}

	// At least unanimousVotes function words of one language and none of
	// another: whatlanggo is not asked. Agreeing or silent, it would change
	// nothing (the answer is the same); it could only outvote them, and on
	// the gold sets and the benchmark corpus it was then mostly wrong ("I was
	// quite anxious, because our audit was coming up" read as French).
	if l, ok := unanimous(&votes); ok && shortcut {
		return langCodes[l], lengthFactor(letters)
	}
	// Our data is Dutch and English: "die tool is echt buggy" is Dutch,
	// not German.
	for _, l := range []langIndex{nl, en} {
		if votes[l] > 0 {
			votes[l]++
		}
	}
	// whatlanggo's vote (see trigramVote) grows with the text, as trigram
	// statistics get reliable.
	if l, c := trigramVote(s); l != none {
		votes[l] += (1 + c) * (1 + float64(letters)/40) * min(1, float64(letters)/24)
	}

	best, top, second := none, 0.0, 0.0
	for l, v := range votes {
		switch {
		case v > top:
			best, top, second = langIndex(l), v, top
		case v > second:
			second = v
		}
	}
	if top == 0 || top == second {
		return "", 0
	}
	// Margin over the runner-up, damped when the evidence is thin.
	conf := (top - second) / top
	if top-second < 2 {
		conf *= 0.5 + 0.25*(top-second)
	}
	return langCodes[best], conf * lengthFactor(letters)
}

// unanimousVotes function words of one language, and none of another, decide
// a text without whatlanggo: see Language.
const unanimousVotes = 3

// unanimous returns the only language with function-word votes, if it has
// at least unanimousVotes.
func unanimous(votes *[numLangs]float64) (langIndex, bool) {
	only := none
	for l, v := range votes {
		if v > 0 {
			if only != none {
				return none, false
			}
			only = langIndex(l)
		}
	}
	return only, only != none && votes[only] >= unanimousVotes
}

// langIndex numbers the Latin-script languages Language can answer.
type langIndex int8

const (
	nl langIndex = iota
	en
	de
	fr
	es
	numLangs
	none langIndex = -1
)

var langCodes = [numLangs]string{"nl", "en", "de", "fr", "es"}

// lengthFactor damps confidence for texts of fewer than 12 letters.
func lengthFactor(letters int) float64 {
	if letters >= 12 {
		return 1
	}
	return float64(letters) / 12
}

// forEachWord calls fn for each run of letters and apostrophes in s with
// the language of the word if it is a function word (else "") and its
// count of Latin and Cyrillic letters.
func forEachWord(s string, fn func(fw langIndex, latin, cyrillic int)) {
	var buf [64]byte
	w := buf[:0]
	lat, cyr := 0, 0
	flush := func() {
		if lat+cyr > 0 {
			fw, ok := functionWords[string(w)] // indexing by string(bytes) does not allocate
			if !ok {
				fw = none
			}
			fn(fw, lat, cyr)
		}
		w, lat, cyr = w[:0], 0, 0
	}
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf && (r|0x20 >= 'a' && r|0x20 <= 'z'):
			lat++
			w = append(w, byte(r|0x20))
		case r == '\'' || r == '’':
			if lat+cyr > 0 {
				w = append(w, '\'')
			}
		case r >= utf8.RuneSelf && unicode.IsLetter(r):
			if unicode.Is(unicode.Cyrillic, r) {
				cyr++
			} else if unicode.Is(unicode.Latin, r) {
				lat++
			}
			w = utf8.AppendRune(w, unicode.ToLower(r))
		default:
			flush()
		}
	}
	flush()
}

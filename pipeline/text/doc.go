// Package text is the text stage: it normalises raw utterance text, identifies
// languages, and splits text into sentences and tokens with lowercase forms
// and Snowball stems.
//
// The lexicon compiler tokenizes its patterns with Analyzer.Tokenize, the
// same code Analyze runs on text, so pattern tokens and text tokens always
// agree on boundaries, Norm and Stem.
//
// Token decisions (the lexicon depends on them):
//   - English: prose's tokenizer splits contractions: "can't" -> "ca" "n't",
//     "I'm" -> "I" "'m", "customer's" -> "customer" "'s".
//   - Dutch: no contraction splitting, so clitics and plurals stay one token:
//     "m'n", "z'n", "zo'n", "'t", "da's", "auto's". A Dutch word ending in
//     "'s" is stemmed without it (stem("auto's") == stem("auto")).
//   - Curly apostrophes tokenize like straight ones and Norm has ’ -> '.
//   - URLs, e-mail addresses, "e-mail", "7.42", "v2.3", "o.a.", "e.g." and
//     emoticons such as ":)" stay one token; a short capitalised word with a
//     period that ends a sentence ("Ok.", "Top.") loses the period, which
//     becomes its own token; runs of . ! ? ("...", "?!") are one token.
//   - Word is true when a token contains a letter: numbers, punctuation,
//     symbols and emoji are not words. Stem is Norm for every token that is
//     not made of letters (with inner - and ' allowed) and for languages
//     without a stemmer (anything but nl, en, ru).
package text

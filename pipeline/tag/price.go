package tag

import (
	"sort"
	"strconv"
	"strings"

	"jobminer/lexicon"
	"jobminer/pipeline/record"
)

// PriceRiseEntry is the term id of a struggle mention for a price the
// customer quotes going up: "<lang>." + PriceRiseEntry.
const PriceRiseEntry = "struggle.price-rise"

// priceLang holds a language's words for quoted prices, each set matched on
// a token's lowercase form, each list on a prefix of it.
type priceLang struct {
	// from and to frame a change: "from $14.99 to $19.99", "van €12 naar
	// €15", "с 3000 до 4500 рублей".
	from, to map[string]bool
	// instead sets a price against the one it replaces: "$56 instead of
	// $38", "€15 in plaats van €12", "6 200 вместо 3 000".
	instead []string
	// past and now set a price in time: "The blazer was £38 ... It's £56
	// now".
	past, now map[string]bool
	// change makes from/to a change over time, not a range ("sofas from
	// $500 to $800").
	change []string
	// price makes plain numbers a price when neither amount has a currency.
	price []string
}

var priceWords = map[string]priceLang{
	"en": {
		from: set("from"), to: set("to"), instead: []string{"instead", "of"},
		past:   set("was", "were", "used", "last", "before", "previously", "paid", "cost", "charged"),
		now:    set("now", "currently", "nowadays", "today", "this"),
		change: []string{"went", "gone", "goes", "jump", "increas", "rose", "risen", "rais", "hike", "up", "now", "doubl", "climb", "shot", "bump"},
		price:  []string{"price", "fee", "bill", "cost", "subscription", "charge", "premium", "rent", "membership", "tariff", "rate"},
	},
	"nl": {
		from: set("van"), to: set("naar", "tot"), instead: []string{"in", "plaats", "van"},
		past:   set("was", "waren", "vorig", "vorige", "vroeger", "eerst", "betaalde", "betaalden", "kostte", "voorheen", "toen"),
		now:    set("nu", "tegenwoordig", "inmiddels", "dit", "deze", "ineens", "opeens"),
		change: []string{"ging", "gaat", "gegaan", "gestegen", "stijg", "steeg", "verhoog", "omhoog", "nu", "ineens", "opeens", "opgeschroefd", "verdubbel"},
		price:  []string{"prijs", "prijz", "abonnement", "kosten", "rekening", "tarief", "premie", "bijdrage", "contributie", "huur", "maandbedrag", "termijnbedrag"},
	},
	"ru": {
		from: set("с", "со"), to: set("до", "на"), instead: []string{"вместо"},
		past:   set("был", "была", "было", "были", "раньше", "прошлом", "прошлый", "платил", "платила", "платили", "стоил", "стоила", "стоило"),
		now:    set("теперь", "сейчас", "нынче", "этом", "этот"),
		change: []string{"подня", "повыс", "вырос", "подорож", "стал", "теперь", "сейчас", "увелич", "задра", "взлет", "взлёт", "подскоч"},
		price:  []string{"цен", "стоимост", "тариф", "абонемент", "абонплат", "плат", "подписк", "счёт", "счет", "аренд", "взнос"},
	},
}

// currencies: symbols and words that mark an amount as money.
var currencies = set("$", "£", "€", "₽", "euro", "eur", "euros", "usd", "gbp", "dollar", "dollars", "bucks",
	"pound", "pounds", "quid", "p", "rub", "руб", "рублей", "рубля", "рубль", "р")

// rateWords may stand between a price and "instead of": "a month", "в год".
var rateWords = set("a", "per", "month", "year", "week", "в", "год", "месяц", "неделю", "maand", "jaar", "p/m")

func set(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// amount is a number read from the tokens [start, end).
type amount struct {
	v          float64
	start, end int
	money      bool // a currency marks it
}

// maxAmounts bounds the amounts read from one utterance: the prices a
// customer compares stand close together, and a table of figures is no
// complaint.
const maxAmounts = 16

// priceRise adds a struggle mention where the customer quotes a price going
// up, told without a complaint word, in one of three shapes:
//
//   - from/to: a from word, an amount, a to word and a larger amount, in a
//     sentence that speaks of a change ("It went from $14.99 to $19.99");
//     a fall, a range ("sofas from €500 to €800") and other numbers
//     ("went from 10 to 20 seats") are not;
//   - instead: a price against the lower one it replaces ("6 200 в год
//     вместо 3 000");
//   - then/now: a price then beside a higher one now, in one sentence or
//     the next, both with a currency ("The blazer was £38 ... It's £56
//     now"); the mention is the price now.
//
// From/to and instead need a currency on an amount or a price word in the
// sentence. One mention is evidence enough.
func priceRise(u *record.Utterance, l *lexicon.Lang) {
	w, ok := priceWords[l.Code]
	if !ok || strings.IndexAny(u.Text, "0123456789") < 0 {
		return
	}
	toks := u.Tokens
	var abuf [maxAmounts]amount
	as := readAmounts(abuf[:0], toks)
	for k := 0; k+1 < len(as); k++ {
		a, b := as[k], as[k+1]
		s := toks[a.start].Sentence
		if toks[b.end-1].Sentence != s {
			continue
		}
		priced := func() bool { return a.money || b.money || sentenceHas(toks, s, w.price) }
		if b.v > a.v && a.start > 0 && w.from[toks[a.start-1].Norm] && b.start == a.end+1 && w.to[toks[a.end].Norm] &&
			priced() && sentenceHas(toks, s, w.change) {
			addPriceRise(u, l, toks, a.start-1, b.end)
			return
		}
		gap := a.end
		for n := 0; n < 2 && gap < b.start && rateWords[toks[gap].Norm]; n++ {
			gap++ // "6 200 в год вместо 3 000"
		}
		if a.v > b.v && gap+len(w.instead) == b.start && hasWords(toks, gap, w.instead) && priced() {
			addPriceRise(u, l, toks, a.start, b.end)
			return
		}
	}
	for k, then := range as {
		if !then.money || !sentenceIn(toks, toks[then.start].Sentence, w.past) {
			continue
		}
		for _, now := range as[k+1:] {
			ds := toks[now.start].Sentence - toks[then.start].Sentence
			if ds > 1 {
				break
			}
			if !now.money || now.v <= then.v || !sentenceIn(toks, toks[now.start].Sentence, w.now) ||
				ds > 0 && sentenceIn(toks, toks[now.start].Sentence, w.past) {
				continue
			}
			addPriceRise(u, l, toks, now.start, now.end)
			return
		}
	}
}

// addPriceRise adds the mention over toks[from:to].
func addPriceRise(u *record.Utterance, l *lexicon.Lang, toks []record.Token, from, to int) {
	s := toks[from].Sentence
	u.Mentions = append(u.Mentions, record.Mention{
		Span:      record.Span{Start: toks[from].Start, End: toks[to-1].End},
		Entry:     l.Code + "." + PriceRiseEntry,
		Force:     record.Struggle,
		Weight:    1,
		Intensity: 1,
		Sentence:  s,
		Job:       -1,
		SubForce:  "struggle/cost",
		Phase:     PhaseOf(u, s),
	})
	sort.SliceStable(u.Mentions, func(i, j int) bool { return u.Mentions[i].Start < u.Mentions[j].Start })
}

// readAmounts appends the amounts in toks to dst, up to its capacity, in
// one pass that looks at a token's first byte before anything else.
func readAmounts(dst []amount, toks []record.Token) []amount {
	for i := 0; i < len(toks) && len(dst) < cap(dst); i++ {
		if !mayStartAmount(toks[i].Norm) {
			continue
		}
		v, next, money, ok := amountAt(toks, i)
		if !ok {
			continue
		}
		dst = append(dst, amount{v: v, start: i, end: next, money: money})
		i = next - 1
	}
	return dst
}

// mayStartAmount: a digit or a currency symbol first, or a currency code.
func mayStartAmount(n string) bool {
	if n == "" {
		return false
	}
	switch c := n[0]; {
	case c >= '0' && c <= '9', c == '$':
		return true
	case c < 0x80:
		return n == "eur" || n == "usd" || n == "gbp" || n == "rub"
	}
	return strings.HasPrefix(n, "£") || strings.HasPrefix(n, "€") || strings.HasPrefix(n, "₽")
}

// amountAt reads an amount at toks[i]: an optional currency, a number
// (digits with , or . between, or a Russian "1 500" in two tokens) with a
// symbol glued to it or not ("$", "£8", "€12,50", "200р"), and an optional
// currency after it. It returns the value, the index after the amount,
// whether a currency marked it, and whether there was a number.
func amountAt(toks []record.Token, i int) (v float64, next int, money, ok bool) {
	if i < len(toks) && currencies[toks[i].Norm] && !hasDigit(toks[i].Norm) {
		money = true
		i++
	}
	if i >= len(toks) {
		return 0, i, money, false
	}
	n := toks[i].Norm
	trimmed := strings.TrimLeft(n, "$£€₽")
	if trimmed != n {
		money = true
	}
	num, unit := splitNumber(trimmed)
	if num == "" {
		return 0, i, money, false
	}
	if unit != "" {
		money = money || currencies[unit]
	}
	i++
	// "1 500": a group of three digits right after, in Russian prices
	if unit == "" && len(num) <= 3 && i < len(toks) && len(toks[i].Norm) == 3 && allDigits(toks[i].Norm) && toks[i].Start == toks[i-1].End+1 {
		num += toks[i].Norm
		i++
	}
	v, ok = parseAmount(num)
	if !ok {
		return 0, i, money, false
	}
	if i < len(toks) && currencies[toks[i].Norm] {
		money = true
		i++
	}
	return v, i, money, true
}

// splitNumber splits "12,50" into ("12,50", ""), "200р" into ("200", "р"),
// and a word without a leading digit into ("", "").
func splitNumber(s string) (num, unit string) {
	end := 0
	for end < len(s) && (s[end] >= '0' && s[end] <= '9' || end > 0 && (s[end] == ',' || s[end] == '.')) {
		end++
	}
	num = strings.TrimRight(s[:end], ",.")
	return num, s[len(num):]
}

// parseAmount reads digits with separators: a separator before exactly
// three digits groups thousands ("1,200", "1.200"), another is the decimal
// point ("14.99", "12,50").
func parseAmount(s string) (float64, bool) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ',' || c == '.' {
			rest := len(s) - i - 1
			if rest == 3 || (rest > 3 && (s[i+4] == ',' || s[i+4] == '.')) {
				continue // thousands
			}
			b.WriteByte('.')
			continue
		}
		b.WriteByte(c)
	}
	v, err := strconv.ParseFloat(b.String(), 64)
	return v, err == nil
}

// sentenceHas reports whether sentence s holds a word starting with one of
// prefixes.
func sentenceHas(toks []record.Token, s int, prefixes []string) bool {
	for _, t := range toks {
		if t.Sentence != s || !t.Word {
			continue
		}
		for _, p := range prefixes {
			if strings.HasPrefix(t.Norm, p) {
				return true
			}
		}
	}
	return false
}

// sentenceIn reports whether sentence s holds one of words.
func sentenceIn(toks []record.Token, s int, words map[string]bool) bool {
	for _, t := range toks {
		if t.Sentence == s && words[t.Norm] {
			return true
		}
	}
	return false
}

// hasWords reports whether toks[k:] starts with words.
func hasWords(toks []record.Token, k int, words []string) bool {
	if k < 0 || k+len(words) > len(toks) {
		return false
	}
	for n, w := range words {
		if toks[k+n].Norm != w {
			return false
		}
	}
	return true
}

func hasDigit(s string) bool { return strings.IndexAny(s, "0123456789") >= 0 }

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

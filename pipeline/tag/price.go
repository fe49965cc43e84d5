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

// priceWords: the from and to words of a quoted change ("from $14.99 to
// $19.99", "van €12 naar €15", "с 3000 до 4500 рублей"); the words that
// make it a change over time, not a range ("plans from $10 to $20"); and
// the words that make plain numbers a price when neither amount carries a
// currency. The last two are prefixes of the sentence's words.
var priceWords = map[string]struct {
	from, to      map[string]bool
	change, price []string
}{
	"en": {set("from"), set("to"),
		[]string{"went", "gone", "goes", "jump", "increas", "rose", "risen", "rais", "hike", "up", "now", "doubl", "climb", "shot", "bump"},
		[]string{"price", "fee", "bill", "cost", "subscription", "charge", "premium", "rent", "membership", "tariff", "rate"}},
	"nl": {set("van"), set("naar", "tot"),
		[]string{"ging", "gaat", "gegaan", "gestegen", "stijg", "steeg", "verhoog", "omhoog", "nu", "ineens", "opeens", "opgeschroefd", "verdubbel"},
		[]string{"prijs", "prijz", "abonnement", "kosten", "rekening", "tarief", "premie", "bijdrage", "contributie", "huur", "maandbedrag", "termijnbedrag"}},
	"ru": {set("с", "со"), set("до", "на"),
		[]string{"подня", "повыс", "вырос", "подорож", "стал", "теперь", "сейчас", "увелич", "задра", "взлет", "взлёт", "подскоч"},
		[]string{"цен", "стоимост", "тариф", "абонемент", "абонплат", "плат", "подписк", "счёт", "счет", "аренд", "взнос"}},
}

// currencies: symbols and words that mark an amount as money.
var currencies = set("$", "£", "€", "₽", "euro", "eur", "euros", "usd", "gbp", "dollar", "dollars", "bucks",
	"pound", "pounds", "quid", "p", "rub", "руб", "рублей", "рубля", "рубль", "р")

func set(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// priceRise adds a struggle mention where the customer quotes a price going
// up: a from word, an amount, a to word and a larger amount, in a sentence
// that speaks of a change, with a currency on either amount or a price word
// in the sentence. "It went from $14.99 to
// $19.99 after the first year" is a complaint told without a complaint
// word; a fall ("from $20 to $15"), a range ("sofas from €500 to €800")
// and other numbers ("went from 10 to 20 seats") are not.
func priceRise(u *record.Utterance, l *lexicon.Lang) {
	w, ok := priceWords[l.Code]
	if !ok || strings.IndexAny(u.Text, "0123456789") < 0 {
		return
	}
	toks := u.Tokens
	for i := 0; i+3 < len(toks); i++ {
		if !w.from[toks[i].Norm] {
			continue
		}
		a, j, moneyA, ok := amountAt(toks, i+1)
		if !ok || j >= len(toks) || !w.to[toks[j].Norm] || toks[j].Sentence != toks[i].Sentence {
			continue
		}
		b, k, moneyB, ok := amountAt(toks, j+1)
		if !ok || b <= a || toks[k-1].Sentence != toks[i].Sentence {
			continue
		}
		s := toks[i].Sentence
		if !sentenceHas(toks, s, w.change) || !moneyA && !moneyB && !sentenceHas(toks, s, w.price) {
			continue
		}
		u.Mentions = append(u.Mentions, record.Mention{
			Span:      record.Span{Start: toks[i].Start, End: toks[k-1].End},
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
		return // one is evidence enough
	}
	if !priceInstead(u, l) {
		priceThen(u, l)
	}
}

// insteadWords: "A instead of B", "A in plaats van B", "A вместо B".
var insteadWords = map[string][]string{
	"en": {"instead", "of"}, "nl": {"in", "plaats", "van"}, "ru": {"вместо"},
}

// rateWords may stand between a price and "instead of": "a month", "в год".
var rateWords = set("a", "per", "month", "year", "week", "в", "год", "месяц", "неделю", "maand", "jaar", "week", "p/m")

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

// priceInstead adds a struggle mention where the customer sets a price
// against a lower one it replaces: "6 200 в год вместо 3 000", "$56
// instead of $38", with a currency on an amount or a price word in the
// sentence. It reports whether it added one.
func priceInstead(u *record.Utterance, l *lexicon.Lang) bool {
	iw, pw := insteadWords[l.Code], priceWords[l.Code]
	toks := u.Tokens
	for i := 0; i < len(toks); i++ {
		if !hasDigit(toks[i].Norm) && !currencies[toks[i].Norm] {
			continue
		}
		a, j, moneyA, ok := amountAt(toks, i)
		if !ok {
			continue
		}
		k := j
		for n := 0; n < 2 && k < len(toks) && rateWords[toks[k].Norm]; n++ {
			k++ // "6 200 в год вместо 3 000"
		}
		if !hasWords(toks, k, iw) {
			i = j - 1
			continue
		}
		b, end, moneyB, ok := amountAt(toks, k+len(iw))
		s := toks[i].Sentence
		if !ok || a <= b || toks[end-1].Sentence != s || !moneyA && !moneyB && !sentenceHas(toks, s, pw.price) {
			i = j - 1
			continue
		}
		u.Mentions = append(u.Mentions, record.Mention{
			Span:      record.Span{Start: toks[i].Start, End: toks[end-1].End},
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
		return true
	}
	return false
}

// timeWords: per language, the words that set a sentence's price in the past
// ("The blazer was £38", "Vorig jaar betaalden we €248", "Раньше платили
// 500 рублей") or in the present ("It's £56 now", "nu €310", "теперь 800").
var timeWords = map[string]struct{ past, now map[string]bool }{
	"en": {set("was", "were", "used", "last", "before", "previously", "paid", "cost", "charged"),
		set("now", "currently", "nowadays", "today", "this")},
	"nl": {set("was", "waren", "vorig", "vorige", "vroeger", "eerst", "betaalde", "betaalden", "kostte", "voorheen", "toen"),
		set("nu", "tegenwoordig", "inmiddels", "dit", "deze", "ineens", "opeens")},
	"ru": {set("был", "была", "было", "были", "раньше", "прошлом", "прошлый", "платил", "платила", "платили", "стоил", "стоила", "стоило"),
		set("теперь", "сейчас", "нынче", "этом", "этот")},
}

// priceThen adds a struggle mention where the customer sets a price then
// beside a higher price now, in one sentence or in two next to each other:
// "The blazer was £38 when my eldest started. It's £56 now." Both amounts
// carry a currency, the earlier one's sentence a word of the past and the
// later one's a word of the present. The mention is the later amount, in
// its sentence, whose quote then shows the price now.
func priceThen(u *record.Utterance, l *lexicon.Lang) {
	w, ok := timeWords[l.Code]
	if !ok || strings.IndexAny(u.Text, "0123456789") < 0 {
		return
	}
	toks := u.Tokens
	type amount struct {
		v          float64
		start, end int // tokens
		past, now  bool
	}
	var abuf [8]amount
	as := abuf[:0]
	for i := 0; i < len(toks) && len(as) < cap(abuf); i++ {
		if !hasDigit(toks[i].Norm) && !currencies[toks[i].Norm] {
			continue
		}
		v, next, money, ok := amountAt(toks, i)
		if !ok || next <= i {
			continue
		}
		if money {
			s := toks[i].Sentence
			as = append(as, amount{v: v, start: i, end: next,
				past: sentenceIn(toks, s, w.past), now: sentenceIn(toks, s, w.now)})
		}
		i = next - 1
	}
	for k, then := range as {
		if !then.past {
			continue
		}
		for _, now := range as[k+1:] {
			ds := toks[now.start].Sentence - toks[then.start].Sentence
			if ds > 1 || !now.now || now.past && ds > 0 || now.v <= then.v {
				continue
			}
			s := toks[now.start].Sentence
			u.Mentions = append(u.Mentions, record.Mention{
				Span:      record.Span{Start: toks[now.start].Start, End: toks[now.end-1].End},
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
			return
		}
	}
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

func hasDigit(s string) bool { return strings.IndexAny(s, "0123456789") >= 0 }

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

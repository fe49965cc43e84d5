package redact

import (
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

type mask uint

func maskOf(ks ...Kind) mask {
	var m mask
	for _, k := range ks {
		m |= 1 << k
	}
	return m
}

func (m mask) has(k Kind) bool { return m&(1<<k) != 0 }

var (
	allKinds     = maskOf(Email, Phone, IBAN, BSN, Card, Address, URL)
	speakerKinds = maskOf(Email, Phone)
)

// Text returns s with every kind of personal data replaced by its
// placeholder, and how many of each kind were replaced. It is pure and
// deterministic; s is returned as is, without allocating, when it holds no
// digit, no '@' and no "http" or "www.".
func Text(s string) (string, Counts) { return apply(s, allKinds) }

// Speaker redacts a speaker name that is, or holds, an e-mail address or a
// phone number (chat and e-mail exports often name people that way); other
// names are returned unchanged. Pseudonymiser is the tool for names.
func Speaker(s string) (string, Counts) { return apply(s, speakerKinds) }

// span is a value to replace: s[start:end] of kind.
type span struct {
	start, end int
	kind       Kind
}

// apply replaces until nothing is left to replace: a replacement can change
// what surrounds a neighbour (a phone glued to a URL), and repeating makes
// the result a fixed point, so redacting twice changes nothing. Every
// replacement removes a digit, an '@' or a URL prefix, so it ends.
func apply(s string, m mask) (string, Counts) {
	var c Counts
	for mayHold(s) {
		spans := find(s, m)
		if len(spans) == 0 {
			break
		}
		var b strings.Builder
		b.Grow(len(s))
		last := 0
		for _, sp := range spans {
			b.WriteString(s[last:sp.start])
			b.WriteString(sp.kind.Placeholder())
			c[sp.kind]++
			last = sp.end
		}
		b.WriteString(s[last:])
		s = b.String()
	}
	return s, c
}

// mayHold is the fast path: only text with a digit, an '@' or a URL prefix
// can hold anything to redact.
func mayHold(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9', c == '@':
			return true
		case c|0x20 == 'h' && i+4 <= len(s) && s[i+1]|0x20 == 't' && s[i+2]|0x20 == 't' && s[i+3]|0x20 == 'p':
			return true // hasPrefixFold(s[i:], "http"), inline: no other rune folds to these letters
		case c|0x20 == 'w' && i+4 <= len(s) && s[i+1]|0x20 == 'w' && s[i+2]|0x20 == 'w' && s[i+3] == '.':
			return true // hasPrefixFold(s[i:], "www.")
		}
	}
	return false
}

// mayHoldURL reports whether s may hold a URL findURLs takes: every one
// starts with "http://", "https://" (so holds "://") or "www." in any case.
func mayHoldURL(s string) bool {
	if strings.Contains(s, "://") {
		return true
	}
	for i := 3; i < len(s); i++ {
		k := strings.IndexByte(s[i:], '.')
		if k < 0 {
			return false
		}
		i += k
		if s[i-3]|0x20 == 'w' && s[i-2]|0x20 == 'w' && s[i-1]|0x20 == 'w' {
			return true
		}
	}
	return false
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// find returns the non-overlapping values to replace, in order. Where two
// candidates overlap the one that starts first wins, then the longer, then
// the kind listed first (a URL holding an e-mail address is one URL).
func find(s string, m mask) []span {
	var c []span
	if m.has(URL) && mayHoldURL(s) {
		c = findURLs(s, c)
	}
	if m.has(Email) && strings.IndexByte(s, '@') >= 0 {
		c = findEmails(s, c)
	}
	if hasDigit(s) {
		if m.has(IBAN) {
			c = findIBANs(s, c)
		}
		c = findNumbers(s, m, c)
		if m.has(Address) && hasPostcode(s) {
			c = findAddresses(s, c)
		}
	}
	return resolve(c)
}

// resolve orders candidates and drops those that overlap an earlier one:
// the one that starts first wins, then the longer, then the kind listed
// first.
func resolve(c []span) []span {
	if len(c) == 0 {
		return nil
	}
	sort.Slice(c, func(i, j int) bool {
		if c[i].start != c[j].start {
			return c[i].start < c[j].start
		}
		if c[i].end != c[j].end {
			return c[i].end > c[j].end
		}
		return c[i].kind < c[j].kind
	})
	out := c[:0]
	end := 0
	for _, sp := range c {
		if sp.start >= end && sp.end > sp.start {
			out = append(out, sp)
			end = sp.end
		}
	}
	return out
}

func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			return true
		}
	}
	return false
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isASCIIAlnum(c byte) bool {
	return isDigit(c) || (c|0x20 >= 'a' && c|0x20 <= 'z')
}

// runeBefore and runeAfter return the rune around s[i], or -1 at the edge.
func runeBefore(s string, i int) rune {
	if i <= 0 {
		return -1
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return r
}

func runeAfter(s string, i int) rune {
	if i >= len(s) {
		return -1
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return r
}

func isWordRune(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }

// ---- URLs ----

// findURLs finds http(s):// and www. URLs and keeps those that carry a query
// string, credentials or a token-like path segment: a plain link to a
// public page is no personal data and often tells what the customer means.
func findURLs(s string, c []span) []span {
	for i := 0; i < len(s); i++ {
		ch := s[i] | 0x20
		if ch != 'h' && ch != 'w' {
			continue
		}
		var n int
		switch {
		case hasPrefixFold(s[i:], "https://"):
			n = 8
		case hasPrefixFold(s[i:], "http://"):
			n = 7
		case hasPrefixFold(s[i:], "www."):
			n = 4
		default:
			continue
		}
		if isWordRune(runeBefore(s, i)) {
			continue
		}
		end := i + n
		for end < len(s) {
			r, size := utf8.DecodeRuneInString(s[end:])
			if unicode.IsSpace(r) || unicode.IsControl(r) || strings.ContainsRune("<>\"'`[]{}|\\^", r) || r == utf8.RuneError {
				break
			}
			end += size
		}
		for end > i+n && strings.IndexByte(".,;:!?)", s[end-1]) >= 0 {
			end--
		}
		if end > i+n && sensitiveURL(s[i+n:end]) {
			c = append(c, span{i, end, URL})
		}
		i = end - 1
	}
	return c
}

// sensitiveURL reports whether rest (a URL after its scheme) has a query
// string or fragment with content, user info, or a token-like segment.
func sensitiveURL(rest string) bool {
	if q := strings.IndexAny(rest, "?#"); q >= 0 && q < len(rest)-1 {
		return true
	}
	host, path, _ := strings.Cut(rest, "/")
	if strings.Contains(host, "@") {
		return true
	}
	for _, seg := range strings.FieldsFunc(path, func(r rune) bool { return r == '/' || r == '.' || r == '=' || r == '&' || r == ';' }) {
		if tokenLike(seg) {
			return true
		}
	}
	return false
}

// tokenLike: at least 16 characters of letters, digits, '-' and '_' with
// at least two digits and two letters, as reset links, session ids and
// signed URLs have; a slug like "how-to-export-invoices" has no digits.
func tokenLike(seg string) bool {
	if len(seg) < 16 {
		return false
	}
	var digits, letters int
	for i := 0; i < len(seg); i++ {
		switch c := seg[i]; {
		case isDigit(c):
			digits++
		case c|0x20 >= 'a' && c|0x20 <= 'z':
			letters++
		case c == '-' || c == '_':
		default:
			return false
		}
	}
	return digits >= 2 && letters >= 2
}

// ---- e-mail ----

func isLocalChar(c byte) bool  { return isASCIIAlnum(c) || strings.IndexByte("._%+-'", c) >= 0 }
func isDomainChar(c byte) bool { return isASCIIAlnum(c) || c == '.' || c == '-' }

func findEmails(s string, c []span) []span {
	for at := strings.IndexByte(s, '@'); at >= 0; {
		start := at
		for start > 0 && isLocalChar(s[start-1]) {
			start--
		}
		for start < at && strings.IndexByte(".'", s[start]) >= 0 {
			start++
		}
		end := at + 1
		for end < len(s) && isDomainChar(s[end]) {
			end++
		}
		for end > at+1 && (s[end-1] == '.' || s[end-1] == '-') {
			end--
		}
		if start < at && validDomain(s[at+1:end]) {
			c = append(c, span{start, end, Email})
		}
		next := strings.IndexByte(s[at+1:], '@')
		if next < 0 {
			break
		}
		at += 1 + next
	}
	return c
}

// validDomain: labels separated by dots, at least two, the last all letters
// and at least two of them.
func validDomain(d string) bool {
	labels := strings.Split(d, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" {
			return false
		}
	}
	tld := labels[len(labels)-1]
	if len(tld) < 2 {
		return false
	}
	for i := 0; i < len(tld); i++ {
		if !(tld[i]|0x20 >= 'a' && tld[i]|0x20 <= 'z') {
			return false
		}
	}
	return true
}

// ---- IBAN ----

// ibanLengths is the IBAN length per country (SWIFT IBAN registry).
var ibanLengths = map[string]int{
	"AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BR": 29,
	"CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24,
	"FI": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28, "HR": 21,
	"HU": 28, "IE": 22, "IL": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LI": 21,
	"LT": 20, "LU": 20, "LV": 21, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MR": 27, "MT": 31, "MU": 30,
	"NL": 18, "NO": 15, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "SA": 24,
	"SE": 24, "SI": 19, "SK": 24, "SM": 27, "TN": 24, "TR": 26, "UA": 29, "VG": 24, "XK": 20,
}

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// findIBANs finds country code, check digits and the country's number of
// letters and digits, written together or in groups separated by single
// spaces, that pass the mod-97 check.
func findIBANs(s string, c []span) []span {
	for i := 0; i+4 <= len(s); i++ {
		if !isDigit(s[i+3]) {
			i++ // nor can i+1 start one: it needs s[i+3] a digit too
			continue
		}
		if !isDigit(s[i+2]) || !isLetter(s[i]) || !isLetter(s[i+1]) {
			continue
		}
		if i > 0 && isASCIIAlnum(s[i-1]) {
			continue
		}
		n, ok := ibanLengths[strings.ToUpper(s[i:i+2])]
		if !ok {
			continue
		}
		buf := make([]byte, 0, 34)
		j := i
		for j < len(s) && len(buf) < n {
			switch {
			case isASCIIAlnum(s[j]):
				buf = append(buf, s[j])
				j++
			case s[j] == ' ' && j+1 < len(s) && isASCIIAlnum(s[j+1]) && len(buf) >= 4 && len(buf)%4 == 0:
				j++ // a group separator, only after a group of four
			default:
				n = -1 // too short
			}
			if n < 0 {
				break
			}
		}
		if n < 0 || len(buf) != n || (j < len(s) && isASCIIAlnum(s[j])) {
			continue
		}
		if ibanValid(buf) {
			c = append(c, span{i, j, IBAN})
			i = j - 1
		}
	}
	return c
}

// ibanValid: moving the first four characters to the end and reading
// letters as 10..35 gives a number that is 1 modulo 97.
func ibanValid(b []byte) bool {
	mod := 0
	for k := 0; k < len(b); k++ {
		ch := b[(k+4)%len(b)]
		switch {
		case isDigit(ch):
			mod = (mod*10 + int(ch-'0')) % 97
		case isLetter(ch):
			v := int(ch|0x20-'a') + 10
			mod = (mod*100 + v) % 97
		default:
			return false
		}
	}
	return mod == 1
}

// ---- numbers: phones, cards, BSNs ----

// numberSeps may separate digit groups inside one number.
const numberSeps = " -.()"

// findNumbers scans runs of digits joined by single separators, splits a run
// into its space-separated groups and tries each stretch of groups, longest
// first from the left, as a phone, card or BSN number.
func findNumbers(s string, m mask, c []span) []span {
	for i := 0; i < len(s); i++ {
		start := i
		if !isDigit(s[i]) {
			if !(s[i] == '+' || s[i] == '(') || i+1 >= len(s) || !(isDigit(s[i+1]) || (s[i] == '(' && s[i+1] == '+')) {
				continue
			}
		}
		if blockedBefore(s, start) {
			for i < len(s) && (isDigit(s[i]) || strings.IndexByte(numberSeps+"+", s[i]) >= 0) {
				i++
			}
			continue
		}
		end := runEnd(s, start)
		i = end
		if blockedAfter(s, end) {
			continue
		}
		c = classifyRun(s, start, end, m, c)
	}
	return c
}

// runEnd returns the end of the run starting at start: digits, and up to
// two separators at a time when a digit follows them.
func runEnd(s string, start int) int {
	j := start
	if s[j] == '(' {
		j++
	}
	if j < len(s) && s[j] == '+' {
		j++
	}
	end := j
	for j < len(s) {
		if isDigit(s[j]) {
			j++
			end = j
			continue
		}
		k := j
		for k < len(s) && k-j < 2 && strings.IndexByte(numberSeps, s[k]) >= 0 {
			k++
		}
		if k == j || k >= len(s) || !isDigit(s[k]) || strings.Count(s[j:k], " ") > 1 {
			break
		}
		j = k
	}
	// A closing parenthesis right after the digits belongs to the number
	// only if one was opened ("(020)" at the end is not a phone anyway).
	return end
}

// blockedBefore: a number glued to a word, a currency, a '#' or a decimal
// point is an id, an amount or part of something else.
func blockedBefore(s string, i int) bool {
	r := runeBefore(s, i)
	if r < 0 {
		return false
	}
	if isWordRune(r) || strings.ContainsRune("#€$£¥/\\:=.,-+_&%", r) {
		return true
	}
	return false
}

// blockedAfter: digits followed by a letter ("10km"), a percent sign, a
// decimal part or a time ("10:30") are not a number of ours.
func blockedAfter(s string, i int) bool {
	r := runeAfter(s, i)
	if r < 0 {
		return false
	}
	if isWordRune(r) || r == '%' || r == '€' || r == '@' {
		return true
	}
	if (r == ',' || r == '.' || r == ':' || r == '/') && i+1 < len(s) && isDigit(s[i+1]) {
		return true
	}
	return false
}

// classifyRun tries stretches of the run's space-separated groups.
func classifyRun(s string, start, end int, m mask, c []span) []span {
	// group boundaries
	var bounds [][2]int
	g := start
	for k := start; k <= end; k++ {
		if k == end || s[k] == ' ' {
			if k > g {
				bounds = append(bounds, [2]int{g, k})
			}
			g = k + 1
		}
	}
	if len(bounds) > 12 { // a long table of numbers: try stretches of the first few only
		bounds = bounds[:12]
	}
	for a := 0; a < len(bounds); {
		found := false
		for b := len(bounds) - 1; b >= a; b-- {
			st, en := bounds[a][0], bounds[b][1]
			if k, ok := classify(s, st, en, m); ok {
				c = append(c, span{st, en, k})
				a = b + 1
				found = true
				break
			}
		}
		if !found {
			a++
		}
	}
	return c
}

var (
	dateGroup  = regexp.MustCompile(`^\(?(\d{1,2}[-.]\d{1,2}[-.]\d{2,4}|\d{4}-\d{1,2}-\d{1,2})\)?$`)
	bsnDotted  = regexp.MustCompile(`^(\d{3}[. ]\d{3}[. ]\d{3}|\d{4}[. ]\d{2}[. ]\d{3}|\d{9})$`)
	orderWords = []string{"order", "ordernummer", "ordernr", "bestelnummer", "bestelling", "factuur", "factuurnummer",
		"invoice", "ticket", "ticketnummer", "ticketnr", "klantnummer", "dossiernummer", "zaaknummer", "referentie",
		"reference", "ref", "case", "artikel", "artikelnummer", "pakket", "tracking", "track", "trackingnummer", "versie", "version"}
	bsnWords = []string{"bsn", "burgerservicenummer", "burger service nummer", "sofinummer", "sofi-nummer", "sofi nummer",
		"citizen service number", "social security number"}
)

// classify decides what s[st:en] is, if anything.
func classify(s string, st, en int, m mask) (Kind, bool) {
	run := s[st:en]
	for _, grp := range strings.Split(run, " ") {
		if dateGroup.MatchString(grp) {
			return 0, false
		}
	}
	digits := make([]byte, 0, len(run))
	for i := 0; i < len(run); i++ {
		if isDigit(run[i]) {
			digits = append(digits, run[i])
		}
	}
	dotted := strings.Contains(run, ".")
	parens := strings.ContainsAny(run, "()")
	if strings.Count(run, "(") != strings.Count(run, ")") {
		return 0, false
	}
	if m.has(BSN) && len(digits) == 9 && !parens && bsnDotted.MatchString(run) && elevenTest(digits) && labelled(s, st, en, bsnWords) {
		return BSN, true
	}
	if dotted {
		return 0, false // amounts, versions, times and dates use dots; phones written so are rare
	}
	if m.has(Card) && !parens && len(digits) >= 13 && len(digits) <= 19 && digits[0] >= '2' && digits[0] <= '6' && luhn(digits) && !allSame(digits) {
		return Card, true
	}
	if m.has(Phone) && phone(run, digits) && !afterWord(s, st, orderWords) {
		return Phone, true
	}
	return 0, false
}

// phone: +country or 00country numbers of 8 to 15 digits (+31: exactly nine
// after the country code, a "(0)" trunk prefix allowed); Dutch national
// numbers of ten digits starting with 0 (not 00); 0800/0900/0906/0909
// service numbers of eight or eleven digits.
func phone(run string, digits []byte) bool {
	r := strings.TrimPrefix(run, "(")
	switch {
	case strings.HasPrefix(r, "+"):
		d := digits
		if strings.Contains(run, "(0)") {
			d = []byte(digitsOf(strings.Replace(run, "(0)", "", 1)))
		}
		if len(d) == 0 || d[0] == '0' {
			return false
		}
		if string(d[:min(2, len(d))]) == "31" {
			return len(d) == 11 && d[2] != '0'
		}
		return len(d) >= 8 && len(d) <= 15
	case len(digits) >= 2 && digits[0] == '0' && digits[1] == '0':
		return len(digits) >= 10 && len(digits) <= 17 && digits[2] != '0'
	case len(digits) >= 2 && digits[0] == '0':
		if len(digits) == 10 {
			return true
		}
		p := string(digits[:min(4, len(digits))])
		return (p == "0800" || p == "0900" || p == "0906" || p == "0909") && (len(digits) == 8 || len(digits) == 11)
	}
	return false
}

func digitsOf(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// elevenTest is the BSN check: 9×d1 + 8×d2 + ... + 2×d8 − d9 is a multiple
// of 11 (and not 0).
func elevenTest(d []byte) bool {
	sum := 0
	for i := 0; i < 8; i++ {
		sum += (9 - i) * int(d[i]-'0')
	}
	sum -= int(d[8] - '0')
	return sum != 0 && sum%11 == 0
}

func luhn(d []byte) bool {
	sum := 0
	double := false
	for i := len(d) - 1; i >= 0; i-- {
		v := int(d[i] - '0')
		if double {
			v *= 2
			if v > 9 {
				v -= 9
			}
		}
		sum += v
		double = !double
	}
	return sum%10 == 0
}

func allSame(d []byte) bool {
	for _, c := range d {
		if c != d[0] {
			return false
		}
	}
	return true
}

// labelled reports whether one of words occurs in the 40 bytes before
// s[st:en] or the 24 after it, case-insensitively.
func labelled(s string, st, en int, words []string) bool {
	ctx := strings.ToLower(s[max(0, st-40):st] + " " + s[en:min(len(s), en+24)])
	for _, w := range words {
		if strings.Contains(ctx, w) {
			return true
		}
	}
	return false
}

// afterWord reports whether the word just before s[st] (skipping spaces,
// ':', '.' and "nr"/"nummer"/"number"/"no") is one of words.
func afterWord(s string, st int, words []string) bool {
	before := strings.ToLower(s[max(0, st-40):st])
	fields := strings.FieldsFunc(before, func(r rune) bool { return !isWordRune(r) })
	for k := len(fields) - 1; k >= 0 && k >= len(fields)-3; k-- {
		f := fields[k]
		for _, w := range words {
			if f == w {
				return true
			}
		}
		if f != "nr" && f != "nummer" && f != "number" && f != "no" && f != "id" && f != "mijn" && f != "my" && f != "the" && f != "het" && f != "de" {
			return false
		}
	}
	return false
}

// ---- postcodes with house numbers ----

// Dutch postcodes: four digits not starting with 0, two capital letters
// (never SA, SD or SS), with a house number before ("Kerkstraat 12, 1234
// AB") or after ("1234 AB 12"). A postcode alone names a street, not a
// person, and is kept.
var (
	addrBefore = regexp.MustCompile(`(?:[A-Z][\p{L}'.-]+ )?\d{1,5}(?: ?[a-zA-Z]|-\d{1,4})?,? {1,2}[1-9]\d{3} ?(?:[A-RT-Z][A-Z]|S[BCE-RT-Z])\b`)
	addrAfter  = regexp.MustCompile(`[1-9]\d{3} ?(?:[A-RT-Z][A-Z]|S[BCE-RT-Z]),? {1,2}\d{1,5}(?:[a-zA-Z]|-\d{1,4})?\b`)
)

// hasPostcode is a cheap test for four digits and two capital letters, so
// the address patterns run only on text that may hold a postcode.
func hasPostcode(s string) bool {
	for i := 0; i+6 <= len(s); i++ {
		if !isDigit(s[i+3]) {
			i += 3 // nor can i+1, i+2 or i+3 start one: they need s[i+3] a digit too
			continue
		}
		if !isDigit(s[i]) || !isDigit(s[i+1]) || !isDigit(s[i+2]) {
			continue
		}
		j := i + 4
		if s[j] == ' ' {
			j++
		}
		if j+2 <= len(s) && s[j] >= 'A' && s[j] <= 'Z' && s[j+1] >= 'A' && s[j+1] <= 'Z' {
			return true
		}
	}
	return false
}

func findAddresses(s string, c []span) []span {
	for _, re := range []*regexp.Regexp{addrBefore, addrAfter} {
		for _, loc := range re.FindAllStringIndex(s, -1) {
			r := runeBefore(s, loc[0])
			if isWordRune(r) || (r >= 0 && strings.ContainsRune(".,#€$:/-", r)) {
				continue
			}
			c = append(c, span{loc[0], loc[1], Address})
		}
	}
	return c
}

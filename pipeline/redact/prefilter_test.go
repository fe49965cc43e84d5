package redact

import (
	"reflect"
	"strings"
	"testing"
)

// The ...Ref functions are the redactor's scans as first written, before
// their prefilters and skips: FuzzPrefilters holds the fast ones equal.

func mayHoldRef(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9', c == '@':
			return true
		case c|0x20 == 'h' && hasPrefixFold(s[i:], "http"):
			return true
		case c|0x20 == 'w' && hasPrefixFold(s[i:], "www."):
			return true
		}
	}
	return false
}

func findRef(s string, m mask) []span {
	var c []span
	if m.has(URL) {
		c = findURLs(s, c)
	}
	if m.has(Email) && strings.IndexByte(s, '@') >= 0 {
		c = findEmails(s, c)
	}
	if hasDigit(s) {
		if m.has(IBAN) {
			c = findIBANsRef(s, c)
		}
		c = findNumbers(s, m, c)
		if m.has(Address) && hasPostcodeRef(s) {
			c = findAddresses(s, c)
		}
	}
	return resolve(c)
}

func findIBANsRef(s string, c []span) []span {
	for i := 0; i+4 <= len(s); i++ {
		if !isLetter(s[i]) || !isLetter(s[i+1]) || !isDigit(s[i+2]) || !isDigit(s[i+3]) {
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
				j++
			default:
				n = -1
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

func hasPostcodeRef(s string) bool {
	for i := 0; i+6 <= len(s); i++ {
		if !isDigit(s[i]) || !isDigit(s[i+1]) || !isDigit(s[i+2]) || !isDigit(s[i+3]) {
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

var prefilterSeeds = []string{
	"", "www.", "WwW.x.nl/?a=1", "ww.w.", "see http://x.nl/?q=1 and HTTPS://y.nl/#a", "ftp://a.b/?c", "httpx", "htt",
	"NL91ABNA0417164300", "nl91 abna 0417 1643 00, GB82WEST12345698765432", "x NL91 ABNA 0417 1643 00 NL91ABNA0417164300",
	"1234 AB 12", "Kerkstraat 12, 1234AB", "123 4567 AB", "12345AB", "a1b2c3d4 99 e5", "ab12ab12ab12",
	"Bel 06-12345678 of mail jan@example.nl", "+31 (0)20 123 4567", "card 4111 1111 1111 1111", "ſ http", "\xff12\xffAB",
}

func TestPrefilters(t *testing.T) {
	for _, s := range prefilterSeeds {
		checkPrefilters(t, s)
	}
}

// FuzzPrefilters holds the scans with prefilters and skips equal to the
// plain ones: the skips must never miss a value.
func FuzzPrefilters(f *testing.F) {
	for _, s := range prefilterSeeds {
		f.Add(s)
	}
	f.Fuzz(checkPrefilters)
}

func checkPrefilters(t *testing.T, s string) {
	if got, want := mayHold(s), mayHoldRef(s); got != want {
		t.Fatalf("mayHold(%q) = %v, want %v", s, got, want)
	}
	if got, want := hasPostcode(s), hasPostcodeRef(s); got != want {
		t.Fatalf("hasPostcode(%q) = %v, want %v", s, got, want)
	}
	if got, want := findIBANs(s, nil), findIBANsRef(s, nil); !reflect.DeepEqual(got, want) {
		t.Fatalf("findIBANs(%q) = %v, want %v", s, got, want)
	}
	if got := findURLs(s, nil); len(got) > 0 && !mayHoldURL(s) {
		t.Fatalf("mayHoldURL(%q) = false, but findURLs finds %v", s, got)
	}
	for _, m := range []mask{allKinds, speakerKinds} {
		if got, want := find(s, m), findRef(s, m); !reflect.DeepEqual(got, want) {
			t.Fatalf("find(%q, %b) = %v, want %v", s, m, got, want)
		}
	}
}

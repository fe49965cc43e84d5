package redact

import (
	"strings"
	"testing"
)

func TestText(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
		kind string // the kind counted once, "" for none
	}{
		// e-mail
		{name: "email en", in: "Mail me at jan.de-vries+shop@example.co.uk please.", want: "Mail me at [EMAIL] please.", kind: "email"},
		{name: "email nl", in: "Mijn adres is j.jansen@bedrijf.nl, bel niet.", want: "Mijn adres is [EMAIL], bel niet.", kind: "email"},
		{name: "not email: handle", in: "Volg ons op @jobminer voor updates", want: "Volg ons op @jobminer voor updates"},
		{name: "not email: no tld", in: "user@localhost kan niet inloggen", want: "user@localhost kan niet inloggen"},
		// phones
		{name: "phone nl mobile", in: "Bel me op 06-12345678 na vijven.", want: "Bel me op [PHONE] na vijven.", kind: "phone"},
		{name: "phone nl mobile spaced", in: "Mijn nummer is 06 1234 5678.", want: "Mijn nummer is [PHONE].", kind: "phone"},
		{name: "phone nl +31", in: "Bereikbaar op +31 6 12345678 of per post.", want: "Bereikbaar op [PHONE] of per post.", kind: "phone"},
		{name: "phone nl +31 (0)", in: "Tel.: +31 (0)20 123 4567", want: "Tel.: [PHONE]", kind: "phone"},
		{name: "phone nl landline parens", in: "Bel (020) 123 4567 voor hulp", want: "Bel [PHONE] voor hulp", kind: "phone"},
		{name: "phone nl 0031", in: "nummer 0031 6 1234 5678", want: "nummer [PHONE]", kind: "phone"},
		{name: "phone en international", in: "Call me on +44 20 7946 0958 tomorrow.", want: "Call me on [PHONE] tomorrow.", kind: "phone"},
		{name: "phone en us", in: "My cell is +1 (555) 123-4567.", want: "My cell is [PHONE].", kind: "phone"},
		{name: "phone after a time", in: "om 10.30 0612345678 bellen", want: "om 10.30 [PHONE] bellen", kind: "phone"},
		{name: "phone nl service number", in: "de helpdesk 0800-1234 hielp niet", want: "de helpdesk [PHONE] hielp niet", kind: "phone"},
		{name: "not phone: order number", in: "Mijn order 55-21877 is kwijt", want: "Mijn order 55-21877 is kwijt"},
		{name: "not phone: order number with 0", in: "ordernummer 0123456789 kwam niet aan", want: "ordernummer 0123456789 kwam niet aan"},
		{name: "not phone: ticket", in: "see ticket #123456 and #0612345678", want: "see ticket #123456 and #0612345678"},
		{name: "not phone: date", in: "Op 22-11-2026 om 14:30 ging het mis", want: "Op 22-11-2026 om 14:30 ging het mis"},
		{name: "not phone: date then number", in: "sinds 01-02-2026 10 klachten", want: "sinds 01-02-2026 10 klachten"},
		{name: "not phone: iso date", in: "on 2026-11-22 I paid", want: "on 2026-11-22 I paid"},
		{name: "not phone: amount", in: "Ik betaalde € 1.250,00 en 0,50 extra", want: "Ik betaalde € 1.250,00 en 0,50 extra"},
		{name: "not phone: version and percent", in: "version 10.2.3 is 25% slower than 0.9", want: "version 10.2.3 is 25% slower than 0.9"},
		{name: "not phone: short numbers", in: "3 keer gebeld, 12 minuten, 2026", want: "3 keer gebeld, 12 minuten, 2026"},
		{name: "not phone: too short +", in: "we grew +12 345 this year", want: "we grew +12 345 this year"},
		{name: "not phone: 9 digits with 0", in: "code 012345678 werkt niet", want: "code 012345678 werkt niet"},
		// IBAN
		{name: "iban nl grouped", in: "Stort het op NL91 ABNA 0417 1643 00 graag.", want: "Stort het op [IBAN] graag.", kind: "iban"},
		{name: "iban nl compact", in: "rekening NL91ABNA0417164300.", want: "rekening [IBAN].", kind: "iban"},
		{name: "iban de", in: "my IBAN is DE89 3704 0044 0532 0130 00", want: "my IBAN is [IBAN]", kind: "iban"},
		{name: "iban gb lower", in: "pay gb82west12345698765432 now", want: "pay [IBAN] now", kind: "iban"},
		{name: "not iban: bad check", in: "rekening NL91ABNA0417164301 klopt niet", want: "rekening NL91ABNA0417164301 klopt niet"},
		{name: "not iban: wrong length", in: "code NL91ABNA04171643 is geen iban", want: "code NL91ABNA04171643 is geen iban"},
		// BSN
		{name: "bsn labelled", in: "Mijn BSN is 111222333.", want: "Mijn BSN is [BSN].", kind: "bsn"},
		{name: "bsn dotted", in: "burgerservicenummer: 1234.56.782", want: "burgerservicenummer: [BSN]", kind: "bsn"},
		{name: "bsn label after", in: "123456782 (sofinummer)", want: "[BSN] (sofinummer)", kind: "bsn"},
		{name: "not bsn: fails 11-test", in: "Mijn BSN is 123456789", want: "Mijn BSN is 123456789"},
		{name: "not bsn: unlabelled order number passing 11-test", in: "bestelling 691400507 en 781676447 kwamen niet", want: "bestelling 691400507 en 781676447 kwamen niet"},
		// cards
		{name: "card visa grouped", in: "card 4111 1111 1111 1111 was charged twice", want: "card [CARD] was charged twice", kind: "card"},
		{name: "card mastercard dashed", in: "kaart 5500-0055-5555-5559", want: "kaart [CARD]", kind: "card"},
		{name: "card amex", in: "amex 378282246310005.", want: "amex [CARD].", kind: "card"},
		{name: "not card: luhn fails", in: "number 4111 1111 1111 1112 is wrong", want: "number 4111 1111 1111 1112 is wrong"},
		{name: "not card: long order id", in: "tracking 1234567890123456 onderweg", want: "tracking 1234567890123456 onderweg"},
		// addresses
		{name: "address street number postcode", in: "Ik woon op Kerkstraat 12, 1234 AB Amsterdam.", want: "Ik woon op [ADDRESS] Amsterdam.", kind: "address"},
		{name: "address postcode number", in: "postcode 3511LX 7a graag", want: "postcode [ADDRESS] graag", kind: "address"},
		{name: "address en", in: "Ship it to Dorpsweg 3-2, 9876 ZX Ede", want: "Ship it to [ADDRESS] Ede", kind: "address"},
		{name: "not address: postcode alone", in: "in 1234 AB is het druk", want: "in 1234 AB is het druk"},
		{name: "not address: SS letters", in: "Straat 5, 1234 SS is geen postcode", want: "Straat 5, 1234 SS is geen postcode"},
		{name: "not address: version", in: "versie 2.3 2024 NL", want: "versie 2.3 2024 NL"},
		// URLs
		{name: "url with query", in: "Klik op https://shop.example.nl/reset?token=abc123 en log in.", want: "Klik op [URL] en log in.", kind: "url"},
		{name: "url www with query", in: "see www.example.com/track?id=55 please", want: "see [URL] please", kind: "url"},
		{name: "url token path", in: "the link https://x.io/r/8f3a9c2d1e7b4a60f0 expired", want: "the link [URL] expired", kind: "url"},
		{name: "url credentials", in: "via http://jan:geheim@example.nl/ inloggen", want: "via [URL] inloggen", kind: "url"},
		{name: "not url: plain page", in: "zie https://www.example.nl/prijzen/abonnementen.", want: "zie https://www.example.nl/prijzen/abonnementen."},
		{name: "not url: slug", in: "read https://example.com/how-to-export-invoices-to-excel", want: "read https://example.com/how-to-export-invoices-to-excel"},
		// nothing at all
		{name: "plain text", in: "Het exporteren naar Excel lukt me niet.", want: "Het exporteren naar Excel lukt me niet."},
		{name: "empty", in: "", want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, c := Text(tt.in)
			if got != tt.want {
				t.Errorf("Text(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
			want := Counts{}
			if tt.kind != "" {
				for _, k := range Kinds() {
					if k.String() == tt.kind {
						want[k] = 1
					}
				}
				if want.Total() != 1 {
					t.Fatalf("bad kind %q in test", tt.kind)
				}
			}
			if c != want {
				t.Errorf("counts %v, want %v", c.Map(), want.Map())
			}
		})
	}
}

func TestTextSeveral(t *testing.T) {
	in := "Jan (jan@example.nl, 06-12345678) wil IBAN NL91ABNA0417164300 en 0612345678 wijzigen"
	got, c := Text(in)
	want := "Jan ([EMAIL], [PHONE]) wil IBAN [IBAN] en [PHONE] wijzigen"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if c[Email] != 1 || c[Phone] != 2 || c[IBAN] != 1 || c.Total() != 4 {
		t.Errorf("counts %v", c.Map())
	}
}

func TestTextNoAllocWithoutCandidates(t *testing.T) {
	s := strings.Repeat("Ik wil mijn facturen naar Excel exporteren, maar het lukt niet. ", 20)
	n := testing.AllocsPerRun(100, func() {
		if out, _ := Text(s); out != s {
			t.Fatal("changed")
		}
	})
	if n != 0 {
		t.Errorf("%v allocations for text without candidates, want 0", n)
	}
}

func TestSpeaker(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{name: "email", in: "anna@example.com", want: "[EMAIL]"},
		{name: "name and email", in: "Anna Smit <anna@example.com>", want: "Anna Smit <[EMAIL]>"},
		{name: "phone", in: "+31 6 12345678", want: "[PHONE]"},
		{name: "name kept", in: "Anna Smit", want: "Anna Smit"},
		{name: "numbered speaker kept", in: "SPEAKER_01", want: "SPEAKER_01"},
		{name: "postcode not a speaker kind", in: "Kerkstraat 12, 1234 AB", want: "Kerkstraat 12, 1234 AB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, _ := Speaker(tt.in); got != tt.want {
				t.Errorf("Speaker(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestCountsMap(t *testing.T) {
	var a, b Counts
	a[Email], b[Email], b[URL] = 2, 1, 3
	a.Add(b)
	m := a.Map()
	if m["email"] != 3 || m["url"] != 3 || m["phone"] != 0 || len(m) != len(Kinds()) {
		t.Errorf("Map = %v", m)
	}
	var tl Tally
	tl.Add(a)
	tl.Add(b)
	if got := tl.Counts(); got[Email] != 4 || got[URL] != 6 {
		t.Errorf("tally %v", got.Map())
	}
	var nilT *Tally
	nilT.Add(a) // must not panic
}

func BenchmarkText(b *testing.B) {
	texts := []string{
		"Ik wil al mijn facturen van 2025 in één keer naar Excel exporteren voor de boekhouder.",
		"Op 06-01-2026 om 09:14 heb ik 3 keer gebeld over order 55-21877, kosten € 1.250,00.",
		"Bel me op 06-12345678 of mail jan@example.nl, IBAN NL91ABNA0417164300, Kerkstraat 12, 1234 AB.",
	}
	var n int
	for _, t := range texts {
		n += len(t)
	}
	b.SetBytes(int64(n))
	for b.Loop() {
		for _, t := range texts {
			Text(t)
		}
	}
}

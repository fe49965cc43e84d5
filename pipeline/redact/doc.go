// Package redact removes personal data from text before it is analysed or
// written: e-mail addresses, phone numbers, IBANs, Dutch BSNs, payment card
// numbers, postcodes with house numbers and URLs that carry a query string
// or a token. Each is replaced by a typed placeholder ("[EMAIL]",
// "[PHONE]", ...) so a sentence still reads.
//
// Candidates are validated before they are replaced, so ordinary numbers
// survive: IBANs must pass mod-97 with their country's length, card numbers
// the Luhn check with a card-network first digit, BSNs the 11-test and a
// label ("BSN", "burgerservicenummer", "sofinummer", "citizen service
// number") just before or after them, since one random 9-digit number in 11
// passes the 11-test alone. Phone numbers are +country or 00country numbers
// of 8 to 15 digits, or Dutch national numbers (0 and nine digits; 0800 and
// 0900 service numbers); dates, times, amounts, versions and numbers after
// "order", "ticket", "factuur" and the like are never phones.
//
// Redaction is deterministic and idempotent: Text(Text(s)) == Text(s).
package redact

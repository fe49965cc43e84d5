package ingest

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
)

// field is a canonical input field that CSV columns and JSON keys map to.
type field int

const (
	fID field = iota
	fText
	fSpeaker
	fRole
	fChannel
	fLang
	fCreated
	fUpdated
	fCustomer
	fConversation
	fSubject // a ticket's subject line: the text only when the body is empty (see csv.go)
	numFields
)

// fieldNames are the canonical names, as used by Options.Map (--map NAME=COLUMN).
var fieldNames = [numFields]string{
	fID:           "id",
	fText:         "text",
	fSpeaker:      "speaker",
	fRole:         "role",
	fChannel:      "channel",
	fLang:         "lang",
	fCreated:      "created_at",
	fUpdated:      "updated_at",
	fCustomer:     "customer_id",
	fConversation: "conversation_id",
	fSubject:      "subject",
}

// fieldAliases are the column/key names tried for each field, best first.
// They are compared as keyOf folds them, so one spelling stands for all
// ("ticket id" also matches "Ticket-ID", "ticket_id" and "ticketId"); no two
// aliases may fold alike (TestFieldAliasesFoldApart). A name that is
// ambiguous between fields appears under one field only. The conversation
// aliases deliberately leave out "ticket": in a ticket export a ticket column
// usually identifies each row, and grouping rows wrongly loses more than not
// grouping them.
var fieldAliases = [numFields][]string{
	fID:           {"id", "ticket id", "record id", "message id", "msg id", "uuid", "issue key", "issue id", "ticketnummer", "ticket number"},
	fText:         {"text", "body", "message", "content", "description", "utterance", "comment", "transcript", "tekst", "bericht", "omschrijving", "beschrijving", "inhoud", "ticket description"},
	fSpeaker:      {"speaker", "author", "name", "from", "sender", "author name", "speaker name", "user name", "spreker", "afzender", "naam", "van"},
	fRole:         {"role", "speaker role", "author role", "sender role", "sender type", "author type", "rol"},
	fChannel:      {"channel", "source type", "via", "kanaal"},
	fLang:         {"lang", "language", "locale", "taal"},
	fCreated:      {"created at", "timestamp", "date", "time", "created", "datetime", "sent at", "datum", "tijdstip", "aangemaakt", "created time", "create date", "created date", "aangemaakt op", "aanmaakdatum"},
	fUpdated:      {"updated at", "updated", "modified", "modified at", "last modified", "gewijzigd", "bijgewerkt", "last update time", "last updated time", "last modified date", "laatst bijgewerkt"},
	fCustomer:     {"customer id", "user id", "requester", "requester id", "client id", "klant id", "klantnummer", "requester email", "requester name", "reporter", "contact", "aanvrager", "klant", "contactpersoon"},
	fConversation: {"conversation id", "conversation", "thread id", "thread", "chat id", "session id", "doc id", "gesprek id"},
	fSubject:      {"subject", "summary", "ticket name", "ticket subject", "onderwerp"},
}

// aliasKeys are fieldAliases folded by keyOf.
var aliasKeys = func() (keys [numFields][]string) {
	for f, aliases := range fieldAliases {
		for _, a := range aliases {
			keys[f] = append(keys[f], keyOf(a))
		}
	}
	return keys
}()

// fieldByName returns the canonical field named s (case-insensitive).
func fieldByName(s string) (field, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	for f, name := range fieldNames {
		if name == s {
			return field(f), true
		}
	}
	return 0, false
}

// keyOf normalises a column or key name for matching: lower case, without
// whitespace, '_', '-' and '.', so that exports' spellings of one name
// ("Ticket-ID", "ticket_id", "Ticket ID", "ticketId", "TicketID") meet.
func keyOf(s string) string {
	return strings.Map(func(r rune) rune {
		if isKeySeparator(r) {
			return -1
		}
		return unicode.ToLower(r)
	}, s)
}

// isKeySeparator reports whether keyOf drops r.
func isKeySeparator(r rune) bool {
	return r == '_' || r == '-' || r == '.' || unicode.IsSpace(r)
}

// resolveColumns maps canonical fields to column indexes for a CSV header
// (-1 = absent). Options.Map overrides win and their columns are taken out of
// alias matching; an override naming a missing column is an error, because
// the user asked for it by name.
func resolveColumns(header []string, opts Options) ([numFields]int, error) {
	var cols [numFields]int
	for i := range cols {
		cols[i] = -1
	}
	index := make(map[string]int, len(header))
	for i, h := range header {
		k := keyOf(h)
		if _, dup := index[k]; !dup {
			index[k] = i // the first of duplicate columns wins
		}
	}
	taken := make(map[int]bool)
	overrides, err := overrides(opts)
	if err != nil {
		return cols, err
	}
	for f, name := range overrides {
		i, ok := index[keyOf(name)]
		if !ok {
			return cols, fmt.Errorf("--map %s=%s: no column %q in the header", fieldNames[f], name, name)
		}
		cols[f] = i
		taken[i] = true
	}
	for f := field(0); f < numFields; f++ {
		if _, ok := overrides[f]; ok {
			continue
		}
		for _, alias := range aliasKeys[f] {
			if i, ok := index[alias]; ok && !taken[i] {
				cols[f] = i
				taken[i] = true
				break
			}
		}
	}
	return cols, nil
}

// overrides parses Options.Map into canonical fields.
func overrides(opts Options) (map[field]string, error) {
	if len(opts.Map) == 0 {
		return nil, nil
	}
	m := make(map[field]string, len(opts.Map))
	keys := make([]string, 0, len(opts.Map))
	for k := range opts.Map {
		keys = append(keys, k)
	}
	sort.Strings(keys) // deterministic error messages
	for _, k := range keys {
		f, ok := fieldByName(k)
		if !ok {
			return nil, fmt.Errorf("--map %s=%s: unknown field %q (known: %s)", k, opts.Map[k], k, strings.Join(fieldNames[:], ", "))
		}
		m[f] = opts.Map[k]
	}
	return m, nil
}

// noTextReason explains a missing text column or field.
func noTextReason(what string) string {
	return fmt.Sprintf("no text %s: looked for %s; use --map text=%s", what,
		strings.Join(fieldAliases[fText], ", "), strings.ToUpper(what))
}

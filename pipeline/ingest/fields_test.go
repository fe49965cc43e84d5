package ingest

import (
	"strings"
	"testing"
)

// TestFieldAliasesFoldApart: matching compares names as keyOf folds them, so
// two aliases that fold alike would make one field shadow another (or be dead
// weight within one field).
func TestFieldAliasesFoldApart(t *testing.T) {
	seen := map[string]string{} // folded alias -> "field: alias"
	for f, aliases := range fieldAliases {
		for _, a := range aliases {
			k := keyOf(a)
			if k == "" {
				t.Errorf("%s: alias %q folds to nothing", fieldNames[f], a)
			}
			where := fieldNames[f] + ": " + a
			if prev, dup := seen[k]; dup {
				t.Errorf("%s and %s both fold to %q", prev, where, k)
			}
			seen[k] = where
		}
	}
}

// TestFieldSpellings: every common spelling of a name (case, space, '_',
// '-', '.', camelCase) finds its field, in CSV headers and in JSON keys (flat
// objects take jsonfast.go's path, nested ones jsonobj.go's).
func TestFieldSpellings(t *testing.T) {
	tests := []struct {
		name              string
		id, created, cust string // header names
		want              []string
	}{
		{"snake", "ticket_id", "created_at", "customer_id", []string{"id=T1", "2026-01-06", "K-1"}},
		{"hyphen", "Ticket-ID", "Created-At", "Customer-Id", []string{"id=T1", "2026-01-06", "K-1"}},
		{"space", "Ticket ID", "Created at", " Customer ID ", []string{"id=T1", "2026-01-06", "K-1"}},
		{"camel", "ticketId", "createdAt", "customerId", []string{"id=T1", "2026-01-06", "K-1"}},
		{"pascal", "TicketID", "CreatedAt", "CustomerID", []string{"id=T1", "2026-01-06", "K-1"}},
		{"dotted", "ticket.id", "created.at", "customer.id", []string{"id=T1", "2026-01-06", "K-1"}},
		{"upper", "MESSAGE_ID", "SENT_AT", "USER_ID", []string{"id=T1", "2026-01-06", "K-1"}},
		{"dutch", "Ticketnummer", "Aangemaakt-op", "Klant-ID", []string{"id=T1", "2026-01-06", "K-1"}},
		{"not an alias", "ticket key", "creation", "customer", []string{"id=", "0001-01-01", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			csv := tt.id + ";" + tt.created + ";" + tt.cust + ";Beschrijving\nT1;2026-01-06;K-1;Het werkt niet\n"
			flat := `{"` + tt.id + `":"T1","` + tt.created + `":"2026-01-06","` + tt.cust + `":"K-1","Text":"Het werkt niet"}`
			nested := strings.TrimSuffix(flat, "}") + `,"meta":{"x":1}}`
			for _, in := range []struct{ name, content string }{{"t.csv", csv}, {"flat.jsonl", flat + "\n"}, {"nested.jsonl", nested + "\n"}} {
				items, _ := readString(t, in.name, in.content, Options{})
				if len(items) != 1 || items[0].Doc == nil {
					t.Fatalf("%s: %v", in.name, brief(items))
				}
				d := items[0].Doc
				got := []string{"id=" + d.Source.RecordID, d.CreatedAt.Format("2006-01-02"), d.CustomerID}
				if strings.Join(got, " ") != strings.Join(tt.want, " ") {
					t.Errorf("%s: got %q, want %q", in.name, got, tt.want)
				}
			}
		})
	}
}

// TestMapDottedPath: keyOf drops dots, but a --map path with dots still
// means the nested field first, and a flat key spelled like it second.
func TestMapDottedPath(t *testing.T) {
	tests := []struct{ name, line, want string }{
		{"nested wins over a look-alike flat key", `{"author_name":"bot","author":{"name":"Jan"},"text":"x"}`, "Jan"},
		{"flat key when nothing is nested", `{"author_name":"Els","text":"x"}`, "Els"},
		{"flat key spelled with the dot", `{"Author.Name":"Piet","text":"x"}`, "Piet"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, _ := readString(t, "a.jsonl", tt.line+"\n", Options{Map: map[string]string{"speaker": "author.name"}})
			if len(items) != 1 || items[0].Doc == nil || items[0].Doc.Utterances[0].Speaker != tt.want {
				t.Errorf("got %v, want speaker %s", brief(items), tt.want)
			}
		})
	}
}

package ingest

import (
	"testing"
	"time"

	"jobminer/pipeline/record"
)

func TestNormalizeRole(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want record.Role
	}{
		{"klant", "Klant", record.Customer},
		{"spaces and case", "  CUSTOMER ", record.Customer},
		{"end-user", "end-user", record.Customer},
		{"end_user", "End_User", record.Customer},
		{"requester", "requester", record.Customer},
		{"gebruiker", "gebruiker", record.Customer},
		{"medewerker", "Medewerker", record.Agent},
		{"servicedesk", "ServiceDesk", record.Agent},
		{"numbered agent", "agent 3", record.Agent},
		{"bot", "BOT", record.Agent},
		{"Q", "Q", record.Interviewer},
		{"I", "i", record.Interviewer},
		{"onderzoeker", "Onderzoeker", record.Interviewer},
		{"empty", "", record.Unknown},
		{"other", "manager", record.Unknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NormalizeRole(tt.in); got != tt.want {
				t.Errorf("NormalizeRole(%q) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
}

func TestNormalizeLang(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"upper code", "NL", "nl"},
		{"english name", "Dutch", "nl"},
		{"native name", "nederlands", "nl"},
		{"region hyphen", "nl-NL", "nl"},
		{"region underscore", "en_US", "en"},
		{"English", "English", "en"},
		{"Dutch name for English", "Engels", "en"},
		{"ru", "ru", "ru"},
		{"Russian", "Russian", "ru"},
		{"Russian native", "Русский", "ru"},
		{"three-letter code", "nld", "nl"},
		{"deprecated code", "iw", "he"},
		{"unknown code", "xx", ""},
		{"nonsense", "klingon!", ""},
		{"empty", " ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NormalizeLang(tt.in); got != tt.want {
				t.Errorf("NormalizeLang(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseTime(t *testing.T) {
	tests := []struct {
		name, in, want string // want in RFC3339Nano UTC, "" = zero
	}{
		{"RFC3339", "2026-03-14T09:12:44Z", "2026-03-14T09:12:44Z"},
		{"RFC3339 with zone", "2026-03-14T09:12:44+01:00", "2026-03-14T08:12:44Z"},
		{"zone without colon", "2026-03-14T09:12:44.5+0100", "2026-03-14T08:12:44.5Z"},
		{"RFC3339Nano", "2026-03-14T09:12:44.123Z", "2026-03-14T09:12:44.123Z"},
		{"space separated", "2026-03-14 09:12:44", "2026-03-14T09:12:44Z"},
		{"T without zone", "2026-03-14T09:12:44", "2026-03-14T09:12:44Z"},
		{"date only", "2026-03-14", "2026-03-14T00:00:00Z"},
		{"Dutch date time", "14-03-2026 09:12", "2026-03-14T09:12:00Z"},
		{"Dutch date", "14-03-2026", "2026-03-14T00:00:00Z"},
		{"slash date is day-first", "02/01/2026 15:04", "2026-01-02T15:04:00Z"},
		{"short slash date", "2/1/2026", "2026-01-02T00:00:00Z"},
		{"unix seconds", "1773479564", "2026-03-14T09:12:44Z"},
		{"unix millis", "1773479564123", "2026-03-14T09:12:44.123Z"},
		{"compact date", "20260314", "2026-03-14T00:00:00Z"},
		{"nonsense", "gisteren", ""},
		{"small number", "42", ""},
		{"impossible month", "14/13/2026", ""},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := parseTime(tt.in)
			s := ""
			if !got.IsZero() {
				s = got.Format(time.RFC3339Nano)
			}
			if s != tt.want {
				t.Errorf("parseTime(%q) = %q, want %q", tt.in, s, tt.want)
			}
		})
	}
}

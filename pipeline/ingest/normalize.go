package ingest

import (
	"strings"
	"unicode"

	"golang.org/x/text/language"

	"jobminer/pipeline/record"
)

// roleWords maps folded role values (see foldLabel) to roles.
var roleWords = invertRoles(map[record.Role][]string{
	record.Customer: {"klant", "customer", "requester", "user", "lead", "contact", "respondent", "end user", "enduser",
		"gebruiker", "eindgebruiker", "client", "cliënt", "consumer", "consument", "deelnemer", "participant",
		"interviewee", "caller", "beller", "visitor", "bezoeker", "member", "lid", "клиент", "респондент", "пользователь"},
	record.Agent: {"medewerker", "agent", "admin", "administrator", "support", "staff", "bot", "operator", "team",
		"servicedesk", "service desk", "helpdesk", "help desk", "klantenservice", "customer service", "customer support",
		"support agent", "employee", "representative", "rep", "assistant", "system", "systeem", "оператор", "сотрудник"},
	record.Interviewer: {"interviewer", "moderator", "researcher", "onderzoeker", "q", "i", "interviewster",
		"facilitator", "интервьюер", "модератор"},
})

func invertRoles(lists map[record.Role][]string) map[string]record.Role {
	m := make(map[string]record.Role)
	for role, words := range lists {
		for _, w := range words {
			m[w] = role
		}
	}
	return m
}

// foldLabel lower-cases s, turns '-' and '_' into spaces, collapses spaces
// and drops a trailing number ("Agent 2", "speaker_1"), so role and speaker
// names compare loosely.
func foldLabel(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '-' || r == '_' {
			return ' '
		}
		return unicode.ToLower(r)
	}, s)
	f := strings.Fields(s)
	if n := len(f); n > 1 && isDigits(f[n-1]) {
		f = f[:n-1]
	}
	return strings.Join(f, " ")
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// NormalizeRole maps free-form role values to a record.Role: klant, customer,
// requester, user, lead, contact, respondent, end-user, gebruiker -> customer;
// medewerker, agent, admin, support, staff, bot, operator, team, servicedesk
// -> agent; interviewer, moderator, researcher, onderzoeker, Q, I ->
// interviewer; anything else (and "") -> unknown. Case-, whitespace-, '-'/'_'
// insensitive; a trailing number is ignored ("Agent 2").
func NormalizeRole(s string) record.Role {
	if r, ok := roleWords[foldLabel(s)]; ok {
		return r
	}
	return record.Unknown
}

// langNames maps language names (English, native, Dutch) to ISO 639-1.
var langNames = map[string]string{
	"dutch": "nl", "nederlands": "nl", "vlaams": "nl", "flemish": "nl", "nederlandse": "nl",
	"english": "en", "engels": "en", "engelse": "en",
	"russian": "ru", "русский": "ru", "russisch": "ru", "русский язык": "ru",
	"german": "de", "deutsch": "de", "duits": "de",
	"french": "fr", "français": "fr", "francais": "fr", "frans": "fr",
	"spanish": "es", "español": "es", "espanol": "es", "spaans": "es",
	"italian": "it", "italiano": "it", "italiaans": "it",
	"portuguese": "pt", "português": "pt", "portugees": "pt",
	"polish": "pl", "polski": "pl", "pools": "pl",
	"ukrainian": "uk", "українська": "uk", "oekraïens": "uk",
	"turkish": "tr", "türkçe": "tr", "turks": "tr",
	"arabic": "ar", "العربية": "ar", "arabisch": "ar",
}

// NormalizeLang maps language codes and names ("NL", "Dutch", "nederlands",
// "nl-NL", "en_US", "English", "Engels", "ru", "Russian", "русский", "nld")
// to ISO 639-1 ("nl", "en", "ru"); it returns "" when it cannot tell.
func NormalizeLang(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return ""
	}
	if code, ok := langNames[s]; ok {
		return code
	}
	tag, err := language.Parse(strings.ReplaceAll(s, "_", "-"))
	if err != nil {
		return ""
	}
	base, conf := tag.Base()
	if conf != language.Exact {
		return ""
	}
	if b := base.String(); len(b) == 2 {
		return b
	}
	// Codes whose canonical form has no two-letter code ("tl" -> "fil")
	// keep the two-letter code they were given.
	if primary, _, _ := strings.Cut(s, "-"); len(primary) == 2 {
		return primary
	}
	return ""
}

// channelWords maps folded channel values to channels.
var channelWords = map[string]record.Channel{
	"interview": record.Interview, "interviews": record.Interview, "transcript": record.Interview,
	"chat": record.Chat, "livechat": record.Chat, "live chat": record.Chat, "whatsapp": record.Chat, "messenger": record.Chat,
	"sms": record.Chat, "slack": record.Chat, "teams": record.Chat, "intercom": record.Chat, "telegram": record.Chat, "webchat": record.Chat,
	"ticket": record.Ticket, "tickets": record.Ticket, "email": record.Ticket, "e mail": record.Ticket, "mail": record.Ticket,
	"support": record.Ticket, "helpdesk": record.Ticket, "web form": record.Ticket, "webform": record.Ticket, "form": record.Ticket, "webformulier": record.Ticket, "formulier": record.Ticket,
	"contactformulier": record.Ticket, "zendesk": record.Ticket, "freshdesk": record.Ticket,
	"other": record.Other, "overig": record.Other,
}

// normalizeChannel maps a channel value to a record.Channel. ok is false for
// an empty value (use the format's default); any other unknown value is
// Other, since the input did say something.
func normalizeChannel(s string) (record.Channel, bool) {
	k := foldLabel(s)
	if k == "" {
		return "", false
	}
	if c, ok := channelWords[k]; ok {
		return c, true
	}
	return record.Other, true
}

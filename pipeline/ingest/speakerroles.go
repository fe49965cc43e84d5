package ingest

import (
	"strings"

	"jobminer/pipeline/record"
)

// speakerRoles holds the roles the user gave speakers by name with
// --interviewer, --agent and --customer, for readers whose speakers are
// names (transcripts, captions, chats, CSV/JSON speaker columns). Names
// compare case-insensitively with surrounding space ignored. A name given
// for several roles takes the first of interviewer, agent, customer. E-mail
// addresses and @domain values also match a speaker spelled that way; the
// e-mail readers do their own address matching.
type speakerRoles map[string]record.Role

func newSpeakerRoles(opts Options) speakerRoles {
	m := speakerRoles{}
	for _, set := range []struct {
		names []string
		role  record.Role
	}{
		{opts.Interviewers, record.Interviewer},
		{opts.Agents, record.Agent},
		{opts.Customers, record.Customer},
	} {
		for _, n := range set.names {
			k := strings.ToLower(strings.TrimSpace(n))
			if _, taken := m[k]; k != "" && !taken {
				m[k] = set.role
			}
		}
	}
	return m
}

// lookup returns the role given to speaker, if any.
func (sr speakerRoles) lookup(speaker string) (record.Role, bool) {
	if len(sr) == 0 {
		return "", false
	}
	r, ok := sr[strings.ToLower(strings.TrimSpace(speaker))]
	return r, ok
}

// role returns the role given to speaker, else fallback(speaker).
func (sr speakerRoles) role(speaker string, fallback func(string) record.Role) record.Role {
	if r, ok := sr.lookup(speaker); ok {
		return r
	}
	return fallback(speaker)
}

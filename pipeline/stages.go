package pipeline

import (
	"jobminer/pipeline/output"
	"jobminer/pipeline/record"
	"jobminer/pipeline/redact"
)

// Stages are the per-record settings of Process besides the lexicon. The
// zero value redacts personal data: privacy is the default everywhere
// Process runs (run, eval, lexicon tests, explain).
type Stages struct {
	// NoRedact keeps personal data in the text (--no-redact).
	NoRedact bool
	// Pseudonymiser, when set, replaces every speaker name with its keyed
	// pseudonym (--pseudonymise).
	Pseudonymiser *redact.Pseudonymiser
	// Tally, when set, sums the replacements made, for run.json.
	Tally *redact.Tally
	// Lang, when set, is the language of a record that names none (--lang):
	// its utterances take it unless one is identified as another language
	// with confidence. Without it a too-short text takes its best guess.
	Lang string
}

// privacy redacts and pseudonymises d in place: utterance texts (already
// normalised, so every offset computed later points into the redacted text
// and no token ever holds personal data) and speakers.
func (st Stages) privacy(d *record.Document) {
	var c redact.Counts
	for i := range d.Utterances {
		u := &d.Utterances[i]
		if !st.NoRedact {
			var n redact.Counts
			u.Text, n = redact.Text(u.Text)
			c.Add(n)
		}
		switch {
		case st.Pseudonymiser != nil:
			u.Speaker = st.Pseudonymiser.Name(u.Speaker)
		case !st.NoRedact:
			var n redact.Counts
			u.Speaker, n = redact.Speaker(u.Speaker)
			c.Add(n)
		}
	}
	st.Tally.Add(c)
}

// counted returns st with a Tally, so a run always counts what it replaced.
func (st Stages) counted() Stages {
	if st.Tally == nil {
		st.Tally = &redact.Tally{}
	}
	return st
}

// manifest describes the privacy settings and counts for run.json.
func (st Stages) manifest() *output.Redaction {
	return &output.Redaction{Enabled: !st.NoRedact, Pseudonymised: st.Pseudonymiser != nil, Counts: st.Tally.Counts().Map()}
}

package lexicon

import _ "embed"

// The Jobs-to-be-Done lexicons live at the top of lexicon/, not under a
// language folder: each spans languages, and Load must not mistake them for
// force or cue files. pipeline/jtbd parses and compiles them.

// BilingualYAML maps job verbs and objects of several languages to shared
// concepts, so that "facturen exporteren" and "export invoices" share a job key.
//
//go:embed bilingual.yaml
var BilingualYAML []byte

// OutcomesYAML lists the speed, effort, error and cost cues that turn a job
// into desired-outcome statements, with the statement templates per language.
//
//go:embed outcomes.yaml
var OutcomesYAML []byte

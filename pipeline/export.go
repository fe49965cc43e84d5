package pipeline

import (
	"jobminer/lexicon"
	"jobminer/pipeline/output"
)

// LexiconHashes is run.json's lexicons map for c (the compiled lexicons and
// the job-story lexicon), for runners other than Run (cmd/jobminer-beam).
func LexiconHashes(c *lexicon.Compiled) map[string]string { return lexiconHashes(c) }

// RedactionManifest is run.json's redaction entry for st with counts
// summed by the caller, for runners that tally per shard of the input.
func RedactionManifest(st Stages, counts map[string]int64) *output.Redaction {
	return &output.Redaction{Enabled: !st.NoRedact, Pseudonymised: st.Pseudonymiser != nil, Counts: counts}
}

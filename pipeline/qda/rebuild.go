package qda

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"jobminer/pipeline"
	"jobminer/pipeline/ingest"
	"jobminer/pipeline/output"
	"jobminer/pipeline/record"
	"jobminer/pipeline/redact"
	"jobminer/pipeline/text"
)

// rebuild re-reads the inputs of the run described by m and calls emit with
// every document after the per-record stages, so each utterance's text is
// exactly what the run analysed: normalised, redacted and with speakers
// pseudonymised as the run recorded. Output files hold only quotes, so this
// is the way to the full texts. The stages are pure, so the documents get
// the run's ids and offsets; each file's SHA-256 is checked against run.json
// first, and a file the run read that cannot be found is an error.
func rebuild(ctx context.Context, m output.Manifest, o Options, emit func(*record.Document) error) error {
	roots := o.Inputs
	if len(roots) == 0 {
		roots = strList(m.Options["inputs"])
	}
	if len(roots) == 0 {
		return errors.New("run.json records no inputs; give the input folders with --input")
	}
	in := ingestOptions(m.Options)
	if err := in.Validate(); err != nil {
		return fmt.Errorf("run.json options: %w", err)
	}
	st, err := stages(m, o.PseudonymKey)
	if err != nil {
		return err
	}
	walked, err := ingest.WalkWith(roots, ingest.WalkOptions{})
	if err != nil {
		return fmt.Errorf("%w (the inputs of run %s; give them with --input if they moved)", err, m.RunID)
	}
	found := walked.Inputs
	for _, d := range walked.Duplicates {
		found = append(found, d.Input) // a run from before duplicates were left out read them
	}
	byRel := map[string]ingest.Input{}
	for _, f := range found {
		if _, dup := byRel[f.Rel]; !dup {
			byRel[f.Rel] = f
		}
	}
	// The text stages do not depend on the lexicon (it only adds mentions
	// and jobs, which come from mentions.parquet), so the built-in one will
	// do whatever lexicons the run used.
	lex, err := pipeline.BuiltinLexicon()
	if err != nil {
		return err
	}
	an := text.NewAnalyzer()
	for _, want := range m.Inputs {
		if err := ctx.Err(); err != nil {
			return err
		}
		f, ok := byRel[want.Path]
		if !ok {
			return fmt.Errorf("input %s of run %s is not under %v; give the input folders with --input", want.Path, m.RunID, roots)
		}
		// Documents are processed as they are read, so memory holds one
		// at a time. The file's hash is known only at its end, and a changed
		// file is the likelier cause of any mismatch, so it is checked before
		// the first error from emit is reported.
		var emitErr error
		stats, err := ingest.Read(f, in, func(it ingest.Item) {
			if it.Doc == nil || emitErr != nil {
				return
			}
			if emitErr = ctx.Err(); emitErr != nil {
				return
			}
			pipeline.Process(it.Doc, an, lex, st)
			emitErr = emit(it.Doc)
		})
		if err != nil && stats.SHA256 == "" {
			return fmt.Errorf("input %s: %w", f.Path, err)
		}
		if stats.SHA256 != want.SHA256 {
			return fmt.Errorf("input %s has changed since run %s (sha256 %.12s..., the run read %.12s...): %w", f.Path, m.RunID, stats.SHA256, want.SHA256, errChanged)
		}
		if emitErr != nil {
			return emitErr
		}
	}
	return nil
}

// ingestOptions are the reader settings the run recorded in run.json.
func ingestOptions(opts map[string]any) ingest.Options {
	in := ingest.Options{
		Format: str(opts["format"]), Encoding: str(opts["encoding"]),
		Interviewers: strList(opts["interviewer"]), Customers: strList(opts["customer"]), Agents: strList(opts["agent"]),
	}
	if mp, ok := opts["map"].(map[string]any); ok && len(mp) > 0 {
		in.Map = map[string]string{}
		keys := make([]string, 0, len(mp))
		for k := range mp {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			in.Map[k] = str(mp[k])
		}
	}
	return in
}

// stages are the run's privacy settings: redaction and pseudonyms.
func stages(m output.Manifest, key []byte) (pipeline.Stages, error) {
	redacts, pseudo := true, false
	if m.Redaction != nil {
		redacts, pseudo = m.Redaction.Enabled, m.Redaction.Pseudonymised
	} else {
		if v, ok := m.Options["redact"].(bool); ok {
			redacts = v
		}
		pseudo, _ = m.Options["pseudonymise"].(bool)
	}
	st := pipeline.Stages{NoRedact: !redacts}
	if pseudo {
		if len(key) == 0 {
			return st, fmt.Errorf("run %s pseudonymised its speakers: give the same key with --pseudonym-key-file or $%s", m.RunID, redact.KeyEnv)
		}
		p, err := redact.NewPseudonymiser(key)
		if err != nil {
			return st, err
		}
		st.Pseudonymiser = p
	}
	return st, nil
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

// strList reads a JSON list of strings.
func strList(v any) []string {
	l, _ := v.([]any)
	var out []string
	for _, x := range l {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

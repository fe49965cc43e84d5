package main

import (
	"context"
	"encoding/json"
	"io"

	"jobminer/pipeline/eval"
)

func cmdEval(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("eval", "eval --gold FILE [--json] [--errors] [--entries]", stderr)
	gold := fs.String("gold", "", "labelled gold set: JSONL, or CSV with a labels column (required)")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	errs := fs.Bool("errors", true, "list every miss and false hit with its text; --errors=false prints the scores only")
	entries := fs.Bool("entries", false, "add a table of every lexicon entry that counted: in how many customer records, how often the gold agreed, and how often it alone gave its force (worst first); for tuning on development sets, not on held-out ones")
	var lexicons listFlag
	fs.Var(&lexicons, "lexicon", "lexicon FILE adding or overriding entries (repeatable)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *gold == "" {
		return usageErr("--gold FILE is required")
	}
	recs, err := eval.Load(*gold)
	if err != nil {
		return err
	}
	lex, err := loadLexicon(lexicons)
	if err != nil {
		return err
	}
	rep := eval.Run(recs, lex)
	rep.Gold = *gold
	if !*entries {
		rep.Entries = nil
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	rep.Print(stdout, *errs)
	return nil
}

package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"jobminer/lexicon"
	"jobminer/lexicon/check"
	"jobminer/pipeline/record"
	"jobminer/pipeline/text"
)

// cmdLexicon: jobminer lexicon test|lint [FILE...]
func cmdLexicon(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "test" && args[0] != "lint") {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			fmt.Fprintln(stdout, lexiconUsage)
			return nil
		}
		return usageErr("want 'lexicon test [FILE...]' or 'lexicon lint [FILE...]'")
	}
	sub := args[0]
	fs := newFlags("lexicon "+sub, "lexicon "+sub+" [FILE...]", stderr)
	pos, err := parse(fs, args[1:])
	if err != nil {
		return err
	}
	// The files given are checked on top of the built-in lexicons, as a run
	// would use them; without files the built-in lexicons are checked.
	set, c, err := loadSet(pos)
	if err != nil {
		return err
	}
	only := ""
	if len(pos) == 1 {
		only = pos[0]
	}
	var problems []check.Problem
	if sub == "test" {
		problems = check.Examples(set, c, only)
	} else {
		problems = check.Lint(set, c, only)
	}
	for _, p := range problems {
		fmt.Fprintln(stdout, p)
	}
	entries, cues, phases := 0, 0, 0
	for _, l := range set.Langs {
		entries += len(l.Entries)
		cues += len(l.Cues)
		phases += len(l.PhaseCues)
	}
	fmt.Fprintf(stdout, "%d entries, %d job cues and %d phase cues in %s; %d problems\n", entries, cues, phases, strings.Join(set.Languages(), ", "), len(problems))
	if len(problems) > 0 {
		return fmt.Errorf("%d problems", len(problems))
	}
	return nil
}

const lexiconUsage = `Usage: jobminer lexicon test [FILE...]   run every entry's examples (exit 1 on a failure)
       jobminer lexicon lint [FILE...]   examples, plus duplicate and shadowed patterns

FILEs are lexicon files in the format of lexicon/README.md, checked together with
the built-in lexicons; with one FILE only its entries are reported.`

func loadSet(files []string) (*lexicon.Set, *lexicon.Compiled, error) {
	set, err := lexicon.Builtin()
	if err != nil {
		return nil, nil, fmt.Errorf("built-in lexicon: %w", err)
	}
	for _, f := range files {
		if err := addLexiconFile(set, f); err != nil {
			return nil, nil, err
		}
	}
	c, err := lexicon.Compile(set, text.NewAnalyzer())
	return set, c, err
}

// cmdExplain shows what jobminer sees in one text.
func cmdExplain(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("explain", `explain "TEXT" [--lang nl|en|ru] [--role customer]`, stderr)
	lang := fs.String("lang", "", "language of the text (default: detected)")
	role := fs.String("role", "customer", "speaker role: customer, interviewer, agent, unknown")
	var lexicons listFlag
	fs.Var(&lexicons, "lexicon", "lexicon FILE adding or overriding entries (repeatable)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usageErr("give the text to explain")
	}
	_, c, err := loadSet(lexicons)
	if err != nil {
		return err
	}
	explain(stdout, c, strings.Join(pos, " "), *lang, record.Role(*role))
	return nil
}

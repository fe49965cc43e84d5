// Package check runs lexicon entries' own examples through the real
// pipeline stages and lints lexicons: it backs `jobminer lexicon test`,
// `jobminer lexicon lint` and the lexicon package's example tests.
package check

import (
	"fmt"
	"sort"
	"strings"

	"jobminer/lexicon"
	"jobminer/pipeline"
	"jobminer/pipeline/record"
	"jobminer/pipeline/tag"
	"jobminer/pipeline/text"
)

// Problem is one failed example or lint finding, positioned in its file.
type Problem struct {
	Pos     lexicon.Pos
	Entry   string
	Kind    string // match, nomatch, job, no-example, duplicate, shadowed
	Message string
}

func (p Problem) String() string { return fmt.Sprintf("%s: %s: %s", p.Pos, p.Entry, p.Message) }

// Analyse runs the per-record stages on one customer utterance.
func Analyse(c *lexicon.Compiled, a *text.Analyzer, lang, s string) record.Utterance {
	d := &record.Document{Language: lang, Source: record.Source{File: "example"},
		Utterances: []record.Utterance{{Role: record.Customer, Language: lang, Text: s}}}
	pipeline.Process(d, a, c, pipeline.Stages{})
	return d.Utterances[0]
}

// Unbracket removes [ ] span markers and returns the marked text, if any.
func Unbracket(s string) (plain, marked string) {
	i := strings.IndexByte(s, '[')
	j := strings.IndexByte(s, ']')
	if i < 0 || j < i {
		return s, ""
	}
	return s[:i] + s[i+1:j] + s[j+1:], s[i+1 : j]
}

// Examples runs every entry's and cue's examples; it returns the failures.
// With only set, only entries from files whose name contains it are checked.
func Examples(set *lexicon.Set, c *lexicon.Compiled, only string) []Problem {
	a := text.NewAnalyzer()
	var out []Problem
	for _, code := range set.Languages() {
		l := set.Langs[code]
		for _, e := range l.Entries {
			if !strings.Contains(e.Pos.File, only) {
				continue
			}
			if len(e.Match) == 0 {
				out = append(out, Problem{e.Pos, e.ID, "no-example", "no match example: every entry shows what it matches"})
			}
			for _, ex := range e.Match {
				plain, marked := Unbracket(ex)
				u := Analyse(c, a, code, plain)
				if !found(u, e.ID, marked) {
					out = append(out, Problem{e.Pos, e.ID, "match", fmt.Sprintf("pattern %q does not match %q%s", e.Pattern, ex, Describe(u))})
				}
			}
			for _, ex := range e.NoMatch {
				u := Analyse(c, a, code, ex)
				for _, m := range u.Mentions {
					if m.Entry == e.ID && m.Counts() {
						out = append(out, Problem{e.Pos, e.ID, "nomatch", fmt.Sprintf("pattern %q matches nomatch example %q at %q", e.Pattern, ex, m.In(u.Text))})
					}
				}
			}
		}
		for _, cu := range l.Cues {
			if !strings.Contains(cu.Pos.File, only) {
				continue
			}
			if len(cu.Examples) == 0 {
				out = append(out, Problem{cu.Pos, cu.ID, "no-example", "no example: every cue shows the job it finds"})
			}
			for _, ex := range cu.Examples {
				u := Analyse(c, a, code, ex.Text)
				var got []string
				ok := ex.Job == "" && len(u.Jobs) == 0
				for _, j := range u.Jobs {
					got = append(got, j.Statement)
					if j.Cue == cu.ID && strings.EqualFold(j.Statement, ex.Job) {
						ok = true
					}
				}
				if !ok {
					out = append(out, Problem{ex.Pos, cu.ID, "job", fmt.Sprintf("on %q: want job %q, got %q", ex.Text, ex.Job, got)})
				}
			}
		}
		cl := c.Lang(code)
		for i, pc := range l.PhaseCues {
			if !strings.Contains(pc.Pos.File, only) {
				continue
			}
			if len(pc.Match) == 0 {
				out = append(out, Problem{pc.Pos, pc.ID, "no-example", "no match example: every phase cue shows what it matches"})
			}
			for _, ex := range pc.Match {
				u := Analyse(c, a, code, ex)
				if !phaseFound(u, cl, i) || u.Phase == "" {
					out = append(out, Problem{pc.Pos, pc.ID, "match", fmt.Sprintf("phase cue %q does not find %q (phase %q)%s", pc.Pattern, ex, u.Phase, Describe(u))})
				}
			}
			for _, ex := range pc.NoMatch {
				if u := Analyse(c, a, code, ex); phaseFound(u, cl, i) {
					out = append(out, Problem{pc.Pos, pc.ID, "nomatch", fmt.Sprintf("phase cue %q finds nomatch example %q", pc.Pattern, ex)})
				}
			}
		}
	}
	return out
}

// phaseFound: phase cue i gives a non-negated hit in u.
func phaseFound(u record.Utterance, cl *lexicon.Lang, i int) bool {
	for _, h := range tag.FindPhases(u.Tokens, cl) {
		if h.Pattern == i && !h.Negated {
			return true
		}
	}
	return false
}

func found(u record.Utterance, id, marked string) bool {
	for _, m := range u.Mentions {
		if m.Entry == id && (m.Counts() || m.Context == "neutral") && (marked == "" || m.In(u.Text) == marked) {
			return true
		}
	}
	return false
}

// Lint finds entries that are duplicates of another (the same pattern after
// tokenizing and stemming) or shadowed (every match example is won by a
// longer pattern of another entry, so the entry never shows), besides every
// failing example.
func Lint(set *lexicon.Set, c *lexicon.Compiled, only string) []Problem {
	out := Examples(set, c, only)
	a := text.NewAnalyzer()
	for _, code := range set.Languages() {
		l := set.Langs[code]
		cl := c.Lang(code)
		seen := map[string]lexicon.Entry{}
		for i, e := range l.Entries {
			if !strings.Contains(e.Pos.File, only) {
				continue
			}
			key := cl.Forces.Signature(i)
			if prev, ok := seen[key]; ok {
				out = append(out, Problem{e.Pos, e.ID, "duplicate", fmt.Sprintf("same pattern as %s (%s)", prev.ID, prev.Pos)})
			} else {
				seen[key] = e
			}
			if len(e.Match) == 0 {
				continue
			}
			shadowedBy := map[string]bool{}
			shadowed := true
			for _, ex := range e.Match {
				plain, _ := Unbracket(ex)
				u := Analyse(c, a, code, plain)
				if found(u, e.ID, "") {
					shadowed = false
					break
				}
				for _, m := range u.Mentions {
					shadowedBy[m.Entry] = true
				}
			}
			if shadowed && len(shadowedBy) > 0 {
				var by []string
				for id := range shadowedBy {
					by = append(by, id)
				}
				sort.Strings(by)
				out = append(out, Problem{e.Pos, e.ID, "shadowed", "its examples are all taken by " + strings.Join(by, ", ")})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Pos.File != out[j].Pos.File {
			return out[i].Pos.File < out[j].Pos.File
		}
		return out[i].Pos.Line < out[j].Pos.Line
	})
	return out
}

// Describe renders an utterance's tokens and mentions for a failure message.
func Describe(u record.Utterance) string {
	var b strings.Builder
	b.WriteString("\n\ttokens:")
	for _, t := range u.Tokens {
		b.WriteString(" " + t.Norm + "/" + t.Stem)
	}
	for _, m := range u.Mentions {
		note := ""
		if m.Negated {
			note = " (negated)"
		}
		if m.Context != "" {
			note += " (" + m.Context + ")"
		}
		b.WriteString("\n\tmention " + m.Entry + " " + m.In(u.Text) + note)
	}
	return b.String()
}

package main

import (
	"fmt"
	"io"
	"strings"

	"jobminer/lexicon"
	"jobminer/pipeline"
	"jobminer/pipeline/record"
	"jobminer/pipeline/tag"
	"jobminer/pipeline/text"
)

// explain prints, for one text, what each stage found: language, sentences,
// tokens with stems, mentions with negation, context and intensity, jobs.
func explain(w io.Writer, c *lexicon.Compiled, s, lang string, role record.Role) {
	d := &record.Document{Source: record.Source{File: "explain"}, Language: lang,
		Utterances: []record.Utterance{{Role: role, Language: lang, Text: s}}}
	pipeline.Process(d, text.NewAnalyzer(), c, pipeline.Stages{})
	u := &d.Utterances[0]
	fmt.Fprintf(w, "language  %s", u.Language)
	if lang == "" {
		fmt.Fprint(w, " (detected)")
	}
	fmt.Fprintf(w, "\nrole      %s", role)
	if !role.Evidence() {
		fmt.Fprint(w, " (not evidence: no mentions, no jobs)")
	}
	fmt.Fprintln(w)
	for si, sp := range u.Sentences {
		fmt.Fprintf(w, "\nsentence %d  %s\n  tokens  ", si+1, sp.In(u.Text))
		var parts []string
		for _, t := range u.Tokens {
			if t.Sentence != si {
				continue
			}
			part := t.Norm
			if t.Word && t.Stem != t.Norm {
				part += "/" + t.Stem
			}
			// A spelling variant (lexicon/<lang>/spelling.txt) shows the
			// customer's letters it was read from: "nix→niks", "nt→n't".
			if typed := strings.ReplaceAll(strings.ToLower(t.In(u.Text)), "’", "'"); typed != t.Norm {
				part = typed + "→" + part
			}
			parts = append(parts, part)
		}
		fmt.Fprintln(w, strings.Join(parts, " "))
		if si < len(u.SentencePhases) && u.SentencePhases[si] != "" {
			fmt.Fprintf(w, "  phase   %s\n", u.SentencePhases[si])
		}
	}
	fmt.Fprintln(w)
	if len(u.Mentions) == 0 {
		fmt.Fprintln(w, "mentions  none")
	}
	for _, m := range u.Mentions {
		status := "counts"
		switch {
		case m.Negated:
			status = "negated: counts toward no score"
		case m.Context != "":
			status = m.Context + ": counts toward no score"
		}
		job := ""
		if m.SubForce != "" {
			job += "  " + m.SubForce
		}
		if m.Phase != "" {
			job += "  phase " + m.Phase
		}
		if m.Job >= 0 {
			job += fmt.Sprintf("  job %d", m.Job+1)
		}
		fmt.Fprintf(w, "mention   %-9s %q  %s  weight %g × intensity %g  (%s)%s\n",
			m.Force, m.In(u.Text), m.Entry, m.Weight, m.Intensity, status, job)
	}
	if l := c.Lang(u.Language); l != nil && role.Evidence() {
		for _, f := range tag.ModelForces {
			m := l.Models[f]
			if m == nil {
				continue
			}
			score, top := m.ScoreText(u.Text)
			var quiet []string
			for _, g := range tag.ModelQuietWhen(f) {
				quiet = append(quiet, string(g))
			}
			when := "no " + quiet[len(quiet)-1]
			if len(quiet) > 1 {
				when = "no " + strings.Join(quiet[:len(quiet)-1], ", ") + " or " + quiet[len(quiet)-1]
			}
			if tag.QuietInFiveStars(f) {
				when += " mention counts, not in a five-star review or a thank-you note"
			} else {
				when += " mention counts"
			}
			fmt.Fprintf(w, "model     %s log-odds %.1f, threshold %g (asked only when %s, text up to 1,000 bytes)", f, score, m.Threshold, when)
			if top != "" {
				fmt.Fprintf(w, "; strongest feature %q", top)
			}
			fmt.Fprintln(w)
		}
	}
	if len(u.Jobs) == 0 {
		fmt.Fprintln(w, "jobs      none")
	}
	for i, j := range u.Jobs {
		fmt.Fprintf(w, "job %d     %q  key %q  cue %s\n", i+1, j.Statement, j.Key, j.Cue)
	}
}

// Package jtbd derives Jobs-to-be-Done artefacts from analysed utterances:
// job stories assembled from the customer's own words, desired-outcome
// statements, cross-language concepts for job keys, and opportunity scores
// from a survey. Like tagging and extraction, the per-record functions are
// pure functions of (utterance, compiled lexicon).
package jtbd

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"jobminer/lexicon"
	"jobminer/pipeline/record"
)

// Lexicon is the compiled bilingual vocabulary and outcome cues. Immutable,
// safe for concurrent use.
type Lexicon struct {
	concepts  map[string]map[string][]string // lang -> stem -> concept ids
	cues      map[string][]outcomeCue        // lang -> cues
	firsts    map[string]*cueIndex           // lang -> cues by first word
	templates map[string]map[string]string   // lang -> "direction metric" -> template
}

type outcomeCue struct {
	words     []cueWord
	direction string
	metric    string
}

// cueIndex lists a language's cues by what their first word needs, so a
// token tries only the cues that can start at it. Lists are ascending.
type cueIndex struct {
	byStem, byNorm map[string][]int32
	byPrefix       []prefixCue // few: tried one by one
}

type prefixCue struct {
	cue int32
	val string
}

func indexCues(cues []outcomeCue) *cueIndex {
	x := &cueIndex{byStem: map[string][]int32{}, byNorm: map[string][]int32{}}
	for i, c := range cues {
		switch w := c.words[0]; w.kind {
		case 's':
			x.byStem[w.val] = append(x.byStem[w.val], int32(i))
		case '=':
			x.byNorm[w.val] = append(x.byNorm[w.val], int32(i))
		default:
			x.byPrefix = append(x.byPrefix, prefixCue{int32(i), w.val})
		}
	}
	return x
}

type cueWord struct {
	kind byte // 's' stem, 'p' prefix of norm, '=' literal norm
	val  string
}

// Directions and metrics an outcome cue may name.
var (
	Directions = []string{"minimise", "maximise"}
	Metrics    = []string{"time", "effort", "errors", "cost"}
)

// Builtin compiles the lexicons embedded in the binary.
func Builtin(tz lexicon.Tokenizer) (*Lexicon, error) {
	return Compile(lexicon.BilingualYAML, lexicon.OutcomesYAML, tz)
}

// Compile parses and compiles the bilingual and outcome files, stemming
// every word with tz as running text is stemmed.
func Compile(bilingual, outcomes []byte, tz lexicon.Tokenizer) (*Lexicon, error) {
	l := &Lexicon{concepts: map[string]map[string][]string{}, cues: map[string][]outcomeCue{}, firsts: map[string]*cueIndex{},
		templates: map[string]map[string]string{}}
	var bi struct {
		Concepts map[string]map[string][]string `yaml:"concepts"`
	}
	if err := strictYAML(bilingual, &bi); err != nil {
		return nil, fmt.Errorf("lexicon/bilingual.yaml: %w", err)
	}
	ids := make([]string, 0, len(bi.Concepts))
	for id := range bi.Concepts {
		ids = append(ids, id)
	}
	sort.Strings(ids) // concept lists come out the same every run
	for _, id := range ids {
		for lang, words := range bi.Concepts[id] {
			m := l.concepts[lang]
			if m == nil {
				m = map[string][]string{}
				l.concepts[lang] = m
			}
			for _, w := range words {
				toks := wordTokens(tz, lang, w)
				if len(toks) != 1 {
					return nil, fmt.Errorf("lexicon/bilingual.yaml: concept %s: %q is not one word", id, w)
				}
				// Job keys hold lexicon.KeyStem's form of a stem (the
				// Russian aspects joined), so the concept is found by it.
				for _, st := range []string{toks[0].Stem, lexicon.KeyStem(lang, toks[0].Stem)} {
					if !containsStr(m[st], "@"+id) {
						m[st] = append(m[st], "@"+id)
					}
				}
			}
		}
	}

	var oc struct {
		Templates map[string]map[string]string `yaml:"templates"`
		Cues      map[string][]struct {
			Pattern   string `yaml:"pattern"`
			Direction string `yaml:"direction"`
			Metric    string `yaml:"metric"`
		} `yaml:"cues"`
	}
	if err := strictYAML(outcomes, &oc); err != nil {
		return nil, fmt.Errorf("lexicon/outcomes.yaml: %w", err)
	}
	l.templates = oc.Templates
	for lang, cs := range oc.Cues {
		for _, c := range cs {
			if !containsStr(Directions, c.Direction) || !containsStr(Metrics, c.Metric) {
				return nil, fmt.Errorf("lexicon/outcomes.yaml: %s cue %q: direction %q metric %q: want one of %v and %v", lang, c.Pattern, c.Direction, c.Metric, Directions, Metrics)
			}
			if t := oc.Templates[lang][c.Direction+" "+c.Metric]; !strings.Contains(t, "{object}") {
				return nil, fmt.Errorf("lexicon/outcomes.yaml: %s cue %q: no template %q with {object}", lang, c.Pattern, c.Direction+" "+c.Metric)
			}
			cu := outcomeCue{direction: c.Direction, metric: c.Metric}
			for _, f := range strings.Fields(c.Pattern) {
				switch {
				case strings.HasPrefix(f, "="):
					cu.words = append(cu.words, cueWord{'=', strings.ToLower(f[1:])})
				case strings.HasSuffix(f, "*"):
					cu.words = append(cu.words, cueWord{'p', strings.ToLower(strings.TrimSuffix(f, "*"))})
				default:
					for _, t := range wordTokens(tz, lang, f) {
						cu.words = append(cu.words, cueWord{'s', t.Stem})
					}
				}
			}
			if len(cu.words) == 0 {
				return nil, fmt.Errorf("lexicon/outcomes.yaml: %s: empty pattern", lang)
			}
			l.cues[lang] = append(l.cues[lang], cu)
		}
		l.firsts[lang] = indexCues(l.cues[lang])
	}
	return l, nil
}

// strictYAML decodes data into v, rejecting keys v does not have (a typo
// in a lexicon must not silently drop a cue).
func strictYAML(data []byte, v any) error {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	return dec.Decode(v)
}

func wordTokens(tz lexicon.Tokenizer, lang, s string) []record.Token {
	var out []record.Token
	for _, t := range tz.Tokenize(lang, s) {
		if t.Word {
			out = append(out, t)
		}
	}
	return out
}

func containsStr(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// Canon maps a job key's stems, in a language, to the stems and concepts
// clustering compares: a stem that names a bilingual concept becomes the
// concept ("@invoice"), so keys said in different languages can meet. The
// result is sorted and without duplicates. A nil Lexicon returns stems as
// they are.
func (l *Lexicon) Canon(lang string, stems []string) []string {
	if l == nil {
		return stems
	}
	m := l.concepts[lang]
	if m == nil {
		return stems
	}
	out := make([]string, 0, len(stems))
	for _, s := range stems {
		if cs, ok := m[s]; ok {
			out = append(out, cs...)
		} else {
			out = append(out, s)
		}
	}
	sort.Strings(out)
	k := 0
	for i, v := range out {
		if i == 0 || v != out[k-1] {
			out[k] = v
			k++
		}
	}
	return out[:k]
}

package lexicon

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"jobminer/pipeline/record"
)

// The YAML schemas. Unknown keys are errors with the key's position, checked
// on the yaml.Node tree before decoding (yaml.v3's KnownFields only reports
// positions inside its error text).
var (
	forceFileKeys = []string{"lang", "force", "description", "entries"}
	entryKeys     = []string{"id", "pattern", "weight", "sub_force", "negated", "match", "nomatch", "note"}
	jobsFileKeys  = []string{"lang", "description", "cues"}
	cueKeys       = []string{"id", "pattern", "before", "next", "at", "verb", "adds", "causative", "says", "examples", "note"}
	cueExKeys     = []string{"text", "job"}
	phaseFileKeys = []string{"lang", "description", "phases"}
	phaseKeys     = []string{"id", "phase", "pattern", "match", "nomatch", "note"}
)

func (s *Set) addYAML(name, dirLang string, data []byte) error {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return &Error{Pos: Pos{File: name}, Err: err}
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return &Error{Pos: Pos{File: name}, Err: errors.New("empty lexicon file")}
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return errAt(name, root, "a lexicon file is a mapping with lang, force and entries (or lang and cues)")
	}
	lang := scalar(root, "lang")
	if lang == "" {
		return errAt(name, root, "missing lang")
	}
	if dirLang != "" && lang != dirLang {
		return errAt(name, root, fmt.Sprintf("lang %q in a file under %s/", lang, dirLang))
	}
	if get(root, "cues") != nil {
		return s.addJobs(name, lang, root)
	}
	if get(root, "phases") != nil {
		return s.addPhases(name, lang, root)
	}
	return s.addForces(name, lang, root)
}

func (s *Set) addForces(name, lang string, root *yaml.Node) error {
	var errs []error
	if err := checkKeys(name, root, forceFileKeys); err != nil {
		errs = append(errs, err)
	}
	force := record.Force(scalar(root, "force"))
	if !force.Valid() && force != Neutral {
		n := get(root, "force")
		if n == nil {
			n = root
		}
		return errAt(name, n, fmt.Sprintf("force %q: want struggle, progress, anxiety, habit or neutral", force))
	}
	entries := get(root, "entries")
	if entries == nil || entries.Kind != yaml.SequenceNode {
		return errAt(name, root, "entries: want a list")
	}
	l := s.lang(lang)
	seen := map[string]bool{}
	for _, n := range entries.Content {
		if err := checkKeys(name, n, entryKeys); err != nil {
			errs = append(errs, err)
			continue
		}
		var raw struct {
			ID      string   `yaml:"id"`
			Pattern string   `yaml:"pattern"`
			Weight  *float64 `yaml:"weight"`
			Sub     string   `yaml:"sub_force"`
			Negated string   `yaml:"negated"`
			Match   []string `yaml:"match"`
			NoMatch []string `yaml:"nomatch"`
		}
		if err := n.Decode(&raw); err != nil {
			errs = append(errs, errAt(name, n, err.Error()))
			continue
		}
		pos := Pos{File: name, Line: n.Line, Col: n.Column}
		e := Entry{
			ID: lang + "." + string(force) + "." + raw.ID, Lang: lang, Force: force,
			Pattern: strings.TrimSpace(raw.Pattern), Weight: 1, SubForce: strings.TrimSpace(raw.Sub),
			Negated: record.Force(strings.TrimSpace(raw.Negated)), Match: raw.Match, NoMatch: raw.NoMatch, Pos: pos,
		}
		if raw.Weight != nil {
			e.Weight = *raw.Weight
		}
		switch {
		case raw.ID == "" || strings.ContainsAny(raw.ID, " \t."):
			errs = append(errs, &Error{Pos: pos, Err: fmt.Errorf("id %q: want a slug without spaces or dots", raw.ID)})
			continue
		case seen[raw.ID]:
			errs = append(errs, &Error{Pos: pos, Err: fmt.Errorf("duplicate id %q", raw.ID)})
			continue
		case e.Pattern == "":
			errs = append(errs, &Error{Pos: pos, Err: fmt.Errorf("entry %s: empty pattern", raw.ID)})
			continue
		case e.Weight <= 0 || e.Weight > 5:
			errs = append(errs, &Error{Pos: pos, Err: fmt.Errorf("entry %s: weight %v outside (0, 5]", raw.ID, e.Weight)})
			continue
		case e.Negated != "" && (!slices.Contains(record.Forces, e.Negated) || e.Negated == force):
			errs = append(errs, &Error{Pos: pos, Err: fmt.Errorf("entry %s: negated %q: want another of %v", raw.ID, e.Negated, record.Forces)})
			continue
		case e.SubForce != "" && !ValidSubForce(force, e.SubForce):
			errs = append(errs, &Error{Pos: pos, Err: fmt.Errorf("entry %s: %v", raw.ID, subForceError(force, e.SubForce))})
			continue
		}
		if _, err := parsePattern(e.Pattern); err != nil {
			errs = append(errs, &Error{Pos: pos, Err: fmt.Errorf("entry %s: %v", raw.ID, err)})
			continue
		}
		seen[raw.ID] = true
		l.Entries = put(l.Entries, e, func(e Entry) string { return e.ID })
	}
	return joinErrors(errs)
}

// put adds v to list, replacing the element with the same id: a user
// lexicon overrides a built-in entry or cue by naming its id.
func put[T any](list []T, v T, id func(T) string) []T {
	for i := range list {
		if id(list[i]) == id(v) {
			list[i] = v
			return list
		}
	}
	return append(list, v)
}

func (s *Set) addJobs(name, lang string, root *yaml.Node) error {
	var errs []error
	if err := checkKeys(name, root, jobsFileKeys); err != nil {
		errs = append(errs, err)
	}
	cues := get(root, "cues")
	if cues.Kind != yaml.SequenceNode {
		return errAt(name, cues, "cues: want a list")
	}
	l := s.lang(lang)
	for _, n := range cues.Content {
		if err := checkKeys(name, n, cueKeys); err != nil {
			errs = append(errs, err)
			continue
		}
		c := Cue{ID: lang + ".job." + scalar(n, "id"), Lang: lang, Pattern: strings.TrimSpace(scalar(n, "pattern")),
			Pos: Pos{File: name, Line: n.Line, Col: n.Column}}
		if scalar(n, "id") == "" || c.Pattern == "" {
			errs = append(errs, &Error{Pos: c.Pos, Err: errors.New("a cue needs an id and a pattern")})
			continue
		}
		if _, err := parsePattern(c.Pattern); err != nil {
			errs = append(errs, &Error{Pos: c.Pos, Err: fmt.Errorf("cue %s: %v", c.ID, err)})
			continue
		}
		if c.Before = strings.TrimSpace(scalar(n, "before")); c.Before != "" && !slices.Contains(BeforeKinds, c.Before) {
			errs = append(errs, &Error{Pos: c.Pos, Err: fmt.Errorf("cue %s: before: %q, want one of %s", c.ID, c.Before, strings.Join(BeforeKinds, ", "))})
			continue
		}
		if c.Next = strings.TrimSpace(scalar(n, "next")); c.Next != "" && !slices.Contains(NextKinds, c.Next) {
			errs = append(errs, &Error{Pos: c.Pos, Err: fmt.Errorf("cue %s: next: %q, want one of %s", c.ID, c.Next, strings.Join(NextKinds, ", "))})
			continue
		}
		if c.At = strings.TrimSpace(scalar(n, "at")); c.At != "" && !slices.Contains(AtKinds, c.At) {
			errs = append(errs, &Error{Pos: c.Pos, Err: fmt.Errorf("cue %s: at: %q, want one of %s", c.ID, c.At, strings.Join(AtKinds, ", "))})
			continue
		}
		if c.Verb = strings.TrimSpace(scalar(n, "verb")); c.Verb != "" && !slices.Contains(VerbKinds, c.Verb) {
			errs = append(errs, &Error{Pos: c.Pos, Err: fmt.Errorf("cue %s: verb: %q, want one of %s", c.ID, c.Verb, strings.Join(VerbKinds, ", "))})
			continue
		}
		if c.Adds = strings.TrimSpace(scalar(n, "adds")); c.Adds != "" && (strings.ContainsAny(c.Adds, " \t") || c.Verb != "" || c.Before != "") {
			errs = append(errs, &Error{Pos: c.Pos, Err: fmt.Errorf("cue %s: adds: %q must be one word, on a cue without verb: or before:", c.ID, c.Adds)})
			continue
		}
		if c.Causative = strings.TrimSpace(scalar(n, "causative")); c.Causative != "" && (strings.ContainsAny(c.Causative, " \t") || c.Verb != "" || c.Before != "" || c.Adds != "") {
			errs = append(errs, &Error{Pos: c.Pos, Err: fmt.Errorf("cue %s: causative: %q must be one word, on a cue without verb:, before: or adds:", c.ID, c.Causative)})
			continue
		}
		if c.Says = strings.TrimSpace(scalar(n, "says")); c.Says != "" && !slices.Contains(SaysKinds, c.Says) {
			errs = append(errs, &Error{Pos: c.Pos, Err: fmt.Errorf("cue %s: says: %q, want one of %s", c.ID, c.Says, strings.Join(SaysKinds, ", "))})
			continue
		}
		if ex := get(n, "examples"); ex != nil {
			for _, en := range ex.Content {
				if err := checkKeys(name, en, cueExKeys); err != nil {
					errs = append(errs, err)
					continue
				}
				c.Examples = append(c.Examples, CueExample{Text: scalar(en, "text"), Job: scalar(en, "job"),
					Pos: Pos{File: name, Line: en.Line, Col: en.Column}})
			}
		}
		l.Cues = put(l.Cues, c, func(c Cue) string { return c.ID })
	}
	return joinErrors(errs)
}

// addPhases reads a phases file: cues that say which phase of the switch
// timeline an utterance speaks from ("it started when", "ik ben gaan vergelijken").
func (s *Set) addPhases(name, lang string, root *yaml.Node) error {
	var errs []error
	if err := checkKeys(name, root, phaseFileKeys); err != nil {
		errs = append(errs, err)
	}
	list := get(root, "phases")
	if list.Kind != yaml.SequenceNode {
		return errAt(name, list, "phases: want a list")
	}
	l := s.lang(lang)
	for _, n := range list.Content {
		if err := checkKeys(name, n, phaseKeys); err != nil {
			errs = append(errs, err)
			continue
		}
		var raw struct {
			ID      string   `yaml:"id"`
			Phase   string   `yaml:"phase"`
			Pattern string   `yaml:"pattern"`
			Match   []string `yaml:"match"`
			NoMatch []string `yaml:"nomatch"`
		}
		if err := n.Decode(&raw); err != nil {
			errs = append(errs, errAt(name, n, err.Error()))
			continue
		}
		pos := Pos{File: name, Line: n.Line, Col: n.Column}
		c := PhaseCue{ID: lang + ".phase." + raw.ID, Lang: lang, Phase: strings.TrimSpace(raw.Phase),
			Pattern: strings.TrimSpace(raw.Pattern), Match: raw.Match, NoMatch: raw.NoMatch, Pos: pos}
		switch {
		case raw.ID == "" || strings.ContainsAny(raw.ID, " \t.") || c.Pattern == "":
			errs = append(errs, &Error{Pos: pos, Err: fmt.Errorf("phase cue %q: want a slug id without spaces or dots and a pattern", raw.ID)})
			continue
		case !ValidPhase(c.Phase):
			errs = append(errs, &Error{Pos: pos, Err: fmt.Errorf("phase cue %s: phase %q: want one of %s", raw.ID, c.Phase, strings.Join(Phases, ", "))})
			continue
		}
		if _, err := parsePattern(c.Pattern); err != nil {
			errs = append(errs, &Error{Pos: pos, Err: fmt.Errorf("phase cue %s: %v", raw.ID, err)})
			continue
		}
		l.PhaseCues = put(l.PhaseCues, c, func(c PhaseCue) string { return c.ID })
	}
	return joinErrors(errs)
}

func checkKeys(name string, n *yaml.Node, allowed []string) error {
	if n.Kind != yaml.MappingNode {
		return errAt(name, n, "want a mapping")
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		ok := false
		for _, a := range allowed {
			if k.Value == a {
				ok = true
			}
		}
		if !ok {
			return errAt(name, k, fmt.Sprintf("unknown key %q (want one of %s)", k.Value, strings.Join(allowed, ", ")))
		}
	}
	return nil
}

func get(n *yaml.Node, key string) *yaml.Node {
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

func scalar(n *yaml.Node, key string) string {
	if v := get(n, key); v != nil && v.Kind == yaml.ScalarNode {
		return strings.TrimSpace(v.Value)
	}
	return ""
}

func errAt(name string, n *yaml.Node, msg string) error {
	return &Error{Pos: Pos{File: name, Line: n.Line, Col: n.Column}, Err: errors.New(msg)}
}

// eachLine calls fn with the lowercased words of every line of a plain
// list file that holds any; # starts a comment. It stops at fn's first error.
func eachLine(data []byte, fn func(line int, words []string) error) error {
	sc := bufio.NewScanner(bytes.NewReader(data))
	for line := 1; sc.Scan(); line++ {
		t := sc.Text()
		if i := strings.IndexByte(t, '#'); i >= 0 {
			t = t[:i]
		}
		if f := strings.Fields(strings.ToLower(t)); len(f) > 0 {
			if err := fn(line, f); err != nil {
				return err
			}
		}
	}
	return sc.Err()
}

// parseList reads a one-phrase-per-line file.
func parseList(name string, data []byte) ([]string, error) {
	var out []string
	err := eachLine(data, func(_ int, f []string) error {
		out = append(out, strings.Join(f, " "))
		return nil
	})
	return out, err
}

// parseFactors reads "phrase factor" lines.
func parseFactors(name string, data []byte) ([]Factor, error) {
	var out []Factor
	err := eachLine(data, func(line int, f []string) error {
		if len(f) < 2 {
			return &Error{Pos: Pos{File: name, Line: line}, Err: fmt.Errorf("want \"phrase factor\", got %q", strings.Join(f, " "))}
		}
		v, err := strconv.ParseFloat(f[len(f)-1], 64)
		if err != nil || v <= 0 || v > 5 {
			return &Error{Pos: Pos{File: name, Line: line}, Err: fmt.Errorf("factor %q: want a number in (0, 5]", f[len(f)-1])}
		}
		out = append(out, Factor{Phrase: strings.Join(f[:len(f)-1], " "), Factor: v})
		return nil
	})
	return out, err
}

// Package lexicon loads, validates and compiles the declarative lexicons under
// lexicon/<lang>/: force entries (struggle, progress, anxiety, habit), job
// cues, negators, intensifiers and stopwords. See README.md in this folder for
// the file formats and the pattern syntax.
//
// Loading is separate from compiling: Load reads and validates files and keeps
// every entry with its file position; Compile turns a Set into the immutable
// matcher the tagger and the job extractor share across workers.
package lexicon

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"jobminer/pipeline/record"
)

//go:embed */*.yaml */*.txt
var builtin embed.FS

// Pos is a position in a lexicon file.
type Pos struct {
	File      string
	Line, Col int
}

func (p Pos) String() string {
	switch {
	case p.Line > 0 && p.Col > 0:
		return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
	case p.Line > 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return p.File
}

// Error is a problem at a position in a lexicon file.
type Error struct {
	Pos Pos
	Err error
}

func (e *Error) Error() string { return e.Pos.String() + ": " + e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// Neutral is the force of entries that say "this is no force": politeness and
// boilerplate ("no problem", "let me know", "met vriendelijke groet"), plain
// information requests ("I'd like to know"). A neutral match wins overlaps
// like any other, so it silences the force words inside it, and then gives
// no mention itself.
const Neutral record.Force = "neutral"

// Entry is one force pattern.
type Entry struct {
	ID      string // lang.force.slug, the term id written to mentions.parquet
	Lang    string
	Force   record.Force
	Pattern string
	Weight  float64
	// SubForce is "" or one of SubForces[Force] ("struggle/time"): what kind
	// of push or pull the entry speaks of.
	SubForce string
	// Negated is "" or the force a negated mention of the entry counts as:
	// a wish denied is a fear ("Ik wil niet halverwege stil komen te
	// liggen"), so the Dutch wish entries say anxiety.
	Negated record.Force
	Match   []string // examples that must give a non-negated mention of this entry
	NoMatch []string // examples that must not
	Pos     Pos
}

// Cue is a phrase that introduces a job ("I want to", "hoe kan ik").
type Cue struct {
	ID      string // lang.job.slug
	Lang    string
	Pattern string
	// Before, when set, says the job comes before the cue, not after it
	// ("Conversie omhoog krijgen, dat is m'n doel"), and what the clause
	// before must look like to be one: one of BeforeKinds.
	Before string
	// Next, when set, is what must follow the cue for it to count:
	// "infinitive", the word right after it (Russian "Как подключить
	// ...?"); "clause-infinitive", an infinitive somewhere in its clause
	// ("Wilt u de factuur sturen?" asks; "Wilt u nog koffie?" offers);
	// "object", an object right after it, a determiner or pronoun ("Text
	// us ...", "Cancel my ..."; not "Change is hard"); "passive", a
	// question in the English passive, its subject then "be" and a
	// participle ("Can the deadline be moved?"): the job drops the "be"
	// ("get the deadline moved", with adds: get); "gerund", a verb's -ing
	// form right after it ("thinking about selling my home", not
	// "thinking about you").
	Next string
	// At, when "start", says the cue counts only as the first words of its
	// sentence, after at most a greeting and commas: a chat request that
	// opens with the need, its subject left out ("Добрый день. Нужна печать
	// для ООО"); inside a sentence the same word has a subject of its own
	// ("Какие нужны документы?").
	At string
	// Verb, when "finite", says the cue holds the job's own verb in a
	// finite form before its subject (Dutch "Hoe vraag ik X aan?"): the job
	// gets it back as an infinitive at the end, joined with its separable
	// particle ("X aanvragen"). When "leading", the cue opens with the
	// job's own verb, an imperative the job keeps at its start (Russian
	// "Верните, пожалуйста, баллы" -> "Верните баллы").
	Verb string
	// Adds, when set, is the verb the cue means but the job phrase lacks:
	// "I'm looking for a venue" is the job "find a venue". It goes before
	// the phrase, in Dutch after it ("een zaal vinden").
	Adds string
	// Causative, when set, is the verb put before a phrase that is an
	// object then a participle: "I want Wednesday taken off the invoice" is
	// the job "get Wednesday taken off the invoice" (causative: get), while
	// "I want a refund" keeps "a refund".
	Causative string
	// Says, when "progress", says a job this cue states is itself a
	// wish: where no progress mention counts in its sentence, the job adds
	// one over the cue, term the cue's id ("I need my own order back", "I'd
	// like half of that batch done as sausage": an object no force entry
	// lists).
	Says     string
	Examples []CueExample
	Pos      Pos
}

// BeforeKinds are the clauses a cue with `before:` accepts as its job, all
// without a subject pronoun (a clause with one is a statement, not a job):
// "fragment" any (a noun phrase or an infinitive clause); "infinitive" one
// ending in an infinitive ("de voorraad gelijk houden, zodat ..."); "gerund"
// a verb used as a noun ("Het exporteren van ... mislukt", "Syncing ... fails").
var BeforeKinds = []string{"fragment", "infinitive", "gerund"}

// VerbKinds are the values of a cue's `verb:`.
var VerbKinds = []string{"finite", "leading"}

// NextKinds are the values of a cue's `next:`.
var NextKinds = []string{"infinitive", "clause-infinitive", "object", "passive", "gerund"}

// SaysKinds are the values of a cue's `says:`.
var SaysKinds = []string{"progress"}

// AtKinds are the values of a cue's `at:`.
var AtKinds = []string{"start"}

// PhaseCue is a phrase that says which phase of the switch timeline a
// customer speaks from ("it started when": first_thought).
type PhaseCue struct {
	ID      string // lang.phase.slug
	Lang    string
	Phase   string // one of Phases
	Pattern string
	Match   []string // sentences the cue must find, not negated
	NoMatch []string // sentences it must not
	Pos     Pos
}

// CueExample is a sentence and the job phrase the extractor must find in it.
type CueExample struct {
	Text string
	Job  string
	Pos  Pos
}

// Factor is a word or phrase with a multiplier (intensifiers and downtoners).
type Factor struct {
	Phrase string
	Factor float64
}

// Language holds everything loaded for one language.
type Language struct {
	Lang         string
	Entries      []Entry
	Cues         []Cue
	PhaseCues    []PhaseCue
	Negators     []string
	Intensifiers []Factor
	Stopwords    []string
	Compounds    []string                // words compound splitting may use as parts (compound.go)
	Models       map[record.Force]*Model // <force>-model.txt, where present (model.go)
}

// File is a loaded lexicon file with its content hash, for the run manifest.
type File struct {
	Name   string
	SHA256 string
}

// Set is a loaded, validated collection of lexicons, by language.
type Set struct {
	Langs map[string]*Language
	Files []File
}

// Languages returns the language codes in the set, sorted.
func (s *Set) Languages() []string {
	var out []string
	for l := range s.Langs {
		out = append(out, l)
	}
	sort.Strings(out)
	return out
}

func (s *Set) lang(code string) *Language {
	if s.Langs == nil {
		s.Langs = map[string]*Language{}
	}
	l := s.Langs[code]
	if l == nil {
		l = &Language{Lang: code}
		s.Langs[code] = l
	}
	return l
}

// Builtin loads the lexicons embedded in the binary.
func Builtin() (*Set, error) { return Load(builtin, "") }

// Load reads every lexicon file in fsys: <lang>/*.yaml and <lang>/*.txt.
// prefix is prepended to file names in positions and hashes (e.g. "lexicon/").
func Load(fsys fs.FS, prefix string) (*Set, error) {
	s := &Set{}
	var errs []error
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || strings.HasPrefix(d.Name(), ".") || strings.EqualFold(d.Name(), "README.md") {
			return nil
		}
		dir := path.Dir(p)
		if dir == "." || strings.Contains(dir, "/") {
			return nil // only <lang>/<file>
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		if err := s.addFile(prefix+p, dir, data); err != nil {
			errs = append(errs, err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(errs) > 0 {
		return nil, joinErrors(errs)
	}
	return s, nil
}

// AddFile adds a user lexicon file (--lexicon FILE): a force file or a jobs
// file in the YAML format, whose lang header says which language it extends,
// or a word list (stopwords.txt, ...), whose language is the folder it is in
// (nl/stopwords.txt). Entries and cues with the id of an existing one replace
// it; a word list's words are added.
func (s *Set) AddFile(name string, data []byte) error {
	if !strings.HasSuffix(name, ".txt") {
		return s.addFile(name, "", data) // YAML, or an unknown file, which addFile names
	}
	if path.Base(name) == "spelling.txt" {
		return &Error{Pos: Pos{File: name}, Err: fmt.Errorf("spelling.txt is built-in language data, applied before any lexicon is compiled; a --lexicon file cannot change it (write the variant into your patterns instead, as =nix|=niks)")}
	}
	lang := path.Base(path.Dir(strings.ReplaceAll(name, `\`, "/")))
	if s.Langs[lang] == nil {
		return &Error{Pos: Pos{File: name}, Err: fmt.Errorf("a word list takes its language from the folder it is in (as nl/%s), and %q is none of %s",
			path.Base(name), lang, strings.Join(s.Languages(), ", "))}
	}
	return s.addFile(name, lang, data)
}

func (s *Set) addFile(name, dirLang string, data []byte) error {
	sum := sha256.Sum256(data)
	s.Files = append(s.Files, File{Name: name, SHA256: hex.EncodeToString(sum[:])})
	base := path.Base(name)
	switch {
	case strings.HasSuffix(base, ".yaml") || strings.HasSuffix(base, ".yml"):
		return s.addYAML(name, dirLang, data)
	case base == "negators.txt":
		words, err := parseList(name, data)
		s.lang(dirLang).Negators = append(s.lang(dirLang).Negators, words...)
		return err
	case base == "stopwords.txt":
		words, err := parseList(name, data)
		s.lang(dirLang).Stopwords = append(s.lang(dirLang).Stopwords, words...)
		return err
	case base == "compounds.txt":
		words, err := parseList(name, data)
		s.lang(dirLang).Compounds = append(s.lang(dirLang).Compounds, words...)
		return err
	case base == "spelling.txt":
		// Validated here with file and line; the analyzer reads the
		// built-in files itself (BuiltinSpelling), before any Set exists.
		_, err := parseSpelling(name, data)
		return err
	case modelForce(base) != "":
		m, err := parseModel(name, data)
		if err == nil {
			l := s.lang(dirLang)
			if l.Models == nil {
				l.Models = map[record.Force]*Model{}
			}
			l.Models[modelForce(base)] = m
		}
		return err
	case base == "intensifiers.txt":
		fs, err := parseFactors(name, data)
		s.lang(dirLang).Intensifiers = append(s.lang(dirLang).Intensifiers, fs...)
		return err
	}
	return &Error{Pos: Pos{File: name}, Err: fmt.Errorf("unknown lexicon file (want *.yaml, negators.txt, stopwords.txt, intensifiers.txt, compounds.txt, spelling.txt or <force>-model.txt)")}
}

type multiError []error

func (m multiError) Error() string {
	var b strings.Builder
	for i, e := range m {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

func (m multiError) Unwrap() []error { return m }

func joinErrors(errs []error) error {
	switch len(errs) {
	case 0:
		return nil
	case 1:
		return errs[0]
	}
	return multiError(errs)
}

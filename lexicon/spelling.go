package lexicon

import (
	"fmt"
	"io/fs"
	"path"
	"strings"
	"sync"
	"unicode/utf8"
)

// Spelling maps informal and chat spellings to the standard tokens they
// stand for, by lowercase form: "nix" → niks, "dont" → do n't, "щас" →
// сейчас. The text analyzer reads tokens through it, so patterns, negators
// and job keys see one form however the customer typed it, while spans
// (and so quotes and job phrases) keep the customer's own letters.
type Spelling map[string][]string

// parseSpelling reads spelling.txt: "variant standard..." per line. A
// variant of several standard tokens splits the word, so those tokens
// without apostrophes must spell the variant letter for letter ("dont" →
// "do n't"): each then covers its own letters of the text.
func parseSpelling(name string, data []byte) (Spelling, error) {
	sp := Spelling{}
	err := eachLine(data, func(line int, f []string) error {
		pos := Pos{File: name, Line: line}
		if len(f) < 2 {
			return &Error{Pos: pos, Err: fmt.Errorf("want \"variant standard...\", got %q", strings.Join(f, " "))}
		}
		v, std := f[0], f[1:]
		if _, dup := sp[v]; dup {
			return &Error{Pos: pos, Err: fmt.Errorf("variant %q is listed twice", v)}
		}
		if len(std) == 1 && std[0] == v {
			return &Error{Pos: pos, Err: fmt.Errorf("variant %q maps to itself", v)}
		}
		if len(std) > 1 {
			if !ascii(v) || strings.ContainsRune(v, '\'') {
				return &Error{Pos: pos, Err: fmt.Errorf("variant %q splits into %d tokens, so it must be plain ASCII letters without apostrophes", v, len(std))}
			}
			if joined := strings.ReplaceAll(strings.Join(std, ""), "'", ""); joined != v {
				return &Error{Pos: pos, Err: fmt.Errorf("variant %q splits into %q, which without apostrophes spells %q: the parts must spell the variant", v, strings.Join(std, " "), joined)}
			}
		}
		sp[v] = std
		return nil
	})
	return sp, err
}

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// builtinSpelling is every language's spelling.txt of the embedded
// lexicons, read once. They are language data like the stemmer, not
// tunable per run: the analyzer applies them before any lexicon is
// compiled (patterns are tokenized by the same analyzer), so a --lexicon
// file cannot add to them. A broken file gives no variants here; Load
// reports it (and TestBuiltinLoads fails).
var builtinSpelling = sync.OnceValue(func() map[string]Spelling {
	out := map[string]Spelling{}
	names, _ := fs.Glob(builtin, "*/spelling.txt")
	for _, n := range names {
		data, err := fs.ReadFile(builtin, n)
		if err != nil {
			continue
		}
		if sp, err := parseSpelling(n, data); err == nil {
			out[path.Dir(n)] = sp
		}
	}
	return out
})

// BuiltinSpelling is lang's spelling variants (nil when it has none).
func BuiltinSpelling(lang string) Spelling { return builtinSpelling()[lang] }

// Package lextest compiles the built-in lexicons for the tests and
// benchmarks of the stages after text (tag, extract, jtbd): each needs an
// Analyzer and the lexicons compiled with it.
package lextest

import (
	"io/fs"
	"testing"

	"jobminer/lexicon"
	"jobminer/pipeline/text"
)

// Builtin returns a new Analyzer and the built-in lexicons compiled with
// it; it fails the test when they do not compile.
func Builtin(tb testing.TB) (*text.Analyzer, *lexicon.Compiled) {
	tb.Helper()
	set, err := lexicon.Builtin()
	if err != nil {
		tb.Fatal(err)
	}
	return compile(tb, set)
}

// FromFS returns a new Analyzer and the lexicon files of fsys (laid out as
// lexicon/ is: <lang>/<file>) compiled with it; it fails the test when they
// do not load or compile.
func FromFS(tb testing.TB, fsys fs.FS) (*text.Analyzer, *lexicon.Compiled) {
	tb.Helper()
	set, err := lexicon.Load(fsys, "")
	if err != nil {
		tb.Fatal(err)
	}
	return compile(tb, set)
}

func compile(tb testing.TB, set *lexicon.Set) (*text.Analyzer, *lexicon.Compiled) {
	tb.Helper()
	a := text.NewAnalyzer()
	lex, err := lexicon.Compile(set, a)
	if err != nil {
		tb.Fatal(err)
	}
	return a, lex
}

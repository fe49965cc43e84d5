package pipeline

import (
	"fmt"

	"jobminer/lexicon"
	"jobminer/pipeline/text"
)

// BuiltinLexicon compiles the lexicons embedded in the binary, for callers
// that take no lexicon files of their own (tests, the REFI-QDA rebuild).
func BuiltinLexicon() (*lexicon.Compiled, error) {
	set, err := lexicon.Builtin()
	if err != nil {
		return nil, fmt.Errorf("built-in lexicon: %w", err)
	}
	return lexicon.Compile(set, text.NewAnalyzer())
}

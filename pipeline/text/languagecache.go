package text

import (
	"strings"
	"sync"
)

// Language identification (trigram profiles, see trigramVote) is a dear
// step for text that does not declare its language, and short utterances
// repeat a lot ("ok thx", "Bedankt!", greetings, canned replies). Language is
// a pure function, so its answers for short texts are remembered: the
// results are exactly those of Language.
const (
	langCacheMaxText    = 256    // longer texts rarely repeat
	langCacheMaxEntries = 50_000 // a full cache is dropped and refilled: memory stays flat
)

type langResult struct {
	lang string
	conf float64
}

var langCache = struct {
	sync.Mutex
	m map[string]langResult
}{m: map[string]langResult{}}

// cachedLanguage is Language(s), remembered for short s. Safe for concurrent
// use.
func cachedLanguage(s string) (string, float64) {
	if len(s) > langCacheMaxText {
		return Language(s)
	}
	langCache.Lock()
	r, ok := langCache.m[s]
	langCache.Unlock()
	if ok {
		return r.lang, r.conf
	}
	r.lang, r.conf = Language(s)
	langCache.Lock()
	if len(langCache.m) >= langCacheMaxEntries {
		clear(langCache.m)
	}
	// Clone so a key does not pin the whole text it was sliced from.
	langCache.m[strings.Clone(s)] = r
	langCache.Unlock()
	return r.lang, r.conf
}

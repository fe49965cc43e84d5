package redact

import "sync"

// Kind is a kind of personal data the redactor replaces.
type Kind int

// The kinds, in the order their counts are listed.
const (
	Email Kind = iota
	Phone
	IBAN
	BSN
	Card
	Address
	URL
	numKinds
)

var kindNames = [numKinds]string{"email", "phone", "iban", "bsn", "card", "address", "url"}

var placeholders = [numKinds]string{"[EMAIL]", "[PHONE]", "[IBAN]", "[BSN]", "[CARD]", "[ADDRESS]", "[URL]"}

// Kinds lists every kind, in order.
func Kinds() []Kind {
	ks := make([]Kind, numKinds)
	for i := range ks {
		ks[i] = Kind(i)
	}
	return ks
}

// String is the kind's name as used in run.json ("email", "phone", ...).
func (k Kind) String() string { return kindNames[k] }

// Placeholder is the text that replaces a value of this kind ("[EMAIL]").
func (k Kind) Placeholder() string { return placeholders[k] }

// Counts is how many values of each kind were replaced. The zero value is
// empty; counts add up, so per-record counts merge in any order.
type Counts [numKinds]int

// Add adds o to c.
func (c *Counts) Add(o Counts) {
	for i := range c {
		c[i] += o[i]
	}
}

// Total is the number of replacements of all kinds.
func (c Counts) Total() int {
	n := 0
	for _, v := range c {
		n += v
	}
	return n
}

// Map returns the counts by kind name, every kind present (zeros too), for
// the run manifest.
func (c Counts) Map() map[string]int64 {
	m := make(map[string]int64, numKinds)
	for i, v := range c {
		m[kindNames[i]] = int64(v)
	}
	return m
}

// Tally sums Counts from many goroutines.
type Tally struct {
	mu sync.Mutex
	c  Counts
}

// Add adds c to the tally; a nil Tally ignores it.
func (t *Tally) Add(c Counts) {
	if t == nil || c.Total() == 0 {
		return
	}
	t.mu.Lock()
	t.c.Add(c)
	t.mu.Unlock()
}

// Counts returns the sum so far; a nil Tally has none.
func (t *Tally) Counts() Counts {
	if t == nil {
		return Counts{}
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.c
}

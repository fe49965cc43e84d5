package redact

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"
)

// KeyEnv is the environment variable a pseudonym key may come from.
const KeyEnv = "JOBMINER_PSEUDONYM_KEY"

// minKeyLen is the shortest key accepted: a short key can be guessed, and
// with it every pseudonym reversed by trying names.
const minKeyLen = 16

// Pseudonymiser replaces speaker names with stable pseudonyms: the same name
// (ignoring case and surrounding space) and key always give the same
// pseudonym, so respondent counts are unchanged, while without the key a
// pseudonym cannot be traced back to a name by trying candidates.
type Pseudonymiser struct {
	key []byte
}

// NewPseudonymiser returns a Pseudonymiser keyed with key, which must be at
// least 16 bytes. The key is never written anywhere.
func NewPseudonymiser(key []byte) (*Pseudonymiser, error) {
	if len(key) < minKeyLen {
		return nil, fmt.Errorf("pseudonym key too short: %d bytes, at least %d", len(key), minKeyLen)
	}
	return &Pseudonymiser{key: append([]byte(nil), key...)}, nil
}

// LoadKey reads the key from file when file is not "", else from the
// environment variable JOBMINER_PSEUDONYM_KEY. One trailing line ending of
// a key file is dropped, so `echo secret > keyfile` works. No key is an error.
func LoadKey(file string, getenv func(string) string) ([]byte, error) {
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("pseudonym key: %w", err)
		}
		s := strings.TrimSuffix(strings.TrimSuffix(string(b), "\n"), "\r")
		if s == "" {
			return nil, fmt.Errorf("pseudonym key file %s is empty", file)
		}
		return []byte(s), nil
	}
	if k := getenv(KeyEnv); k != "" {
		return []byte(k), nil
	}
	return nil, errors.New("--pseudonymise needs a key: give --pseudonym-key-file FILE or set " + KeyEnv)
}

// Name returns the pseudonym for name, "person-" and 12 hex digits of an
// HMAC-SHA256 of the case-folded name (48 bits: collisions, which would
// merge two respondents, are negligible below millions of speakers). An
// empty name stays empty.
func (p *Pseudonymiser) Name(name string) string {
	n := strings.ToLower(strings.TrimSpace(name))
	if n == "" {
		return ""
	}
	m := hmac.New(sha256.New, p.key)
	m.Write([]byte(n))
	return "person-" + hex.EncodeToString(m.Sum(nil)[:6])
}

package redact

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestPseudonymiser(t *testing.T) {
	p, err := NewPseudonymiser([]byte("0123456789abcdef-test"))
	if err != nil {
		t.Fatal(err)
	}
	a := p.Name("Anna Smit")
	if !regexp.MustCompile(`^person-[0-9a-f]{12}$`).MatchString(a) {
		t.Errorf("pseudonym %q has the wrong form", a)
	}
	if b := p.Name("  anna smit "); b != a {
		t.Errorf("case and space changed the pseudonym: %q vs %q", a, b)
	}
	if c := p.Name("Anna Smits"); c == a {
		t.Errorf("different names, same pseudonym %q", a)
	}
	if strings.Contains(strings.ToLower(a), "anna") {
		t.Errorf("pseudonym %q shows the name", a)
	}
	q, _ := NewPseudonymiser([]byte("another key of 16+ bytes"))
	if q.Name("Anna Smit") == a {
		t.Error("another key gave the same pseudonym")
	}
	if p.Name("") != "" {
		t.Error("empty name should stay empty")
	}
	if _, err := NewPseudonymiser([]byte("short")); err == nil {
		t.Error("short key accepted")
	}
}

func TestLoadKey(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "key")
	os.WriteFile(file, []byte("from-the-file-0123456\n"), 0o600)
	empty := filepath.Join(dir, "empty")
	os.WriteFile(empty, nil, 0o600)
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == KeyEnv {
				return v
			}
			return ""
		}
	}
	tests := []struct {
		name, file, env, want string
		wantErr               bool
	}{
		{name: "file wins over env", file: file, env: "from-env", want: "from-the-file-0123456"},
		{name: "env", env: "from-env-0123456789", want: "from-env-0123456789"},
		{name: "none", wantErr: true},
		{name: "empty file", file: empty, wantErr: true},
		{name: "missing file", file: filepath.Join(dir, "nope"), wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, err := LoadKey(tt.file, env(tt.env))
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if string(k) != tt.want {
				t.Errorf("key %q, want %q", k, tt.want)
			}
		})
	}
}

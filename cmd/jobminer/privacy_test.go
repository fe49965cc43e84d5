package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jobminer/pipeline/output"
	"jobminer/pipeline/redact"
)

func TestPrivacyFlags(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.jsonl")
	os.WriteFile(in, []byte(`{"speaker":"Anna","text":"Ik wil graag exporteren, bel 06-12345678."}`+"\n"), 0o644)
	key := filepath.Join(dir, "key")
	os.WriteFile(key, []byte("a key that is long enough\n"), 0o600)
	short := filepath.Join(dir, "short")
	os.WriteFile(short, []byte("abc"), 0o600)
	t.Setenv(redact.KeyEnv, "")
	tests := []struct {
		name     string
		args     []string
		code     int
		out      string // substring of stdout+stderr
		redacted bool
		pseudo   bool
	}{
		{name: "redacted by default", args: nil, code: exitOK, redacted: true},
		{name: "no-redact", args: []string{"--no-redact"}, code: exitOK},
		{name: "pseudonymise with key file", args: []string{"--pseudonymise", "--pseudonym-key-file", key}, code: exitOK, redacted: true, pseudo: true},
		{name: "pseudonymise without key", args: []string{"--pseudonymise"}, code: exitUsage, out: "--pseudonymise needs a key"},
		{name: "pseudonymise short key", args: []string{"--pseudonymise", "--pseudonym-key-file", short}, code: exitUsage, out: "too short"},
		{name: "key file without pseudonymise", args: []string{"--pseudonym-key-file", key}, code: exitUsage, out: "only used with --pseudonymise"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			code, o, e := jobminer(t, append([]string{"run", in, "--out", out}, tt.args...)...)
			if code != tt.code || !strings.Contains(o+e, tt.out) {
				t.Fatalf("exit %d, want %d; output does not contain %q:\n%s%s", code, tt.code, tt.out, o, e)
			}
			if code != exitOK {
				return
			}
			m, err := output.ReadManifest(filepath.Join(out, output.ManifestFile))
			if err != nil {
				t.Fatal(err)
			}
			if m.Redaction == nil || m.Redaction.Enabled != tt.redacted || m.Redaction.Pseudonymised != tt.pseudo {
				t.Errorf("manifest redaction %+v, want enabled %v pseudonymised %v", m.Redaction, tt.redacted, tt.pseudo)
			}
			if tt.redacted && m.Redaction.Counts["phone"] != 1 {
				t.Errorf("phone count %d, want 1", m.Redaction.Counts["phone"])
			}
			raw, _ := os.ReadFile(filepath.Join(out, output.ManifestFile))
			if strings.Contains(string(raw), "long enough") {
				t.Error("the pseudonym key is in run.json")
			}
		})
	}
}

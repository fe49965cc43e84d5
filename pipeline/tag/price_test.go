package tag

import (
	"strings"
	"testing"
)

func TestParseAmount(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want float64
		ok   bool
	}{
		{"14.99", 14.99, true}, {"12,50", 12.5, true}, {"1,200", 1200, true}, {"1.200", 1200, true},
		{"1,200.50", 1200.5, true}, {"1.200.000", 1200000, true}, {"3", 3, true}, {"", 0, false},
	} {
		got, ok := parseAmount(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseAmount(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"14.99", "12,50", "1,200.50", "200р", "$", ",.", "1..2", "9,99,9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		num, unit := splitNumber(s)
		if num+unit != s && num != "" {
			t.Fatalf("splitNumber(%q) = %q, %q", s, num, unit)
		}
		if num == "" {
			return
		}
		v, ok := parseAmount(num)
		if ok && v < 0 {
			t.Fatalf("parseAmount(%q) = %v", num, v)
		}
		if strings.Trim(num, "0123456789") == "" && len(num) < 300 && !ok {
			t.Fatalf("parseAmount(%q): digits only, not ok", num)
		}
	})
}

package main

import "testing"

func TestParseSize(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"0", 0, true}, {"512MiB", 512 << 20, true}, {"2GiB", 2 << 30, true}, {"1048576", 1 << 20, true},
		{"64KiB", 64 << 10, true}, {"10B", 10, true}, {"1TiB", 1 << 40, true},
		{"512MB", 0, false}, {"-1", 0, false}, {"", 0, false}, {"lots", 0, false}, {"9999999TiB", 0, false},
	}
	for _, tt := range tests {
		got, err := parseSize(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("parseSize(%q) = %d, %v; want %d, ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

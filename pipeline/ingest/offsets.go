package ingest

import (
	"strconv"
	"strings"
	"time"
)

// parseClock reads a media offset written as a clock: "SS", "M:SS",
// "MM:SS.mmm", "H:MM:SS", "HH:MM:SS,mmm" (SRT) or "H:M:S.f" (Teams). Minutes
// and seconds after the first field must be below 60. The fraction may have
// 1 to 9 digits. ok is false for anything else, including negative values.
func parseClock(s string) (time.Duration, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 32 {
		return 0, false
	}
	main, frac := s, ""
	if i := strings.LastIndexAny(s, ".,"); i >= 0 {
		main, frac = s[:i], s[i+1:]
		if frac == "" || len(frac) > 9 || !isDigits(frac) {
			return 0, false
		}
	}
	parts := strings.Split(main, ":")
	if len(parts) > 3 {
		return 0, false
	}
	var d time.Duration
	for i, p := range parts {
		if p == "" || len(p) > 6 || !isDigits(p) {
			return 0, false
		}
		n, _ := strconv.Atoi(p)
		if i > 0 && (n >= 60 || len(p) > 2) {
			return 0, false
		}
		d = d*60 + time.Duration(n)*time.Second
	}
	if frac != "" {
		f, _ := strconv.Atoi((frac + "000000000")[:9])
		d += time.Duration(f)
	}
	return d, true
}

// secondsOffset turns a JSON number of seconds (Whisper) or milliseconds
// (AssemblyAI) into a duration; ok is false for negative, NaN or absurd
// values (over 1000 hours).
func secondsOffset(v float64, unit time.Duration) (time.Duration, bool) {
	if !(v >= 0) || v*float64(unit) > float64(1000*time.Hour) {
		return 0, false
	}
	return time.Duration(v * float64(unit)), true
}

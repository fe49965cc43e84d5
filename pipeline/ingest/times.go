package ingest

import (
	"strconv"
	"strings"
	"time"
)

// timeLayouts are tried in order. Slash and dash dates with the year last
// are read day-first (02/01/2006 is 2 January), the Dutch and European
// convention of the exports we expect; US month-first exports need their
// dates converted first. Times without a zone are UTC.
var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05-0700",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999 -0700",
	"2006-01-02 15:04:05.999999999 -0700 MST",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04",
	"2006-01-02 15:04",
	"2006-01-02",
	"2006/01/02 15:04:05",
	"2006/01/02 15:04",
	"2006/01/02",
	"02-01-2006 15:04:05",
	"02-01-2006 15:04",
	"02-01-2006",
	"2-1-2006 15:04",
	"2-1-2006",
	"02/01/2006 15:04:05",
	"02/01/2006 15:04",
	"02/01/2006",
	"2/1/2006 15:04",
	"2/1/2006",
	"02.01.2006 15:04:05",
	"02.01.2006 15:04",
	"02.01.2006",
	time.RFC1123Z,
	time.RFC1123,
}

// parseTime reads a timestamp in one of timeLayouts or as unix seconds or
// milliseconds. It returns the zero time for "" and for values it cannot
// read; callers keep the record either way.
func parseTime(s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}
	}
	if len(s) == 8 && isDigits(s) { // 20260314
		t, _ := time.Parse("20060102", s)
		return t
	}
	if isDigits(s) || (strings.Count(s, ".") == 1 && isDigits(strings.Replace(s, ".", "", 1))) {
		return unixTime(s)
	}
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}

// unixTime reads unix seconds (up to 11 integer digits, possibly with a
// fraction) or milliseconds (12-13 digits). Other numbers are not times.
func unixTime(s string) time.Time {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f <= 0 {
		return time.Time{}
	}
	intPart, _, _ := strings.Cut(s, ".")
	switch n := len(intPart); {
	case n >= 9 && n <= 11:
		sec := int64(f)
		return time.Unix(sec, int64((f-float64(sec))*1e9)).UTC()
	case n == 12 || n == 13:
		ms := int64(f)
		return time.UnixMilli(ms).UTC()
	}
	return time.Time{}
}

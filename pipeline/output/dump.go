package output

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/parquet-go/parquet-go"
)

// Dump prints the table in the Parquet file at path as TSV: a header of
// column names, then one row per line in file order. The format is stable
// for golden tests: NULL is \N; backslash, tab, newline and carriage return
// inside strings are escaped as \\ \t \n \r; timestamps are RFC3339 in UTC
// (fractional seconds only when non-zero); floats use strconv 'g' with the
// shortest exact representation; lists are JSON arrays, written as is (JSON
// has no raw tabs or newlines) and [] for an empty list. The table is
// recognised by its columns, so the file may have any name.
func Dump(w io.Writer, path string) error {
	names, err := columnNames(path)
	if err != nil {
		return err
	}
	switch {
	case slices.Equal(names, fieldNames[DocumentRow]()):
		return dumpTable(w, path, ReadDocuments)
	case slices.Equal(names, fieldNames[MentionRow]()):
		return dumpTable(w, path, ReadMentions)
	case slices.Equal(names, fieldNames[JobRow]()):
		return dumpTable(w, path, ReadJobs)
	case slices.Equal(names, fieldNames[RejectRow]()):
		return dumpTable(w, path, ReadRejects)
	case slices.Equal(names, fieldNames[OutcomeRow]()):
		return dumpTable(w, path, ReadOutcomes)
	}
	return fmt.Errorf("%s: columns %v match no jobminer table", path, names)
}

// columnNames returns the top-level column names of a Parquet file.
func columnNames(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	pf, err := parquet.OpenFile(f, st.Size(), &parquet.FileConfig{SkipPageIndex: true, SkipBloomFilters: true})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var names []string
	for _, fl := range pf.Schema().Fields() {
		names = append(names, fl.Name())
	}
	return names, nil
}

// fieldNames returns the column names of row type T, in order.
func fieldNames[T any]() []string {
	t := reflect.TypeFor[T]()
	names := make([]string, t.NumField())
	for i := range names {
		tag := t.Field(i).Tag.Get("parquet")
		names[i], _, _ = strings.Cut(tag, ",")
	}
	return names
}

func dumpTable[T any](w io.Writer, path string, read func(string) ([]T, error)) error {
	rows, err := read(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	bw.WriteString(strings.Join(fieldNames[T](), "\t"))
	bw.WriteByte('\n')
	for _, r := range rows {
		v := reflect.ValueOf(r)
		for i := range v.NumField() {
			if i > 0 {
				bw.WriteByte('\t')
			}
			s, err := formatCell(v.Field(i))
			if err != nil {
				return fmt.Errorf("%s: %w", path, err)
			}
			bw.WriteString(s)
		}
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

var timeType = reflect.TypeFor[time.Time]()

func formatCell(v reflect.Value) (string, error) {
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return `\N`, nil
		}
		v = v.Elem()
	}
	if v.Type() == timeType {
		return v.Interface().(time.Time).UTC().Format(time.RFC3339Nano), nil
	}
	switch v.Kind() {
	case reflect.String:
		return escapeTSV(v.String()), nil
	case reflect.Bool:
		return strconv.FormatBool(v.Bool()), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10), nil
	case reflect.Float32, reflect.Float64:
		return strconv.FormatFloat(v.Float(), 'g', -1, 64), nil
	case reflect.Slice:
		if k := v.Type().Elem().Kind(); k == reflect.Int64 || k == reflect.Float64 {
			// Numeric lists (sub_force_totals, phase_counts) as JSON arrays
			// of numbers, each formatted like a numeric cell.
			list := make([]string, v.Len())
			for i := range list {
				s, err := formatCell(v.Index(i))
				if err != nil {
					return "", err
				}
				list[i] = s
			}
			return "[" + strings.Join(list, ",") + "]", nil
		}
		if v.Type().Elem().Kind() != reflect.String {
			break
		}
		list := make([]string, v.Len()) // nil and empty both print as []
		for i := range list {
			list[i] = v.Index(i).String()
		}
		var sb strings.Builder
		enc := json.NewEncoder(&sb)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(list); err != nil {
			return "", err
		}
		// JSON escapes tabs, newlines and backslashes itself and a list
		// never reads as \N, so the array goes out verbatim.
		return strings.TrimSuffix(sb.String(), "\n"), nil
	}
	return "", fmt.Errorf("dump: unsupported column type %s", v.Type())
}

var tsvEscaper = strings.NewReplacer(`\`, `\\`, "\t", `\t`, "\n", `\n`, "\r", `\r`)

func escapeTSV(s string) string { return tsvEscaper.Replace(s) }

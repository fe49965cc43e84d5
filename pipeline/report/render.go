package report

import (
	_ "embed"
	"encoding/json"
	"html/template"
	"io"
)

// The page's parts. They hold no URL of any kind: the report must open from a
// mail attachment with no network.
var (
	//go:embed page.tmpl
	pageTmpl string
	//go:embed page.css
	pageCSS string
	//go:embed page.js
	pageJS string
)

var page = template.Must(template.New("page").Parse(pageTmpl))

// DataJSON is the data section exactly as embedded: compact JSON with <, >
// and & escaped (so no quote can close the script element), fields in struct
// order, slices sorted by Build, numbers written by Num.
func DataJSON(d *Data) ([]byte, error) { return json.Marshal(d) }

// Render writes the report as one self-contained HTML file with labels in
// lang ("en" or "nl").
func Render(w io.Writer, d *Data, lang string) error {
	l, err := labelsFor(lang)
	if err != nil {
		return err
	}
	data, err := DataJSON(d)
	if err != nil {
		return err
	}
	lj, err := json.Marshal(l)
	if err != nil {
		return err
	}
	return page.Execute(w, map[string]any{
		"Lang":   lang,
		"L":      l,
		"Data":   template.JS(data),
		"Labels": template.JS(lj),
		"CSS":    template.CSS(pageCSS),
		"JS":     template.JS(pageJS),
	})
}

package jtbd

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
)

// Opportunity is the ODI opportunity score of an outcome or job rated on a
// 0 to 10 scale: importance + max(importance - satisfaction, 0), from 0 to 20.
func Opportunity(importance, satisfaction float64) float64 {
	return importance + math.Max(importance-satisfaction, 0)
}

// Rating is the survey's verdict on one job or outcome: the mean importance
// and satisfaction of its rows on a 0 to 10 scale.
type Rating struct {
	ID           string // as written in the survey
	Importance   float64
	Satisfaction float64
	Opportunity  float64
	N            int   // rows averaged
	Lines        []int // CSV lines of those rows, for reports
}

// SurveyProblem is a survey row that could not be used.
type SurveyProblem struct {
	Line   int
	Reason string
}

// Survey column names, case-insensitive. The id column holds a job_id, an
// outcome_id, or a job or outcome statement as written in jobs.parquet or
// outcomes.parquet.
var (
	idColumns     = []string{"id", "job_id", "outcome_id", "outcome", "statement"}
	scaleNames    = []string{"0-10", "1-5", "percent"}
	errNoIDColumn = errors.New("survey: header needs an id column (id, job_id, outcome_id, outcome or statement), importance and satisfaction")
)

// ReadSurvey reads a CSV of ratings: a header with an id column, importance
// and satisfaction, and optionally scale. Scale says how a row is rated:
// "0-10" (the default), "1-5" (Likert; 1 maps to 0 and 5 to 10) or "percent"
// (top-2-box percentages as ODI reports them; 100 maps to 10). Rows of the
// same id are averaged. Rows that cannot be read are returned as problems
// with their line; the error is only for an unreadable file or header.
func ReadSurvey(r io.Reader) (map[string]*Rating, []SurveyProblem, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	head, err := cr.Read()
	if err != nil {
		return nil, nil, fmt.Errorf("survey: header: %w", err)
	}
	col := map[string]int{}
	for i, h := range head {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if _, dup := col[h]; !dup {
			col[h] = i
		}
	}
	idc := -1
	for _, n := range idColumns {
		if i, ok := col[n]; ok {
			idc = i
			break
		}
	}
	ic, iok := col["importance"]
	sc, sok := col["satisfaction"]
	if idc < 0 || !iok || !sok {
		return nil, nil, errNoIDColumn
	}
	scaleCol, hasScale := col["scale"]
	out := map[string]*Rating{}
	var probs []SurveyProblem
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				probs = append(probs, SurveyProblem{Line: pe.Line, Reason: pe.Err.Error()})
				continue
			}
			return nil, nil, fmt.Errorf("survey: %w", err)
		}
		line, _ := cr.FieldPos(0) // only valid after a record was read
		field := func(i int) string {
			if i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		id := field(idc)
		if id == "" {
			probs = append(probs, SurveyProblem{Line: line, Reason: "survey row without an id"})
			continue
		}
		scale := "0-10"
		if hasScale && field(scaleCol) != "" {
			scale = strings.ToLower(field(scaleCol))
		}
		imp, err1 := scaleValue(field(ic), scale)
		sat, err2 := scaleValue(field(sc), scale)
		if err := errors.Join(err1, err2); err != nil {
			probs = append(probs, SurveyProblem{Line: line, Reason: fmt.Sprintf("survey row %q: %v", id, err)})
			continue
		}
		key := SurveyKey(id)
		rt := out[key]
		if rt == nil {
			rt = &Rating{ID: id}
			out[key] = rt
		}
		// Running sums; divided once all rows are in.
		rt.Importance += imp
		rt.Satisfaction += sat
		rt.N++
		rt.Lines = append(rt.Lines, line)
	}
	for _, rt := range out {
		rt.Importance /= float64(rt.N)
		rt.Satisfaction /= float64(rt.N)
		rt.Opportunity = Opportunity(rt.Importance, rt.Satisfaction)
	}
	return out, probs, nil
}

// SurveyKey is how survey ids are compared with job ids, outcome ids and
// statements: trimmed, lowercase, inner spaces collapsed.
func SurveyKey(s string) string { return strings.Join(strings.Fields(strings.ToLower(s)), " ") }

func scaleValue(s, scale string) (float64, error) {
	v, err := strconv.ParseFloat(strings.TrimSuffix(s, "%"), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	switch scale {
	case "0-10":
		if v < 0 || v > 10 {
			return 0, fmt.Errorf("%v outside 0-10", v)
		}
		return v, nil
	case "1-5":
		if v < 1 || v > 5 {
			return 0, fmt.Errorf("%v outside 1-5", v)
		}
		return (v - 1) * 2.5, nil
	case "percent", "%":
		if v < 0 || v > 100 {
			return 0, fmt.Errorf("%v outside 0-100", v)
		}
		return v / 10, nil
	}
	return 0, fmt.Errorf("scale %q: want one of %v", scale, scaleNames)
}

// SortedKeys returns the ratings' keys in order, for deterministic reports.
func SortedKeys(m map[string]*Rating) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

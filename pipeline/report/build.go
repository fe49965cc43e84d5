package report

import (
	"container/heap"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"jobminer/pipeline/output"
)

// Defaults for Options.
const (
	DefaultMaxJobs   = 200
	DefaultMaxQuotes = 20
	maxRejectSamples = 50
	maxReasons       = 20
)

// forces in canonical order (record.Forces, as strings for the page).
var forces = []string{"struggle", "progress", "anxiety", "habit"}

// Options limits what is embedded. Totals are always over the whole dataset.
type Options struct {
	MaxJobs   int // top jobs by score; 0 means DefaultMaxJobs
	MaxQuotes int // evidence quotes per job; 0 means DefaultMaxQuotes
}

// docInfo is what a quote and the totals need from documents.parquet.
type docInfo struct {
	channel, language uint16 // indexes into builder.strs
	date              string // YYYY-MM-DD or ""
}

type builder struct {
	opts  Options
	strs  []string
	strIx map[string]uint16
	docs  map[string]docInfo
}

// Build reads the dataset once, streaming documents, mentions and rejects,
// and returns what the page embeds: the top MaxJobs jobs by score, each with
// at most MaxQuotes quotes, and totals over everything. Memory grows with the
// number of documents and jobs, not mentions.
func Build(d *Dataset, opts Options) (*Data, error) {
	if opts.MaxJobs <= 0 {
		opts.MaxJobs = DefaultMaxJobs
	}
	if opts.MaxQuotes <= 0 {
		opts.MaxQuotes = DefaultMaxQuotes
	}
	b := newBuilder(opts)
	data := &Data{Schema: 1, Limits: Limits{MaxJobs: opts.MaxJobs, MaxQuotes: opts.MaxQuotes}}
	b.manifests(d, &data.Overview)
	if err := b.documents(d, data); err != nil {
		return nil, err
	}
	if err := b.jobs(d, data); err != nil {
		return nil, err
	}
	if err := b.mentions(d, data); err != nil {
		return nil, err
	}
	if err := b.rejects(d, &data.Overview); err != nil {
		return nil, err
	}
	data.Facets.Forces = forces
	nonNil(data)
	return data, nil
}

// nonNil replaces nil slices by empty ones, so the page never meets a JSON
// null where it expects a list (a dataset without run.json has no runs).
func nonNil(d *Data) {
	ov := &d.Overview
	for _, p := range []*[]Count{&ov.InputFormats, &ov.RejectReasons, &ov.Lexicon.Files} {
		if *p == nil {
			*p = []Count{}
		}
	}
	if ov.Runs == nil {
		ov.Runs = []Run{}
	}
	if ov.DocGroups == nil {
		ov.DocGroups = []DocGroup{}
	}
	if ov.Forces == nil {
		ov.Forces = []ForceTotal{}
	}
	if ov.RejectSamples == nil {
		ov.RejectSamples = []Reject{}
	}
	for _, p := range []*[]string{&d.Facets.Languages, &d.Facets.Channels} {
		if *p == nil {
			*p = []string{}
		}
	}
}

// newBuilder interns "" as string 0, so the zero docInfo (a mention whose
// document is unknown) has no channel and no language.
func newBuilder(opts Options) *builder {
	return &builder{opts: opts, strs: []string{""}, strIx: map[string]uint16{"": 0}, docs: map[string]docInfo{}}
}

// intern keeps one copy of each channel and language name; past 65,535
// distinct names (not a real dataset) the rest read as "".
func (b *builder) intern(s string) uint16 {
	if i, ok := b.strIx[s]; ok {
		return i
	}
	if len(b.strs) == math.MaxUint16 {
		return 0
	}
	b.strs = append(b.strs, strings.Clone(s))
	b.strIx[b.strs[len(b.strs)-1]] = uint16(len(b.strs) - 1)
	return uint16(len(b.strs) - 1)
}

func (b *builder) manifests(d *Dataset, ov *Overview) {
	formats := map[string]int64{}
	lex := map[string]string{}
	mixed := false
	var redactions map[string]int64 // nil: no run recorded redaction
	for _, m := range d.Manifests {
		ov.Runs = append(ov.Runs, Run{
			ID: m.RunID, Version: m.Version, Status: m.ExitStatus,
			StartedAt: stamp(m.StartedAt), FinishedAt: stamp(m.FinishedAt),
		})
		for _, in := range m.Inputs {
			ov.Inputs++
			ov.InputBytes += in.Size
			formats[in.Format]++
		}
		for name, sum := range m.Lexicons {
			if old, ok := lex[name]; ok && old != sum {
				mixed = true
			}
			lex[name] = sum
		}
	}
	for _, r := range d.Redactions {
		if r == nil {
			continue
		}
		if redactions == nil {
			redactions = map[string]int64{}
		}
		if r.Enabled {
			ov.RedactedRuns++
		}
		if r.Pseudonymised {
			ov.PseudonymisedRuns++
		}
		for k, v := range r.Counts {
			redactions[k] += v
		}
	}
	ov.InputFormats = sortedCounts(formats, false)
	if redactions != nil {
		ov.Redactions = sortedCounts(redactions, false)
	}
	names := make([]string, 0, len(lex))
	for n := range lex {
		names = append(names, n)
	}
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		fmt.Fprintf(h, "%s %s\n", n, lex[n])
		ov.Lexicon.Files = append(ov.Lexicon.Files, Count{Name: n + " " + prefix(lex[n], 12)})
	}
	if len(names) > 0 {
		ov.Lexicon.Version = hex.EncodeToString(h.Sum(nil))[:12]
	}
	ov.Lexicon.Mixed = mixed
}

func (b *builder) documents(d *Dataset, data *Data) error {
	type gk struct{ ch, lang uint16 }
	groups := map[gk]*DocGroup{}
	for _, p := range d.Documents {
		err := eachRow(p.Path, func(r *output.DocumentRow) error {
			info := docInfo{channel: b.intern(r.Channel), language: b.intern(r.Language)}
			if r.CreatedAt != nil {
				info.date = r.CreatedAt.UTC().Format(time.DateOnly)
			}
			b.docs[strings.Clone(r.DocID)] = info
			g := groups[gk{info.channel, info.language}]
			if g == nil {
				g = &DocGroup{Channel: b.strs[info.channel], Language: b.strs[info.language]}
				groups[gk{info.channel, info.language}] = g
			}
			g.Documents++
			g.Utterances += int64(r.NUtterances)
			g.Mentions += int64(r.NMentions)
			data.Overview.Documents++
			data.Overview.Utterances += int64(r.NUtterances)
			return nil
		})
		if err != nil {
			return err
		}
	}
	langs, chans := map[string]bool{}, map[string]bool{}
	for _, g := range groups {
		data.Overview.DocGroups = append(data.Overview.DocGroups, *g)
		langs[g.Language], chans[g.Channel] = true, true
	}
	sort.Slice(data.Overview.DocGroups, func(i, j int) bool {
		a, c := data.Overview.DocGroups[i], data.Overview.DocGroups[j]
		if a.Channel != c.Channel {
			return a.Channel < c.Channel
		}
		return a.Language < c.Language
	})
	data.Facets.Languages = keys(langs)
	data.Facets.Channels = keys(chans)
	return nil
}

// jobs keeps the top MaxJobs by score (then rank, then id: a total order).
func (b *builder) jobs(d *Dataset, data *Data) error {
	var rows []output.JobRow
	for _, p := range d.Jobs {
		err := eachRow(p.Path, func(r *output.JobRow) error {
			data.Overview.Jobs++
			rows = append(rows, *r)
			// Keep memory bounded for huge job tables: trim to the top
			// MaxJobs whenever twice as many are held.
			if len(rows) >= 2*b.opts.MaxJobs+1024 {
				sortJobs(rows)
				rows = rows[:b.opts.MaxJobs]
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	sortJobs(rows)
	if len(rows) > b.opts.MaxJobs {
		rows = rows[:b.opts.MaxJobs]
	}
	langs := map[string]bool{}
	for _, l := range data.Facets.Languages {
		langs[l] = true
	}
	for i, r := range rows {
		j := Job{
			ID: r.JobID, Rank: i + 1, Statement: r.Statement, Language: r.Language, Key: r.Key,
			Score: Num(r.Score), Reach: Num(math.Log2(1 + float64(r.NRespondents))),
			Respondents: r.NRespondents, Documents: r.NDocuments, Mentions: r.NMentions,
			Struggle: Num(r.Struggle), Progress: Num(r.Progress), Anxiety: Num(r.Anxiety), Habit: Num(r.Habit),
			Channels: []string{}, Quotes: []Quote{},
		}
		if r.FirstSeen != nil {
			j.FirstSeen = r.FirstSeen.UTC().Format(time.DateOnly)
		}
		if r.LastSeen != nil {
			j.LastSeen = r.LastSeen.UTC().Format(time.DateOnly)
		}
		data.Jobs = append(data.Jobs, j)
		langs[r.Language] = true
	}
	if data.Jobs == nil {
		data.Jobs = []Job{}
	}
	data.Facets.Languages = keys(langs)
	data.Limits.JobsShown = len(data.Jobs)
	data.Limits.JobsTotal = data.Overview.Jobs
	return nil
}

func sortJobs(rows []output.JobRow) {
	sort.Slice(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		if a.Rank != b.Rank {
			return a.Rank < b.Rank
		}
		return a.JobID < b.JobID
	})
}

// candidate is a quote competing for one of a job's MaxQuotes places.
type candidate struct {
	evidence bool
	strength float64
	doc, id  string
	q        Quote
}

// better is the embedding order: evidence before negated or context
// mentions, then stronger (weight × intensity), then doc id, then mention id.
func better(a, b *candidate) bool {
	if a.evidence != b.evidence {
		return a.evidence
	}
	if a.strength != b.strength {
		return a.strength > b.strength
	}
	if a.doc != b.doc {
		return a.doc < b.doc
	}
	return a.id < b.id
}

// worstFirst is a heap whose root is the candidate to drop first.
type worstFirst []*candidate

func (h worstFirst) Len() int           { return len(h) }
func (h worstFirst) Less(i, j int) bool { return better(h[j], h[i]) }
func (h worstFirst) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *worstFirst) Push(x any)        { *h = append(*h, x.(*candidate)) }
func (h *worstFirst) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// micro is the fixed-point unit of weighted sums: integer millionths add up
// exactly, in any order.
const micro = 1e6

func (b *builder) mentions(d *Dataset, data *Data) error {
	byID := map[string]int{}
	for i, j := range data.Jobs {
		byID[j.ID] = i
	}
	heaps := make([]worstFirst, len(data.Jobs))
	chans := make([]map[uint16]bool, len(data.Jobs))
	type fk struct{ evidence, negated, context, weighted int64 }
	totals := map[string]*fk{}
	for _, f := range forces {
		totals[f] = &fk{}
	}
	type uk struct {
		doc string
		utt int32
	}
	utts := map[uk]struct{}{}
	// timeline: day (or run date) -> [count, micro-weight] per force
	periods := map[string]*[2][4]int64{}
	var undated int64
	runDates := map[string]bool{}
	for _, p := range d.Mentions {
		if rd := p.Partitions["run_date"]; rd != "" {
			runDates[rd] = true
		}
	}
	byRun := len(runDates) > 1
	for _, p := range d.Mentions {
		err := eachRow(p.Path, func(r *output.MentionRow) error {
			data.Overview.Mentions++
			t := totals[r.Force]
			if t == nil {
				t = &fk{}
				totals[r.Force] = t
			}
			doc := b.docs[r.DocID]
			evidence := !r.Negated && r.Context == ""
			strength := r.Weight * r.Intensity
			fi := forceIndex(r.Force)
			switch {
			case r.Negated:
				t.negated++
			case r.Context != "":
				t.context++
			default:
				t.evidence++
				t.weighted += int64(math.Round(strength * micro))
				if fi >= 0 {
					label := ""
					if byRun {
						label = p.Partitions["run_date"]
					} else if r.CreatedAt != nil {
						label = r.CreatedAt.UTC().Format(time.DateOnly)
					} else {
						label = doc.date // the utterance has no time of its own
					}
					if label == "" {
						undated++
					} else {
						pv := periods[label]
						if pv == nil {
							pv = &[2][4]int64{}
							periods[label] = pv
						}
						pv[0][fi]++
						pv[1][fi] += int64(math.Round(strength * micro))
					}
				}
			}
			k := uk{r.DocID, r.UtteranceIndex}
			if _, ok := utts[k]; !ok {
				k.doc = strings.Clone(k.doc)
				utts[k] = struct{}{}
			}
			if r.JobID == nil {
				return nil
			}
			ji, ok := byID[*r.JobID]
			if !ok {
				return nil
			}
			if chans[ji] == nil {
				chans[ji] = map[uint16]bool{}
			}
			chans[ji][doc.channel] = true
			data.Jobs[ji].QuotesTotal++
			c := &candidate{evidence: evidence, strength: strength, doc: r.DocID, id: r.MentionID}
			h := &heaps[ji]
			if h.Len() == b.opts.MaxQuotes && !better(c, (*h)[0]) {
				return nil
			}
			c.doc, c.id = strings.Clone(c.doc), strings.Clone(c.id)
			c.q = b.quote(r, doc)
			heap.Push(h, c)
			if h.Len() > b.opts.MaxQuotes {
				heap.Pop(h)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	data.Overview.UtterancesWithMention = int64(len(utts))
	names := keys(totals)
	sort.SliceStable(names, func(i, j int) bool { return forceOrder(names[i]) < forceOrder(names[j]) })
	for _, f := range names {
		t := totals[f]
		data.Overview.Forces = append(data.Overview.Forces, ForceTotal{
			Force: f, Evidence: t.evidence, Negated: t.negated, Context: t.context,
			Weighted: Num(float64(t.weighted) / micro),
		})
	}
	for i := range data.Jobs {
		cs := []*candidate(heaps[i])
		sort.Slice(cs, func(a, c int) bool { return better(cs[a], cs[c]) })
		for _, c := range cs {
			data.Jobs[i].Quotes = append(data.Jobs[i].Quotes, c.q)
		}
		data.Limits.QuotesShown += len(cs)
		data.Limits.QuotesTotal += data.Jobs[i].QuotesTotal
		var ch []string
		for c := range chans[i] {
			if b.strs[c] != "" {
				ch = append(ch, b.strs[c])
			}
		}
		sort.Strings(ch)
		if ch != nil {
			data.Jobs[i].Channels = ch
		}
	}
	data.Timeline = timeline(periods, byRun, undated)
	return nil
}

// timeline buckets day labels (or run dates) into periods: days for a span
// up to 62 days, ISO weeks up to half a year, months up to ten years, else
// years; periods without evidence inside the span are filled with zeros so
// the x axis is time, not a list of labels. It returns nil when there are
// fewer than two periods.
func timeline(days map[string]*[2][4]int64, byRun bool, undated int64) *Timeline {
	labels := keys(days)
	if len(labels) == 0 {
		return nil
	}
	unit := "run"
	bucket := func(t time.Time) string { return t.Format(time.DateOnly) }
	step := func(t time.Time) time.Time { return t.AddDate(0, 0, 1) }
	first, err1 := time.Parse(time.DateOnly, labels[0])
	last, err2 := time.Parse(time.DateOnly, labels[len(labels)-1])
	dated := err1 == nil && err2 == nil
	if !byRun && dated {
		span := last.Sub(first)
		switch {
		case span <= 62*24*time.Hour:
			unit = "day"
		case span <= 183*24*time.Hour:
			unit = "week"
			bucket = func(t time.Time) string {
				y, w := t.ISOWeek()
				return fmt.Sprintf("%d-W%02d", y, w)
			}
			step = func(t time.Time) time.Time { return t.AddDate(0, 0, 7) }
		case span <= 10*366*24*time.Hour:
			unit = "month"
			bucket = func(t time.Time) string { return t.Format("2006-01") }
			step = func(t time.Time) time.Time { return time.Date(t.Year(), t.Month()+1, 1, 0, 0, 0, 0, time.UTC) }
		default:
			unit = "year"
			bucket = func(t time.Time) string { return t.Format("2006") }
			step = func(t time.Time) time.Time { return time.Date(t.Year()+1, 1, 1, 0, 0, 0, 0, time.UTC) }
		}
	}
	sums := map[string]*[2][4]int64{}
	var order []string
	add := func(k string) *[2][4]int64 {
		if sums[k] == nil {
			sums[k] = &[2][4]int64{}
			order = append(order, k)
		}
		return sums[k]
	}
	if unit != "run" {
		for t := first; !t.After(last); t = step(t) {
			add(bucket(t))
		}
		add(bucket(last))
	}
	for _, l := range labels {
		k := l
		if unit != "run" {
			if t, err := time.Parse(time.DateOnly, l); err == nil {
				k = bucket(t)
			}
		}
		s := add(k)
		v := days[l]
		for i := range 4 {
			s[0][i] += v[0][i]
			s[1][i] += v[1][i]
		}
	}
	if len(order) < 2 {
		return nil
	}
	sort.Strings(order)
	tl := &Timeline{Unit: unit, Undated: undated}
	for _, k := range order {
		p := Period{Label: k}
		for i := range 4 {
			p.Count = append(p.Count, sums[k][0][i])
			p.Weighted = append(p.Weighted, Num(float64(sums[k][1][i])/micro))
		}
		tl.Periods = append(tl.Periods, p)
	}
	return tl
}

// quote makes the embedded form of a mention, splitting its sentence around
// the first occurrence of the matched words. match_start/end point into the
// utterance, not the sentence, so they cannot be used here.
func (b *builder) quote(r *output.MentionRow, doc docInfo) Quote {
	q := Quote{
		Force: r.Force, Term: r.Term, Negated: r.Negated, Context: r.Context,
		Strength: Num(r.Weight * r.Intensity), Role: r.Role, Language: r.Language,
		Source: r.Source, Line: r.Line, DocID: r.DocID, Before: r.Sentence,
		Channel: b.strs[doc.channel],
	}
	if q.Language == "" {
		q.Language = b.strs[doc.language]
	}
	if r.CreatedAt != nil {
		q.Date = r.CreatedAt.UTC().Format(time.DateOnly)
	} else {
		q.Date = doc.date
	}
	if r.Matched != "" {
		if i := strings.Index(r.Sentence, r.Matched); i >= 0 {
			q.Before, q.Match, q.After = r.Sentence[:i], r.Matched, r.Sentence[i+len(r.Matched):]
		}
	}
	q.Before, q.Match, q.After = strings.Clone(q.Before), strings.Clone(q.Match), strings.Clone(q.After)
	q.Force, q.Term, q.Context = strings.Clone(q.Force), strings.Clone(q.Term), strings.Clone(q.Context)
	q.Role, q.Language, q.Source, q.DocID = strings.Clone(q.Role), strings.Clone(q.Language), strings.Clone(q.Source), strings.Clone(q.DocID)
	return q
}

func (b *builder) rejects(d *Dataset, ov *Overview) error {
	reasons := map[string]int64{}
	for _, p := range d.Rejects {
		err := eachRow(p.Path, func(r *output.RejectRow) error {
			ov.Rejects++
			reasons[strings.Clone(reasonKind(r.Reason))]++
			if len(ov.RejectSamples) < maxRejectSamples {
				ov.RejectSamples = append(ov.RejectSamples, Reject{Source: strings.Clone(r.Source), Line: r.Line, Reason: strings.Clone(r.Reason)})
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	ov.RejectReasons = sortedCounts(reasons, true)
	if len(ov.RejectReasons) > maxReasons {
		ov.RejectReasons = ov.RejectReasons[:maxReasons]
	}
	if ov.RejectSamples == nil {
		ov.RejectSamples = []Reject{}
	}
	return nil
}

// reasonKind replaces each run of digits by N, so "row has 11 fields" and
// "row has 12 fields" count as one kind of reject.
func reasonKind(s string) string {
	var b strings.Builder
	digits := false
	for _, r := range s {
		if r >= '0' && r <= '9' {
			if !digits {
				b.WriteByte('N')
			}
			digits = true
			continue
		}
		digits = false
		b.WriteRune(r)
	}
	return b.String()
}

func forceIndex(f string) int {
	for i, g := range forces {
		if g == f {
			return i
		}
	}
	return -1
}

func forceOrder(f string) int {
	if i := forceIndex(f); i >= 0 {
		return i
	}
	return len(forces)
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func prefix(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// sortedCounts orders by count (descending) when byCount, else by name.
func sortedCounts(m map[string]int64, byCount bool) []Count {
	out := make([]Count, 0, len(m))
	for k, v := range m {
		out = append(out, Count{Name: k, Count: v})
	}
	sort.Slice(out, func(i, j int) bool {
		if byCount && out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Name < out[j].Name
	})
	return out
}

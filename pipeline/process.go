package pipeline

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"

	"jobminer/lexicon"
	"jobminer/pipeline/extract"
	"jobminer/pipeline/jobs"
	"jobminer/pipeline/jtbd"
	"jobminer/pipeline/output"
	"jobminer/pipeline/record"
	"jobminer/pipeline/tag"
	"jobminer/pipeline/text"
)

// Process runs the per-record stages on one document, in place: normalise
// the text, redact personal data and pseudonymise speakers (as st says),
// identify languages, find the sentences, tokens and stems of customer
// speech, tag forces, extract jobs. It is a pure function of (document,
// lexicon, stages): the Analyzer only caches words' forms and their keys in
// a Lang (each key tied to its Lang), so any worker may process any document.
//
// Agent and interviewer utterances keep their text and language but get no
// sentences or tokens: only customer speech is evidence, and every later
// stage skips the rest (Role.Evidence), so analysing it was wasted work.
//
// A customer utterance longer than text.MaxPart is cut into consecutive
// utterances (text.Parts), each with the speaker, role, line and time of
// the whole: the utterances after it are numbered on from its parts, and
// sentences and job ties do not cross a cut.
func Process(d *record.Document, a *text.Analyzer, lex *lexicon.Compiled, st Stages) {
	d.ID = DocID(d.Source)
	prepare(d, st)
	for i := range d.Utterances {
		analyse(d, i, a, lex)
	}
}

// ProcessRows is Process, Rows and Occurrences in one pass, for a caller
// that needs only the rows: it appends d's mention rows to ms, passes each
// occurrence to occ, and returns its document row and ms. Each utterance's
// sentences, tokens, mentions and jobs are dropped as soon as its rows and
// occurrences are made, and a is recycled, so a huge record takes memory
// for one part at a time: a's earlier results must not be in use. A d.ID
// set by the caller is kept (dataset ids); else it is DocID(d.Source).
//
// When ms holds FlushRows rows or more after an utterance and flush is not
// nil, ms is passed to flush, with every row complete, and continues as
// what flush returns (ms[:0] once it has written them out): a record's
// mention rows (each with a quote of up to 1 KB) need not all be held.
func ProcessRows(d *record.Document, a *text.Analyzer, lex *lexicon.Compiled, st Stages,
	ms []output.MentionRow, occ func(jobs.Occurrence), flush func([]output.MentionRow) []output.MentionRow) (output.DocumentRow, []output.MentionRow) {
	if d.ID == "" {
		d.ID = DocID(d.Source)
	}
	prepare(d, st)
	var rb rowBuilder
	rb.init(d, len(ms))
	var idBuf [32 * idLen]byte // most documents' ids fit: no heap buffer
	ids := idBuf[:0]
	for ui := range d.Utterances {
		analyse(d, ui, a, lex)
		ms, ids = rb.add(ms, ids, ui)
		utteranceOccurrences(d, ui, occ)
		u := &d.Utterances[ui]
		u.Sentences, u.Tokens, u.Mentions, u.Jobs, u.SentencePhases = nil, nil, nil, nil, nil
		a.Recycle()
		if flush != nil && len(ms) >= FlushRows {
			ids = rb.settle(ms, ids)
			ms = flush(ms)
			rb.from = len(ms)
		}
	}
	return rb.finish(ms, ids)
}

// FlushRows is how many mention rows ProcessRows gathers before it calls
// flush: some 20 MB at most (rows with 1 KB quotes), far more than a batch
// of ordinary records makes.
const FlushRows = 1 << 14

// prepare runs the document-wide stages: normalise, privacy, languages,
// and cuts long customer utterances into parts.
func prepare(d *record.Document, st Stages) {
	for i := range d.Utterances {
		u := &d.Utterances[i]
		u.Text, u.Asked = text.NormalizeAsked(u.Text)
	}
	st.privacy(d)
	if d.Language == "" {
		d.Language = st.Lang
	}
	text.DetectDocument(d)
	splitLong(d)
}

// analyse finds the sentences, tokens and stems of utterance ui, if it is
// customer speech, tags its forces and extracts its jobs.
func analyse(d *record.Document, ui int, a *text.Analyzer, lex *lexicon.Compiled) {
	u := &d.Utterances[ui]
	if !u.Role.Evidence() {
		u.Sentences, u.Tokens = nil, nil
		return
	}
	lang := u.Language
	if lang == "" {
		lang = d.Language
	}
	// The keys come from the Analyzer's word cache, made for l.
	l := lex.Lang(lang)
	keys := a.AnalyzeKeys(u, lang, l)
	tag.TagKeyed(u, l, keys)
	extract.JobsKeyed(u, l, keys)
}

// splitLong replaces each customer utterance longer than text.MaxPart by
// its text.Parts. It runs after DetectDocument, so the parts keep the
// language found for the whole.
func splitLong(d *record.Document) {
	n := 0
	for i := range d.Utterances {
		if u := &d.Utterances[i]; u.Role.Evidence() && len(u.Text) > text.MaxPart {
			n += len(text.Parts(u.Text)) - 1
		}
	}
	if n == 0 {
		return
	}
	us := make([]record.Utterance, 0, len(d.Utterances)+n)
	for _, u := range d.Utterances {
		if !u.Role.Evidence() || len(u.Text) <= text.MaxPart {
			us = append(us, u)
			continue
		}
		for j, p := range text.Parts(u.Text) {
			v := u
			v.Text = p
			if j > 0 {
				v.Asked = "" // the question is answered at the start
			}
			us = append(us, v)
		}
	}
	d.Utterances = us
}

// DocID is a document's stable id: the same file and record give the same id
// in every run.
func DocID(s record.Source) string {
	var buf [128]byte // most ids fit: hashing then needs no heap buffer
	b := append(append(append(buf[:0], "doc\x00"...), s.File...), 0)
	if s.RecordID != "" {
		b = append(b, s.RecordID...)
	} else {
		b = strconv.AppendInt(append(b, "line "...), int64(s.Line), 10)
	}
	var id [idLen]byte
	return string(appendID(id[:0], b))
}

// MentionID identifies a mention within its document.
func MentionID(docID string, utterance, mention int) string {
	var buf [idLen]byte
	return string(appendMentionID(buf[:0], docID, utterance, mention))
}

// idLen is the length of a document or mention id.
const idLen = 16

// appendMentionID appends MentionID(docID, utterance, mention) to dst.
func appendMentionID(dst []byte, docID string, utterance, mention int) []byte {
	var buf [64]byte
	b := append(append(append(buf[:0], "mention\x00"...), docID...), 0)
	b = append(strconv.AppendInt(b, int64(utterance), 10), 0)
	b = strconv.AppendInt(b, int64(mention), 10)
	return appendID(dst, b)
}

// appendID appends the id of the parts joined by NUL bytes in b: 16 hex
// digits of their sha256. Ids are written to every output, so b's layout
// must not change (TestIDsStable).
func appendID(dst, b []byte) []byte {
	sum := sha256.Sum256(b)
	return hex.AppendEncode(dst, sum[:idLen/2])
}

// Respondent says who an utterance counts as, for reach: the customer id
// where the export has one, else the speaker within the source file (two
// transcripts' "Klant" are different people), else the document. A speaker
// redacted to a placeholder ("[EMAIL]") no longer tells people apart, so
// the document stands in for them (--pseudonymise keeps them apart).
func Respondent(d *record.Document, u *record.Utterance) string {
	switch {
	case d.CustomerID != "":
		return "customer\x00" + d.CustomerID
	case u.Speaker != "" && !redactedSpeaker(u.Speaker):
		return "speaker\x00" + d.Source.File + "\x00" + strings.ToLower(u.Speaker)
	}
	return "doc\x00" + d.ID
}

// Occurrences returns the jobs found in d, each with the mentions tied to it.
func Occurrences(d *record.Document) []jobs.Occurrence {
	n := 0
	for ui := range d.Utterances {
		n += len(d.Utterances[ui].Jobs)
	}
	if n == 0 {
		return nil
	}
	out := make([]jobs.Occurrence, 0, n)
	for ui := range d.Utterances {
		utteranceOccurrences(d, ui, func(o jobs.Occurrence) { out = append(out, o) })
	}
	return out
}

// utteranceOccurrences passes the jobs of utterance ui of d to yield, in
// order, each with the mentions tied to it.
func utteranceOccurrences(d *record.Document, ui int, yield func(jobs.Occurrence)) {
	u := &d.Utterances[ui]
	if len(u.Jobs) == 0 {
		return
	}
	// Per utterance, not per job: the same for each of its jobs.
	resp, t := Respondent(d, u), utteranceTime(d, u)
	outcomes := JTBDLexicon().Outcomes(u, u.Language)
	st := jtbd.NewTeller(u, u.Language)
	for ji, j := range u.Jobs {
		o := jobs.Occurrence{
			Key: j.Key, Statement: j.Statement, Language: u.Language, DocID: d.ID,
			Respondent: resp, Time: t, Utterance: ui,
			Quote: quote(u.Text, u.Sentences[j.Sentence], j.Span), Phase: tag.PhaseOf(u, j.Sentence),
		}
		for _, mi := range st.Mentions(ji) {
			m := &u.Mentions[mi]
			if m.Context == "neutral" {
				continue
			}
			o.Mentions++
			if m.Counts() {
				jobs.AddForce(&o.Forces, m.Force, m.Weight, m.Intensity)
				jobs.AddSubForce(&o, m.SubForce, m.Weight, m.Intensity)
			}
		}
		addJTBD(&o, d, ui, ji, st, outcomes)
		yield(o)
	}
}

// redactedSpeaker reports whether a speaker holds a redaction placeholder.
func redactedSpeaker(s string) bool {
	return strings.Contains(s, "[EMAIL]") || strings.Contains(s, "[PHONE]")
}

func utteranceTime(d *record.Document, u *record.Utterance) time.Time {
	if !u.Time.IsZero() {
		return u.Time
	}
	return d.CreatedAt
}

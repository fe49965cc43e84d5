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
	"jobminer/pipeline/record"
	"jobminer/pipeline/tag"
	"jobminer/pipeline/text"
)

// Process runs the per-record stages on one document, in place: normalise
// the text, redact personal data and pseudonymise speakers (as st says),
// identify languages, find the sentences, tokens and stems of customer
// speech, tag forces, extract jobs. It is a pure function of (document,
// lexicon, stages): the Analyzer only caches stems, so any worker may
// process any document.
//
// Agent and interviewer utterances keep their text and language but get no
// sentences or tokens: only customer speech is evidence, and every later
// stage skips the rest (Role.Evidence), so analysing it was wasted work.
func Process(d *record.Document, a *text.Analyzer, lex *lexicon.Compiled, st Stages) {
	d.ID = DocID(d.Source)
	for i := range d.Utterances {
		d.Utterances[i].Text = text.Normalize(d.Utterances[i].Text)
	}
	st.privacy(d)
	text.DetectDocument(d)
	for i := range d.Utterances {
		u := &d.Utterances[i]
		if !u.Role.Evidence() {
			u.Sentences, u.Tokens = nil, nil
			continue
		}
		lang := u.Language
		if lang == "" {
			lang = d.Language
		}
		a.Analyze(u, lang)
		l := lex.Lang(lang)
		tag.Tag(u, l)
		extract.Jobs(u, l)
	}
}

// DocID is a document's stable id: the same file and record give the same id
// in every run.
func DocID(s record.Source) string {
	id := s.RecordID
	if id == "" {
		id = "line " + strconv.Itoa(s.Line)
	}
	return shortHash("doc", s.File, id)
}

// MentionID identifies a mention within its document.
func MentionID(docID string, utterance, mention int) string {
	return shortHash("mention", docID, strconv.Itoa(utterance), strconv.Itoa(mention))
}

func shortHash(parts ...string) string {
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(sum[:8])
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
	var out []jobs.Occurrence
	for ui := range d.Utterances {
		u := &d.Utterances[ui]
		for ji, j := range u.Jobs {
			o := jobs.Occurrence{
				Key: j.Key, Statement: j.Statement, Language: u.Language, DocID: d.ID,
				Respondent: Respondent(d, u), Time: utteranceTime(d, u), Utterance: ui,
				Quote: u.Sentences[j.Sentence].In(u.Text), Phase: tag.PhaseOf(u, j.Sentence),
			}
			for _, m := range u.Mentions {
				if m.Job != ji || m.Context == "neutral" {
					continue
				}
				o.Mentions++
				if m.Counts() {
					jobs.AddForce(&o.Forces, m.Force, m.Weight, m.Intensity)
					jobs.AddSubForce(&o, m.SubForce, m.Weight, m.Intensity)
				}
			}
			addJTBD(&o, d, ui, ji)
			out = append(out, o)
		}
	}
	return out
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

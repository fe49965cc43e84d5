package spillcodec

import "jobminer/pipeline/output"

// PutMention writes every field of m in declaration order; the round-trip
// tests of both spills (pipeline, pipeline/dataset) set every field.
func (e *Encoder) PutMention(m *output.MentionRow) {
	for _, s := range [...]string{m.MentionID, m.DocID, m.Speaker, m.Role, m.Language, m.Force, m.Term, m.Matched, m.Sentence} {
		e.PutString(s)
	}
	e.PutVarint(int64(m.UtteranceIndex))
	e.PutBool(m.Negated)
	e.PutFloat64(m.Intensity)
	e.PutOptString(m.JobID)
	e.PutTime(m.CreatedAt)
	e.PutFloat64(m.Weight)
	e.PutVarint(int64(m.MatchStart))
	e.PutVarint(int64(m.MatchEnd))
	e.PutString(m.Source)
	e.PutVarint(m.Line)
	e.PutString(m.Context)
	e.PutOptString(m.SubForce)
	e.PutOptString(m.Phase)
}

// ReadMention sets every field of m to what PutMention wrote. SubForce and
// Phase, which take a few values (the lexicon's), come from strs.
func (d *Decoder) ReadMention(m *output.MentionRow, strs *Interner) {
	for _, s := range [...]*string{&m.MentionID, &m.DocID, &m.Speaker, &m.Role, &m.Language, &m.Force, &m.Term, &m.Matched, &m.Sentence} {
		*s = d.ReadString()
	}
	m.UtteranceIndex = int32(d.ReadVarint())
	m.Negated = d.ReadBool()
	m.Intensity = d.ReadFloat64()
	m.JobID = nil
	if s, ok := d.ReadOptString(); ok {
		m.JobID = &s
	}
	m.CreatedAt = d.ReadTime()
	m.Weight = d.ReadFloat64()
	m.MatchStart = int32(d.ReadVarint())
	m.MatchEnd = int32(d.ReadVarint())
	m.Source = d.ReadString()
	m.Line = d.ReadVarint()
	m.Context = d.ReadString()
	m.SubForce = strs.get(d.readOptBytes())
	m.Phase = strs.get(d.readOptBytes())
}

// Interner hands out one pointer for each value of an optional string, so
// that the rows of a spill share them instead of allocating one a row. The
// zero Interner is ready to use; it keeps every value it was given.
type Interner struct{ m map[string]*string }

// get returns the pointer for the string b, nil when !ok. Only a value
// not seen before is allocated.
func (in *Interner) get(b []byte, ok bool) *string {
	if !ok {
		return nil
	}
	if p := in.m[string(b)]; p != nil {
		return p
	}
	if in.m == nil {
		in.m = map[string]*string{}
	}
	p := new(string(b))
	in.m[*p] = p
	return p
}

package jobs

import (
	"sort"

	"jobminer/pipeline/record"
)

// Sub-force totals and switch-timeline phases of a job. Both are maps summed
// key by key, so merging stays associative; maps are allocated on first use
// and emitted in a fixed order (sub-forces by name, phases in timeline order).

// AddSubForce adds a counting mention's weight × intensity to its sub-force's
// total, for callers building Occurrences; mentions without a sub-force add
// nothing.
func AddSubForce(o *Occurrence, subForce string, weight, intensity float64) {
	if subForce == "" {
		return
	}
	if o.SubForces == nil {
		o.SubForces = map[string]int64{}
	}
	o.SubForces[subForce] += Milli(weight * intensity)
}

func (p *Partial) addTimeline(subForces map[string]int64, phases map[string]int64) {
	for k, v := range subForces {
		if p.SubForces == nil {
			p.SubForces = map[string]int64{}
		}
		p.SubForces[k] += v
	}
	for k, v := range phases {
		if p.Phases == nil {
			p.Phases = map[string]int64{}
		}
		p.Phases[k] += v
	}
}

func (p *Partial) addOccurrenceTimeline(o Occurrence) {
	var ph map[string]int64
	if o.Phase != "" {
		ph = map[string]int64{o.Phase: 1}
	}
	p.addTimeline(o.SubForces, ph)
}

// subForceColumns returns the sub-forces by name and their totals in weight
// units.
func subForceColumns(m map[string]int64) (names []string, totals []float64) {
	for k := range m {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		totals = append(totals, float64(m[k])/1000)
	}
	return names, totals
}

// phaseColumns returns the phases in timeline order (unknown ones after,
// by name) and their occurrence counts.
func phaseColumns(m map[string]int64) (names []string, counts []int64) {
	for k := range m {
		names = append(names, k)
	}
	sort.Slice(names, func(i, j int) bool {
		a, b := record.PhaseIndex(names[i]), record.PhaseIndex(names[j])
		if a < 0 {
			a = len(record.Phases)
		}
		if b < 0 {
			b = len(record.Phases)
		}
		if a != b {
			return a < b
		}
		return names[i] < names[j]
	})
	for _, k := range names {
		counts = append(counts, m[k])
	}
	return names, counts
}

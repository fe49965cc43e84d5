package lexicon

import (
	"fmt"
	"strings"

	"jobminer/pipeline/record"
)

// SubForces is the closed set of sub-forces an entry may name, per force,
// each with one line of meaning (documented in README.md). A sub-force says
// what kind of push or pull a word speaks of, so that jobs can show "mostly a
// time problem" rather than only "much struggle". Progress has none yet.
var SubForces = map[record.Force][]SubForce{
	record.Struggle: {
		{"struggle/time", "it takes too long: waiting, slowness, delay, time lost"},
		{"struggle/effort", "it is too much work: manual steps, repetition, workarounds, hassle"},
		{"struggle/cost", "it costs too much: price, fees, charges, money lost"},
		{"struggle/reliability", "it fails: errors, crashes, outages, things that break or go missing"},
		{"struggle/fit", "it does not do what I need: a missing feature, the wrong tool for the job"},
		{"struggle/clarity", "I cannot understand it: confusion, unclear steps, not knowing where things are"},
		{"struggle/service", "nobody helps: no answer, being passed around, repeated contacts"},
	},
	record.Anxiety: {
		{"anxiety/cost", "fear of what it will cost: hidden fees, price rises, paying for nothing"},
		{"anxiety/social", "fear of what others will think or suffer: colleagues, customers, looking foolish"},
		{"anxiety/effort-to-switch", "fear of the switch itself: migration, learning, losing data or history on the way"},
		{"anxiety/uncertainty", "doubt whether it will work: risk, what-ifs, not knowing what one gets"},
		{"anxiety/security", "fear for safety of data and money: privacy, fraud, hacks"},
	},
	record.Habit: {
		{"habit/routine", "attachment to the current way: used to it, always done it so, a known process"},
		{"habit/postponing", "no time or priority to change now: later, too busy, some day"},
		{"habit/good-enough", "the current way works well enough: it does the job, no need to change"},
	},
}

// SubForce is one member of the closed sub-force set.
type SubForce struct {
	Name    string // force/kind, as written in lexicons and in mentions.sub_force
	Meaning string
}

// ValidSubForce reports whether name is a sub-force of force f.
func ValidSubForce(f record.Force, name string) bool {
	for _, s := range SubForces[f] {
		if s.Name == name {
			return true
		}
	}
	return false
}

func subForceError(f record.Force, name string) error {
	var names []string
	for _, s := range SubForces[f] {
		names = append(names, s.Name)
	}
	if len(names) == 0 {
		return fmt.Errorf("sub_force %q: force %s has no sub-forces", name, f)
	}
	return fmt.Errorf("sub_force %q: want one of %s", name, strings.Join(names, ", "))
}

// Phases are the switch-timeline phases a phase cue may name (record.Phases).
var Phases = record.Phases

// ValidPhase reports whether p is one of Phases.
func ValidPhase(p string) bool { return record.PhaseIndex(p) >= 0 }

package record

// Phases are the stages of the switch timeline, in order: when the customer
// first noticed the problem, looked around without acting, compared options,
// decided, used the new way for the first time, and lives with it. Mentions
// and utterances carry one of them, or "" where no cue says which.
var Phases = []string{"first_thought", "passive_looking", "active_looking", "deciding", "first_use", "ongoing_use"}

// PhaseIndex is p's position in Phases, or -1.
func PhaseIndex(p string) int {
	for i, q := range Phases {
		if q == p {
			return i
		}
	}
	return -1
}

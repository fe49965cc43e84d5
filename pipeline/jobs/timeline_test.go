package jobs

import (
	"reflect"
	"testing"
)

func tl(o Occurrence, phase string, subs map[string]int64) Occurrence {
	o.Phase, o.SubForces = phase, subs
	return o
}

var timelineSample = []Occurrence{
	tl(sample[0], "first_thought", map[string]int64{"struggle/time": 1000}),
	tl(sample[1], "", nil),
	tl(sample[2], "deciding", map[string]int64{"struggle/effort": 1500, "anxiety/cost": 500}),
	tl(sample[3], "ongoing_use", map[string]int64{"struggle/time": 250}),
	tl(sample[4], "first_thought", map[string]int64{"struggle/time": 700, "habit/routine": 600}),
	tl(sample[5], "active_looking", nil),
}

// TestTimelineColumns: a job's sub-force totals and phase counts sum over its
// cluster, sub-forces come out by name and phases in timeline order, and
// every way of splitting and merging gives the same result.
func TestTimelineColumns(t *testing.T) {
	want, _ := build(timelineSample).Finalize()
	var excel *Candidate
	for i := range want {
		if want[i].Key == "excel export invoic" {
			excel = &want[i]
		}
	}
	if excel == nil {
		t.Fatalf("no excel job in %+v", want)
	}
	if !reflect.DeepEqual(excel.SubForces, []string{"anxiety/cost", "habit/routine", "struggle/effort", "struggle/time"}) ||
		!reflect.DeepEqual(excel.SubForceTotals, []float64{0.5, 0.6, 1.5, 1.7}) {
		t.Errorf("sub-forces %v %v", excel.SubForces, excel.SubForceTotals)
	}
	if !reflect.DeepEqual(excel.Phases, []string{"first_thought", "deciding"}) || !reflect.DeepEqual(excel.PhaseCounts, []int64{2, 1}) {
		t.Errorf("phases %v %v", excel.Phases, excel.PhaseCounts)
	}
	for _, parts := range [][][]Occurrence{
		{timelineSample[:2], timelineSample[2:]},
		{timelineSample[5:], timelineSample[3:5], timelineSample[1:3], timelineSample[:1]},
	} {
		a := New()
		for _, p := range parts {
			a.Merge(build(p))
		}
		if got, _ := a.Finalize(); !reflect.DeepEqual(got, want) {
			t.Errorf("merged result differs:\n got %+v\nwant %+v", got, want)
		}
	}
}

func TestAddSubForce(t *testing.T) {
	var o Occurrence
	AddSubForce(&o, "", 1, 1)
	if o.SubForces != nil {
		t.Errorf("a mention without a sub-force allocated %v", o.SubForces)
	}
	AddSubForce(&o, "struggle/time", 1.5, 1.3)
	AddSubForce(&o, "struggle/time", 1, 1)
	if o.SubForces["struggle/time"] != 2950 {
		t.Errorf("got %v, want 2950 thousandths", o.SubForces)
	}
}

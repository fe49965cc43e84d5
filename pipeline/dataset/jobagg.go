package dataset

import (
	"jobminer/pipeline"
	"jobminer/pipeline/jobs"
)

// jobAgg is a job aggregate that moves itself to a spill (pipeline/jobs
// spill.go) once it has taken budget occurrences, as pipeline.Run's
// workers do, so the reduce's memory is bounded whatever the dataset.
type jobAgg struct {
	agg       *jobs.Aggregate
	spill     *jobs.Spill
	dir, name string
	taken     int
	budget    int
}

func newJobAgg(dir, name string, budget int) *jobAgg {
	return &jobAgg{agg: jobs.New(), dir: dir, name: name, budget: budget}
}

func (j *jobAgg) add(oc jobs.Occurrence) {
	j.agg.Add(oc)
	j.taken++
}

// check spills the aggregate when it is over its budget.
func (j *jobAgg) check() error {
	if j.taken < j.budget {
		return nil
	}
	j.taken = 0
	if j.spill == nil {
		var err error
		if j.spill, err = jobs.NewSpill(j.dir, j.name, jobSpillParts); err != nil {
			return err
		}
	}
	return j.spill.Write(j.agg)
}

// finalize clusters and scores the union of the aggregates; from the spills
// when any spilled, which gives the same jobs.
func finalize(dir string, js []*jobAgg) ([]jobs.Candidate, map[string]string, error) {
	var spills []*jobs.Spill
	var rest []*jobs.Aggregate
	for _, j := range js {
		if j.spill != nil {
			spills = append(spills, j.spill)
		}
		rest = append(rest, j.agg)
	}
	if len(spills) > 0 {
		return jobs.FinalizeSpilled(dir, spills, rest, pipeline.Canon)
	}
	agg := rest[0]
	for _, r := range rest[1:] {
		agg.Merge(r)
	}
	agg.Canon = pipeline.Canon // as a one-off run clusters
	cands, ids := agg.Finalize()
	return cands, ids, nil
}

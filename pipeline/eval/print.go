package eval

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"jobminer/pipeline/record"
)

// Print writes the report as tables for a terminal. With errors, every miss
// and false hit follows with its text.
func (r *Report) Print(w io.Writer, errors bool) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "lang\tforce\tTP\tFP\tFN\tprecision\trecall\tF1\t\n")
	for _, l := range r.Languages {
		for _, f := range record.Forces {
			c := l.Forces[string(f)]
			fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%.3f\t%.3f\t%.3f\t\n", l.Lang, f, c.TP, c.FP, c.FN, c.Precision(), c.Recall(), c.F1())
		}
		c := l.Micro
		fmt.Fprintf(tw, "%s\tmicro\t%d\t%d\t%d\t%.3f\t%.3f\t%.3f\t\n", l.Lang, c.TP, c.FP, c.FN, c.Precision(), c.Recall(), c.F1())
		fmt.Fprintf(tw, "%s\tmacro F1\t\t\t\t\t\t%.3f\t\n", l.Lang, l.MacroF1)
	}
	tw.Flush()
	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "lang\trecords\tgold jobs\tfound\tjob rate\tleaks\tconfusion (gold->tagged)\t\n")
	for _, l := range r.Languages {
		var conf []string
		for _, k := range sortedKeys(l.Confusion) {
			conf = append(conf, fmt.Sprintf("%s %d", k, l.Confusion[k]))
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%.3f\t%d\t%s\t\n", l.Lang, l.Records, l.GoldJobs, l.JobsFound, l.JobRate(), l.Leaks, strings.Join(conf, ", "))
	}
	tw.Flush()
	// Production rates only: the gold set labels neither phases nor sub-forces.
	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "lang\tcustomer utt.\twith phase\tshare\tS/A/H mentions\twith sub-force\tshare\tphases\t\n")
	for _, l := range r.Languages {
		var ph []string
		for _, p := range record.Phases {
			if n := l.Phases[p]; n > 0 {
				ph = append(ph, fmt.Sprintf("%s %d", p, n))
			}
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.3f\t%d\t%d\t%.3f\t%s\t\n", l.Lang, l.Customer, l.WithPhase, l.PhaseRate(),
			l.SubForceable, l.WithSubForce, l.SubForceRate(), strings.Join(ph, ", "))
	}
	tw.Flush()
	if len(r.Entries) > 0 {
		fmt.Fprintln(w)
		r.printEntries(w)
	}
	if !errors {
		return
	}
	fmt.Fprintln(w)
	for _, e := range r.Errors {
		switch e.Kind {
		case "job-miss":
			fmt.Fprintf(w, "%s [%s] job-miss want %q got %q: %s\n", e.ID, e.Lang, e.Want, e.Got, e.Text)
		default:
			fmt.Fprintf(w, "%s [%s] %s %s: %s  {%s}\n", e.ID, e.Lang, e.Kind, e.Force, e.Text, e.Got)
		}
	}
}

// printEntries writes the entries table, worst first (Report.Entries).
func (r *Report) printEntries(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "entry\tforce\trecords\tright\twrong\tprecision\talone right\talone wrong\t  alone wrong in\n")
	for _, e := range r.Entries {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%.3f\t%d\t%d\t  %s\n", e.Entry, e.Force, e.Right+e.Wrong, e.Right, e.Wrong,
			ratio(e.Right, e.Right+e.Wrong, false), e.AloneRight, e.AloneWrong, strings.Join(e.AloneWrongIDs, " "))
	}
	tw.Flush()
}

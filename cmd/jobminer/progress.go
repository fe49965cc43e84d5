package main

import (
	"io"
	"os"

	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"
	"golang.org/x/term"
)

// showProgress decides whether to draw a bar: only for a person watching a
// terminal, never in a scheduler's log.
func showProgress(mode string, stderr io.Writer) bool {
	switch mode {
	case "always":
		return true
	case "never":
		return false
	}
	f, ok := stderr.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// bar is a pipeline.Progress drawn with mpb, a maintained multi-bar library.
type bar struct {
	out io.Writer
	p   *mpb.Progress
	b   *mpb.Bar
}

func newBar(out io.Writer) *bar { return &bar{out: out} }

func (b *bar) Start(total int64) {
	// AutoRefresh: mpb only redraws on its own when it sees a terminal, and
	// --progress always must draw into a pipe or file too.
	b.p = mpb.New(mpb.WithOutput(b.out), mpb.WithWidth(40), mpb.WithAutoRefresh())
	b.b = b.p.AddBar(total,
		mpb.PrependDecorators(decor.Name("reading "), decor.CountersKibiByte("% .1f / % .1f")),
		mpb.AppendDecorators(decor.Percentage(), decor.Name(" "), decor.AverageSpeed(decor.SizeB1024(0), "% .1f")),
	)
}

func (b *bar) Advance(n int64, docs int) { b.b.IncrInt64(n) }

func (b *bar) Finish() {
	b.b.SetTotal(-1, true)
	b.p.Wait()
}

package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"jobminer/pipeline/qda"
	"jobminer/pipeline/redact"
)

func cmdExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("export", "export --refi-qda DIR -o project.qdpx [--input IN]... [--codebook-only]", stderr)
	dir := fs.String("refi-qda", "", "write the run in output folder DIR as a REFI-QDA project (ATLAS.ti, NVivo, MAXQDA, QualCoder)")
	out := fs.String("o", "", "the file to write (default project.qdpx, or codebook.qdc with --codebook-only)")
	fs.StringVar(out, "out", "", "same as -o")
	codebookOnly := fs.Bool("codebook-only", false, "write only the codebook (forces, sub-forces, jobs) as a .qdc file")
	var inputs listFlag
	fs.Var(&inputs, "input", "an input file or folder of the run, re-read for the source texts (repeatable; default: the inputs run.json records)")
	keyFile := fs.String("pseudonym-key-file", "", "FILE holding the key of a run made with --pseudonymise (or set $"+redact.KeyEnv+")")
	name := fs.String("name", "", "project name shown by the QDA tool (default \"jobminer evidence\")")
	onlyCoded := fs.Bool("only-coded", false, "leave out documents without a coded segment")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageErr("unexpected argument %q (the output folder goes after --refi-qda)", pos[0])
	}
	if *dir == "" {
		return usageErr("--refi-qda DIR is required: the output folder of a run")
	}
	if *out == "" {
		*out = "project.qdpx"
		if *codebookOnly {
			*out = "codebook.qdc"
		}
	}
	o := qda.Options{Out: *dir, Inputs: inputs, Name: *name, Origin: "jobminer " + version, OnlyCoded: *onlyCoded}
	if *codebookOnly {
		var st qda.Stats
		err := writeAtomic(*out, func(w io.Writer) (err error) {
			st, err = qda.ExportCodebook(w, o)
			return err
		})
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%d codes -> %s\n", st.Codes, *out)
		return nil
	}
	if *keyFile != "" || os.Getenv(redact.KeyEnv) != "" {
		if o.PseudonymKey, err = redact.LoadKey(*keyFile, os.Getenv); err != nil {
			return usageErr("%v", err)
		}
	}
	var st qda.Stats
	err = writeAtomic(*out, func(w io.Writer) (err error) {
		st, err = qda.ExportProject(ctx, w, o)
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d sources, %d coded segments (%d codings, %d codes; %d negated or non-evidence mentions left uncoded) -> %s\n",
		st.Sources, st.Segments, st.Codings, st.Codes, st.Skipped, *out)
	return nil
}

// writeAtomic writes path through a temporary file in the same folder and
// renames it into place only when write succeeds, so a failed export never
// leaves a half-written project behind.
func writeAtomic(path string, write func(io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer os.Remove(tmp) // no-op after the rename
	bw := bufio.NewWriterSize(f, 1<<16)
	if err := write(bw); err != nil {
		f.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return err
	}
	if err := f.Chmod(0o644); err != nil { // CreateTemp makes it private
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

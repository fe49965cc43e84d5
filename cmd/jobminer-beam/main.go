// Command jobminer-beam runs the stages of `jobminer run` as an Apache Beam
// pipeline, for inputs too large for one machine. It runs locally on Beam's
// prism runner by default; the README's "Scaling out" section gives the
// flags for Flink, Spark and Dataflow.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/gcs"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/memfs"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/s3"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx"

	"jobminer/pipeline/ingest"
	"jobminer/pipeline/redact"
)

const version = "dev"

type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

type mapFlag map[string]string

func (m mapFlag) String() string { return fmt.Sprint(map[string]string(m)) }
func (m mapFlag) Set(v string) error {
	k, val, ok := strings.Cut(v, "=")
	if !ok || k == "" || val == "" {
		return fmt.Errorf("want FIELD=COLUMN, got %q", v)
	}
	m[k] = val
	return nil
}

func main() {
	out := flag.String("out", "", "output folder (required): local, gs://, s3://")
	format := flag.String("format", "", "read every input as this format instead of detecting it")
	encoding := flag.String("encoding", "", "read every input in this encoding instead of sniffing it")
	shards := flag.Int("shards", 4, "files per sharded table (documents/, mentions/)")
	noRedact := flag.Bool("no-redact", false, "keep personal data in the text; redacted by default")
	pseudonymise := flag.Bool("pseudonymise", false, "replace speaker names with keyed pseudonyms (key from --pseudonym-key-file or $"+redact.KeyEnv+"; it travels in the pipeline definition)")
	keyFile := flag.String("pseudonym-key-file", "", "FILE holding the pseudonym key")
	maps := mapFlag{}
	flag.Var(maps, "map", "FIELD=COLUMN, as for jobminer run (repeatable)")
	var interviewers, customers, agents, lexicons listFlag
	flag.Var(&interviewers, "interviewer", "speaker NAME is an interviewer (repeatable)")
	flag.Var(&customers, "customer", "speaker NAME, e-mail or @domain is a customer (repeatable)")
	flag.Var(&agents, "agent", "speaker NAME, e-mail or @domain is an agent (repeatable)")
	flag.Var(&lexicons, "lexicon", "lexicon FILE adding or overriding entries (repeatable)")
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "Usage: jobminer-beam --out DIR [flags] [--runner prism|flink|spark|dataflow ...] INPUT...\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	beam.Init()
	if *out == "" || flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	c := Config{Inputs: flag.Args(), Out: *out, Shards: *shards, NoRedact: *noRedact, Lexicons: lexicons, Version: version,
		Ingest: ingest.Options{Map: maps, Interviewers: interviewers, Customers: customers, Agents: agents, Format: *format, Encoding: *encoding}}
	if err := c.Ingest.Validate(); err != nil {
		fail(err)
	}
	if *pseudonymise {
		key, err := redact.LoadKey(*keyFile, os.Getenv)
		if err != nil {
			fail(err)
		}
		c.PseudonymKey = key
	}
	c.Settings = map[string]any{
		"inputs": c.Inputs, "format": *format, "map": map[string]string(maps),
		"interviewer": []string(interviewers), "customer": []string(customers), "agent": []string(agents),
		"encoding": *encoding, "lexicon": []string(lexicons), "redact": !*noRedact, "pseudonymise": *pseudonymise,
		"shards": *shards,
	}
	ctx := context.Background()
	p, err := Build(ctx, c)
	if err != nil {
		fail(err)
	}
	res, err := beamx.RunWithMetrics(ctx, p)
	if err != nil {
		fail(err)
	}
	if res != nil {
		for _, r := range res.Metrics().AllMetrics().Counters() {
			if r.Key.Namespace == "jobminer" {
				fmt.Printf("%s %d\n", r.Key.Name, r.Result())
			}
		}
	}
	fmt.Printf("-> %s\n", *out)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "jobminer-beam:", err)
	os.Exit(1)
}

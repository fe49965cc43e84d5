package output

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDump(t *testing.T) {
	dir := t.TempDir()
	writeSample(t, dir, Options{})
	tests := []struct {
		name string
		file string
		want string
	}{
		{"rejects", RejectsFile, "source\tline\trecord_id\treason\n" +
			"tickets/2026-11.csv\t17\tT-17\trow has 3 fields, header has 5\n" +
			"chats/ru.jsonl\t0\t\tinvalid UTF-8 in field \"text\"\n"},
		{"documents: NULL timestamp, zone converted to UTC", DocumentsFile,
			"doc_id\tsource\trecord_id\tchannel\tformat\tlanguage\tcreated_at\tn_utterances\tn_mentions\n" +
				"d1\ttickets/2026-11.csv\tT-1\tticket\tcsv\tnl\t2026-11-22T09:30:15.123Z\t3\t2\n" +
				"d2\tinterviews/anna.txt\t\tinterview\ttranscript\ten\t\\N\t40\t0\n" +
				"d3\tchats/ru.jsonl\tид-7\tchat\tjsonl\tru\t1999-12-31T21:59:59Z\t1\t1\n"},
		{"jobs: lists as JSON, empty and nil lists as []", JobsFile,
			"job_id\tstatement\tlanguage\tn_mentions\tn_documents\tn_respondents\tstruggle\tprogress\tanxiety\thabit\tscore\tfirst_seen\tlast_seen\texamples\texample_doc_ids\tkey\trank" +
				"\tjob_story\tjob_story_mention_ids\tlanguages\tstatements\timportance\tsatisfaction\topportunity\tscore_kind" +
				"\tsub_forces\tsub_force_totals\tphases\tphase_counts\n" +
				"j1\tfacturen naar Excel exporteren\tnl\t12\t5\t4\t3.5\t1.25\t0\t0.1\t4.85\t2026-01-02T03:04:05.006Z\t2026-11-22T09:30:15.123Z\t" +
				`["Ik wil mijn facturen naar Excel exporteren","zonder \"gedoe\"\\","tab\there"]` + "\t" + `["d1","d1","d2"]` + "\texcel export factur\t1" +
				"\tAls ik alles overtyp, wil ik facturen naar Excel exporteren, zodat de boekhouder klaar is\t" + `["m1","m2"]` + "\t" + `["nl","en"]` +
				"\t" + `["facturen naar Excel exporteren","export invoices to Excel"]` + "\t8.5\t3\t14\tsurvey" +
				"\t" + `["struggle/effort","struggle/time"]` + "\t[2.25,1.25]\t" + `["first_thought","deciding"]` + "\t[3,1]\n" +
				"j2\tперейти на новую систему\tru\t1\t1\t1\t0\t0\t0\t0\t-0.5\t\\N\t\\N\t[]\t[]\tнов перейт систем\t2\t\\N\t[]\t[]\t[]\t\\N\t\\N\t\\N\ttext\t[]\t[]\t[]\t[]\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var sb strings.Builder
			if err := Dump(&sb, filepath.Join(dir, tt.file)); err != nil {
				t.Fatal(err)
			}
			if sb.String() != tt.want {
				t.Errorf("Dump:\n%s\nwant:\n%s", sb.String(), tt.want)
			}
		})
	}
}

func TestDumpMentionsEscapesAndNulls(t *testing.T) {
	dir := t.TempDir()
	writeSample(t, dir, Options{})
	var sb strings.Builder
	if err := Dump(&sb, filepath.Join(dir, MentionsFile)); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(sb.String(), "\n"), "\n")
	if len(lines) != 1+len(sampleMentions()) {
		t.Fatalf("%d lines, want header + %d rows (a raw newline leaked?):\n%s", len(lines), len(sampleMentions()), sb.String())
	}
	header := strings.Split(lines[0], "\t")
	m2 := strings.Split(lines[2], "\t")
	if len(m2) != len(header) {
		t.Fatalf("row has %d cells, header %d (a raw tab leaked?)", len(m2), len(header))
	}
	cell := map[string]string{}
	for i, h := range header {
		cell[h] = m2[i]
	}
	want := map[string]string{
		"sentence":   `Ik ben bang dat ik\tdata kwijtraak.\nEcht.`,
		"job_id":     `\N`,
		"created_at": `\N`,
		"negated":    "true",
		"line":       "1099511627776",
	}
	for k, v := range want {
		if cell[k] != v {
			t.Errorf("%s = %q, want %q", k, cell[k], v)
		}
	}
}

func TestDumpRejectsForeignFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.parquet")
	type other struct {
		A string `parquet:"a"`
	}
	if err := writeParquetFile(path, []other{{A: "x"}}); err != nil {
		t.Fatal(err)
	}
	if err := Dump(&strings.Builder{}, path); err == nil {
		t.Error("Dump of a non-jobminer table succeeded")
	}
	notParquet := filepath.Join(t.TempDir(), "y.parquet")
	os.WriteFile(notParquet, []byte("hello"), 0o644)
	if err := Dump(&strings.Builder{}, notParquet); err == nil {
		t.Error("Dump of a non-Parquet file succeeded")
	}
}

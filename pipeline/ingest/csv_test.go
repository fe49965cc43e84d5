package ingest

import (
	"testing"
)

func TestReadCSV(t *testing.T) {
	tests := []struct {
		name  string
		input string
		opts  Options
		want  []string
	}{
		{
			name:  "aliases, case-insensitive",
			input: "Ticket_ID,Author,Speaker_Role,Language,Body\nT1,Jan,Klant,Dutch,De app crasht\n",
			want:  []string{"doc 2 id=T1 ch=other lang=nl", "  2 Jan/customer/nl: De app crasht"},
		},
		{
			name:  "alias priority: text before body whatever the column order",
			input: "body,text\nnot this,this\n",
			want:  []string{"doc 2 id= ch=other lang=", "  2 /unknown/: this"},
		},
		{
			name:  "--map override with ; and Dutch headers",
			input: "Nr;Wie;Beschrijving;Text\n7;Els;Mijn pakket is kwijt;ignored\n",
			opts:  Options{Map: map[string]string{"text": "beschrijving", "speaker": "WIE", "id": "Nr"}},
			want:  []string{"doc 2 id=7 ch=other lang=", "  2 Els/unknown/: Mijn pakket is kwijt"},
		},
		{
			name:  "--map naming a missing column rejects the header",
			input: "id,text\n1,hoi\n",
			opts:  Options{Map: map[string]string{"text": "omschrijving"}},
			want:  []string{`reject 1: --map text=omschrijving: no column "omschrijving" in the header`},
		},
		{
			name:  "--map with an unknown field rejects the header",
			input: "id,text\n1,hoi\n",
			opts:  Options{Map: map[string]string{"tekst": "text"}},
			want:  []string{`reject 1: --map tekst=text: unknown field "tekst" (known: id, text, speaker, role, channel, lang, created_at, updated_at, customer_id, conversation_id, subject)`},
		},
		{
			name:  "no text column: one reject, no documents",
			input: "\n\nid,subject\n1,Factuur\n2,Inlog\n",
			want:  []string{"reject 3: " + noTextReason("column")},
		},
		{
			name: "role and language normalisation",
			input: "role,lang,text\nMedewerker,EN,a\n KLANT ,en_US,b\nend-user,Engels,c\nQ,русский,d\nAgent 2,xx,e\n,,f\n" +
				"respondent,nl-BE,g\nbot,Nederlands,h\nsomething,,i\n",
			want: []string{
				"doc 2 id= ch=other lang=en", "  2 /agent/en: a",
				"doc 3 id= ch=other lang=en", "  3 /customer/en: b",
				"doc 4 id= ch=other lang=en", "  4 /customer/en: c",
				"doc 5 id= ch=other lang=ru", "  5 /interviewer/ru: d",
				"doc 6 id= ch=other lang=", "  6 /agent/: e",
				"doc 7 id= ch=other lang=", "  7 /unknown/: f",
				"doc 8 id= ch=other lang=nl", "  8 /customer/nl: g",
				"doc 9 id= ch=other lang=nl", "  9 /agent/nl: h",
				"doc 10 id= ch=other lang=", "  10 /unknown/: i",
			},
		},
		{
			name:  "--interviewer names override the role column",
			input: "speaker,role,text\nAnna,,Hoe gaat het?\nanna ,customer,Nog een vraag\nBob,,Goed\n",
			opts:  Options{Interviewers: []string{"ANNA"}},
			want: []string{
				"doc 2 id= ch=other lang=", "  2 Anna/interviewer/: Hoe gaat het?",
				"doc 3 id= ch=other lang=", "  3 anna/interviewer/: Nog een vraag",
				"doc 4 id= ch=other lang=", "  4 Bob/unknown/: Goed",
			},
		},
		{
			name:  "ragged rows are rejected with their line, the rest goes on",
			input: "id,speaker,text\n1,a,one\n2,b,two,extra\n3,c\n4,d,four\n",
			want: []string{
				"doc 2 id=1 ch=other lang=", "  2 a/unknown/: one",
				"reject 3: row has 4 fields, header has 3",
				"reject 4: row has 2 fields, header has 3",
				"doc 5 id=4 ch=other lang=", "  5 d/unknown/: four",
			},
		},
		{
			name:  "quoted multi-line field keeps line numbers",
			input: "id,text\n1,\"first line\nsecond, with comma\n\nfourth \"\"quoted\"\"\"\n2,after\n",
			want: []string{
				"doc 2 id=1 ch=other lang=", "  2 /unknown/: first line\nsecond, with comma\n\nfourth \"quoted\"",
				"doc 6 id=2 ch=other lang=", "  6 /unknown/: after",
			},
		},
		{
			name:  "BOM and CRLF",
			input: "\ufeffid,text\r\n1,hallo\r\n2,\"twee\r\nregels\"\r\n",
			want: []string{
				"doc 2 id=1 ch=other lang=", "  2 /unknown/: hallo",
				"doc 3 id=2 ch=other lang=", "  3 /unknown/: twee\nregels",
			},
		},
		{
			name:  "; delimiter sniffed, commas stay in the text",
			input: "id;text\n1;Ja, dat klopt, maar\n",
			want:  []string{"doc 2 id=1 ch=other lang=", "  2 /unknown/: Ja, dat klopt, maar"},
		},
		{
			name:  "tab delimiter",
			input: "id\ttext\n1\ttab, separated; text\n",
			want:  []string{"doc 2 id=1 ch=other lang=", "  2 /unknown/: tab, separated; text"},
		},
		{
			name:  "| delimiter, quoted header",
			input: "\"id\"|\"text|body\"|text\n1|x|pipe\n",
			want:  []string{"doc 2 id=1 ch=other lang=", "  2 /unknown/: pipe"},
		},
		{
			name: "conversation grouping of consecutive rows, rejects inside come after the document",
			input: "conversation_id,role,lang,text\nc1,customer,nl,Hoi\nc1,agent,nl,Hallo\n,customer,nl,los\n" +
				"c2,customer,en,Hi\nc2,agent,en,   \nc2,agent,nl,Hoi\nc1,customer,nl,again\n",
			want: []string{
				"doc 2 id=c1 ch=other lang=nl", "  2 /customer/nl: Hoi", "  3 /agent/nl: Hallo",
				"doc 4 id= ch=other lang=nl", "  4 /customer/nl: los",
				"doc 5 id=c2 ch=other lang=", "  5 /customer/en: Hi", "  7 /agent/nl: Hoi",
				"reject 6: empty text",
				"doc 8 id=c1 ch=other lang=nl", "  8 /customer/nl: again",
			},
		},
		{
			name:  "channel values",
			input: "channel,text\nE-mail,a\nWhatsApp,b\ninterview,c\nfax,d\n,e\n",
			want: []string{
				"doc 2 id= ch=ticket lang=", "  2 /unknown/: a",
				"doc 3 id= ch=chat lang=", "  3 /unknown/: b",
				"doc 4 id= ch=interview lang=", "  4 /unknown/: c",
				"doc 5 id= ch=other lang=", "  5 /unknown/: d",
				"doc 6 id= ch=other lang=", "  6 /unknown/: e",
			},
		},
		{
			name:  "blank and whitespace-only lines are skipped, empty text rejected",
			input: "\n  \nid,text\n\n1,\n   \t\n2,\" \"\n3,ok\n",
			want: []string{
				"reject 5: empty text",
				"reject 7: empty text",
				"doc 8 id=3 ch=other lang=", "  8 /unknown/: ok",
			},
		},
		{
			name:  "bare quote is rejected on its line",
			input: "id,text\n1,he said \"hi\n2,ok\n",
			want: []string{
				`reject 2: bare quote (") in an unquoted field at column 11; quote the field and double the quote`,
				"doc 3 id=2 ch=other lang=", "  3 /unknown/: ok",
			},
		},
		{
			name:  "text after a closing quote is rejected",
			input: "id,text\n1,\"a\"b\n2,ok\n",
			want: []string{
				`reject 2: unexpected text after a closing quote at column 6; double a quote inside a quoted field`,
				"doc 3 id=2 ch=other lang=", "  3 /unknown/: ok",
			},
		},
		{
			name:  "a quote never closed is rejected and the lines after it are read again",
			input: "id,text\n1,\"never closed\n2,two\n3,three\n",
			want: []string{
				"reject 2: quoted field starting on this line is never closed",
				"doc 3 id=2 ch=other lang=", "  3 /unknown/: two",
				"doc 4 id=3 ch=other lang=", "  4 /unknown/: three",
			},
		},
		{
			name:  "a stray quote closed by a later field resyncs",
			input: "id,text\n1,\"stray\n2,two\n3,\"three\"\n4,four\n",
			want: []string{
				"reject 2: unexpected text after a closing quote at column 4; double a quote inside a quoted field (on line 4)",
				"doc 3 id=2 ch=other lang=", "  3 /unknown/: two",
				"doc 4 id=3 ch=other lang=", "  4 /unknown/: three",
				"doc 5 id=4 ch=other lang=", "  5 /unknown/: four",
			},
		},
		{
			name:  "numeric-looking ids and invalid UTF-8 and NUL",
			input: "id,text\n007,caf\xe9\x00 au lait\n",
			want:  []string{"doc 2 id=007 ch=other lang=", "  2 /unknown/: caf\ufffd au lait"},
		},
		{
			name:  "trailing delimiter makes an empty last field",
			input: "text,note\nhallo,\n",
			want:  []string{"doc 2 id= ch=other lang=", "  2 /unknown/: hallo"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, st := readString(t, "in.csv", tt.input, tt.opts)
			if st.Format != "csv" {
				t.Errorf("format %q, want csv", st.Format)
			}
			checkBrief(t, items, tt.want)
		})
	}
}

func TestCSVDocumentFields(t *testing.T) {
	input := "conversation_id,customer_id,created_at,updated_at,text\n" +
		"c1,,16-03-2026 10:00,2026-03-16,b\n" +
		"c1,K9,2026-03-15T08:00:00Z,2026-03-18 12:00:00,a\n" +
		"c1,K10,nonsense,,c\n"
	items, _ := readString(t, "x.csv", input, Options{})
	if len(items) != 1 || items[0].Doc == nil {
		t.Fatalf("want one document, got %v", brief(items))
	}
	d := items[0].Doc
	if got := d.CreatedAt.Format("2006-01-02T15:04"); got != "2026-03-15T08:00" {
		t.Errorf("CreatedAt = %s, want the earliest utterance time", got)
	}
	if got := d.UpdatedAt.Format("2006-01-02T15:04"); got != "2026-03-18T12:00" {
		t.Errorf("UpdatedAt = %s, want the latest updated_at", got)
	}
	if d.CustomerID != "K9" || d.Format != "csv" || d.Source.File != "x.csv" {
		t.Errorf("CustomerID %q Format %q File %q", d.CustomerID, d.Format, d.Source.File)
	}
	if !d.Utterances[2].Time.IsZero() {
		t.Errorf("unparseable time should be zero, got %v", d.Utterances[2].Time)
	}
}

func TestSniffDelimiter(t *testing.T) {
	tests := []struct {
		name   string
		header string
		want   byte
	}{
		{"comma", "id,text,lang", ','},
		{"semicolon (Dutch Excel)", "id;tekst;datum", ';'},
		{"tab", "id\ttext", '\t'},
		{"pipe", "id|text", '|'},
		{"commas inside quotes do not count", `"a,b,c";"d"`, ';'},
		{"single column", "text", ','},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sniffDelimiter([]byte(tt.header)); got != tt.want {
				t.Errorf("sniffDelimiter(%q) = %q, want %q", tt.header, got, tt.want)
			}
		})
	}
}

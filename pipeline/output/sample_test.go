package output

import (
	"time"

	"github.com/parquet-go/parquet-go"
)

// Sample rows shared by the tests: they exercise NULL timestamps and job ids,
// empty and nil lists, unicode, TSV metacharacters and extreme values.

func ts(s string) *time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return Time(t)
}

func sampleDocuments() []DocumentRow {
	return []DocumentRow{
		{DocID: "d1", Source: "tickets/2026-11.csv", RecordID: "T-1", Channel: "ticket", Format: "csv", Language: "nl",
			CreatedAt: ts("2026-11-22T09:30:15.123Z"), NUtterances: 3, NMentions: 2},
		{DocID: "d2", Source: "interviews/anna.txt", RecordID: "", Channel: "interview", Format: "transcript", Language: "en",
			CreatedAt: nil, NUtterances: 40, NMentions: 0},
		{DocID: "d3", Source: "chats/ru.jsonl", RecordID: "ид-7", Channel: "chat", Format: "jsonl", Language: "ru",
			CreatedAt: ts("1999-12-31T23:59:59+02:00"), NUtterances: 1, NMentions: 1},
	}
}

func sampleMentions() []MentionRow {
	return []MentionRow{
		{MentionID: "m1", DocID: "d1", UtteranceIndex: 0, Speaker: "klant", Role: "customer", Language: "nl",
			Force: "struggle", Term: "nl.struggle.handmatig", Matched: "handmatig overtypen",
			Sentence: "Ik moet alles handmatig overtypen in Excel.", Negated: false, Intensity: 1.5,
			JobID: String("j1"), CreatedAt: ts("2026-11-22T09:30:15.123Z"),
			Weight: 0.75, MatchStart: 14, MatchEnd: 33, Source: "tickets/2026-11.csv", Line: 2,
			SubForce: String("struggle/effort"), Phase: String("first_thought")},
		{MentionID: "m2", DocID: "d1", UtteranceIndex: 2, Speaker: "", Role: "unknown", Language: "nl",
			Force: "anxiety", Term: "nl.anxiety.kwijt", Matched: "kwijtraken",
			Sentence: "Ik ben bang dat ik\tdata kwijtraak.\nEcht.", Negated: true, Intensity: 0.5,
			JobID: nil, CreatedAt: nil,
			Weight: 1, MatchStart: 0, MatchEnd: 0, Source: "tickets/2026-11.csv", Line: 1 << 40},
		{MentionID: "m3", DocID: "d3", UtteranceIndex: 1, Speaker: "Ольга", Role: "customer", Language: "ru",
			Force: "habit", Term: "ru.habit.привыкли", Matched: "привыкли", Sentence: "Мы привыкли к старой системе 😅",
			Intensity: 1e-7, JobID: String("j2"), CreatedAt: ts("1999-12-31T21:59:59Z"),
			Weight: -2.25, MatchStart: 5, MatchEnd: 21, Source: "chats/ru.jsonl", Line: 7,
			SubForce: String("habit/routine")},
	}
}

func sampleJobs() []JobRow {
	return []JobRow{
		{JobID: "j1", Statement: "facturen naar Excel exporteren", Language: "nl",
			NMentions: 12, NDocuments: 5, NRespondents: 4,
			Struggle: 3.5, Progress: 1.25, Anxiety: 0, Habit: 0.1, Score: 4.85,
			FirstSeen: ts("2026-01-02T03:04:05.006Z"), LastSeen: ts("2026-11-22T09:30:15.123Z"),
			Examples:      []string{"Ik wil mijn facturen naar Excel exporteren", "zonder \"gedoe\"\\", "tab\there"},
			ExampleDocIDs: []string{"d1", "d1", "d2"},
			Key:           "excel export factur", Rank: 1,
			JobStory:           String("Als ik alles overtyp, wil ik facturen naar Excel exporteren, zodat de boekhouder klaar is"),
			JobStoryMentionIDs: []string{"m1", "m2"},
			Languages:          []string{"nl", "en"}, Statements: []string{"facturen naar Excel exporteren", "export invoices to Excel"},
			Importance: ptrF(8.5), Satisfaction: ptrF(3), Opportunity: ptrF(14), ScoreKind: "survey",
			SubForces: []string{"struggle/effort", "struggle/time"}, SubForceTotals: []float64{2.25, 1.25},
			Phases: []string{"first_thought", "deciding"}, PhaseCounts: []int64{3, 1}},
		{JobID: "j2", Statement: "перейти на новую систему", Language: "ru",
			NMentions: 1, NDocuments: 1, NRespondents: 1, Score: -0.5,
			FirstSeen: nil, LastSeen: nil,
			Examples: []string{}, ExampleDocIDs: nil,
			Key: "нов перейт систем", Rank: 2, ScoreKind: "text"},
	}
}

func ptrF(v float64) *float64 { return &v }

func sampleOutcomes() []OutcomeRow {
	return []OutcomeRow{
		{OutcomeID: "o1", JobID: "j1", Direction: "minimise", Metric: "time", Object: "facturen naar Excel exporteren",
			Statement: "minder tijd kwijt aan facturen naar Excel exporteren", Language: "nl", NOccurrences: 3,
			EvidenceIDs: []string{"m1", "m2"}, Importance: ptrF(7.25), Satisfaction: ptrF(9), Opportunity: ptrF(7.25), ScoreKind: "survey"},
		{OutcomeID: "o2", JobID: "j2", Direction: "minimise", Metric: "errors", Object: "перейти на новую систему",
			Statement: "меньше ошибок при перейти на новую систему", Language: "ru", NOccurrences: 1,
			EvidenceIDs: []string{}, ScoreKind: "text"},
	}
}

func sampleRejects() []RejectRow {
	return []RejectRow{
		{Source: "tickets/2026-11.csv", Line: 17, RecordID: "T-17", Reason: "row has 3 fields, header has 5"},
		{Source: "chats/ru.jsonl", Line: 0, RecordID: "", Reason: "invalid UTF-8 in field \"text\""},
	}
}

func writeParquetFile[T any](path string, rows []T) error { return parquet.WriteFile(path, rows) }

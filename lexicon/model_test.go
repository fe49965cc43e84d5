package lexicon_test

import (
	"strings"
	"testing"

	"jobminer/lexicon"
	"jobminer/pipeline/record"
)

func TestModelFeatures(t *testing.T) {
	got := strings.Join(lexicon.ModelFeatures(nil, "Nog GEEN leverdatum, nog geen!"), " ")
	want := "geen geen_leverd leverd leverd_nog nog nog_geen"
	if got != want {
		t.Errorf("features %q, want %q", got, want)
	}
	if got := lexicon.ModelFeatures(nil, "12 :) !!"); len(got) != 0 {
		t.Errorf("features of no words: %q", got)
	}
}

// A feature present in struggle turns only gets a positive weight, one in
// the others only a negative one, and the score adds them to the prior.
func TestTrainModel(t *testing.T) {
	texts := []string{"nog geen antwoord", "nog geen pakket", "alles prima", "dank je wel"}
	labels := []bool{true, true, false, false}
	m := lexicon.TrainModel(texts, labels, 2)
	if m.Weights["nog_geen"] <= 0 || m.Weights["prima"] >= 0 {
		t.Fatalf("weights nog_geen %v, prima %v", m.Weights["nog_geen"], m.Weights["prima"])
	}
	s, top := m.Score(lexicon.ModelFeatures(nil, "nog geen reactie"))
	if s <= m.Prior || top == "" {
		t.Errorf("score %v (prior %v), top %q", s, m.Prior, top)
	}
	if s2, _ := m.Score(lexicon.ModelFeatures(nil, "alles prima")); s2 >= s {
		t.Errorf("a thank-you scores %v, not below the complaint's %v", s2, s)
	}
}

// A model file round-trips through Marshal and the loader, and a broken one
// is an error with its file and line.
func TestModelFile(t *testing.T) {
	m := lexicon.TrainModel([]string{"nog geen antwoord", "alles prima"}, []bool{true, false}, 11.5)
	set := &lexicon.Set{}
	if err := set.AddFile("nl/struggle-model.txt", m.Marshal("test")); err == nil {
		t.Fatal("a word list needs its language loaded first; want an error")
	}
	set, err := lexicon.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	if err := set.AddFile("ours/nl/struggle-model.txt", m.Marshal("test")); err != nil {
		t.Fatal(err)
	}
	got := set.Langs["nl"].Models[record.Struggle]
	if got.Threshold != 11.5 || len(got.Weights) != len(m.Weights) {
		t.Errorf("loaded threshold %v and %d weights, want 11.5 and %d", got.Threshold, len(got.Weights), len(m.Weights))
	}
	// Each force's model has its own file; a name that is no force is an
	// unknown file.
	if err := set.AddFile("ours/nl/anxiety-model.txt", lexicon.TrainModel([]string{"wat als", "prima"}, []bool{true, false}, 20).Marshal("test")); err != nil {
		t.Fatal(err)
	}
	if a := set.Langs["nl"].Models[record.Anxiety]; a == nil || a.Threshold != 20 {
		t.Errorf("anxiety-model.txt loaded as %+v, want threshold 20", a)
	}
	if got := set.Langs["nl"].Models[record.Struggle]; got.Threshold != 11.5 {
		t.Errorf("the anxiety model replaced the struggle model (threshold %v)", got.Threshold)
	}
	if err := set.AddFile("ours/nl/worry-model.txt", m.Marshal("test")); err == nil || !strings.Contains(err.Error(), "unknown lexicon file") {
		t.Errorf("worry-model.txt: error %v, want an unknown file", err)
	}
	for _, bad := range []struct{ data, line string }{
		{"prior\t0\nthreshold\t1\nnog\tveel\n", ":3"},
		{"prior\t0\nthreshold\t1\nnog\n", ":3"},
		{"prior\t0\nnog\t1\n", "prior line and a threshold line"},
		{"prior\t0\nthreshold\t1\nnog\t1\nnog\t2\n", ":4"},
	} {
		err := set.AddFile("ours/nl/struggle-model.txt", []byte(bad.data))
		if err == nil || !strings.Contains(err.Error(), bad.line) {
			t.Errorf("%q: error %v, want one with %q", bad.data, err, bad.line)
		}
	}
}

func FuzzModelFile(f *testing.F) {
	f.Add("# c\nprior\t-0.1\nthreshold\t11.5\nnog_geen\t1.25\n")
	f.Add("prior\tNaN\nthreshold\t1\n")
	set, err := lexicon.Builtin()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data string) {
		if err := set.AddFile("ours/nl/struggle-model.txt", []byte(data)); err == nil {
			m := set.Langs["nl"].Models[record.Struggle]
			m.Score(lexicon.ModelFeatures(nil, data))
		}
	})
}

// ScoreText gives Score's result over ModelFeatures, to the last bit.
func FuzzScoreText(f *testing.F) {
	f.Add("Nog GEEN leverdatum, nog geen! Vier weken verder.")
	f.Add("Где мой заказ? Уже неделю жду, никто не звонит.")
	f.Add("it's been 'ages' — still nothing")
	set, err := lexicon.Builtin()
	if err != nil {
		f.Fatal(err)
	}
	m := set.Langs["nl"].Models[record.Struggle]
	if m == nil {
		f.Fatal("no Dutch struggle model in the built-in lexicon")
	}
	ms := []*lexicon.Model{m, set.Langs["nl"].Models[record.Anxiety], set.Langs["nl"].Models[record.Habit]}
	if ms[1] == nil || ms[2] == nil {
		f.Fatal("no Dutch anxiety or habit model in the built-in lexicon")
	}
	f.Fuzz(func(t *testing.T, s string) {
		s1, t1 := m.Score(lexicon.ModelFeatures(nil, s))
		s2, t2 := m.ScoreText(s)
		if s1 != s2 || t1 != t2 {
			t.Fatalf("%q: Score %v %q, ScoreText %v %q", s, s1, t1, s2, t2)
		}
		// ScoreTexts reads the text once for several models, with the
		// same result for each.
		scores := make([]float64, len(ms))
		lexicon.ScoreTexts(s, ms, scores)
		for i, m := range ms {
			if want, _ := m.Score(lexicon.ModelFeatures(nil, s)); scores[i] != want {
				t.Fatalf("%q: model %d: ScoreTexts %v, Score %v", s, i, scores[i], want)
			}
		}
	})
}

// TrainModelAcross keeps only the features present in texts with the force
// in enough groups; TrainModel keeps all.
func TestTrainModelAcross(t *testing.T) {
	texts := []string{"radon worry", "what if", "what if again", "fine thanks", "radon fine"}
	has := []bool{true, true, true, false, false}
	group := []string{"dev1", "dev1", "dev2", "dev1", "dev2"}
	m := lexicon.TrainModelAcross(texts, has, group, 2, 10)
	for f, want := range map[string]bool{"what": true, "what_if": true, "radon": false, "worry": false, "fine": false} {
		if _, got := m.Weights[f]; got != want {
			t.Errorf("feature %q kept: %v, want %v", f, got, want)
		}
	}
	if all := lexicon.TrainModel(texts, has, 10); len(all.Weights) <= len(m.Weights) || all.Weights["radon"] == 0 {
		t.Errorf("TrainModel kept %d features (radon %v), want more than %d", len(all.Weights), all.Weights["radon"], len(m.Weights))
	}
}

// BenchmarkScoreText scores customer turns of interview length.
func BenchmarkScoreText(b *testing.B) {
	set, err := lexicon.Builtin()
	if err != nil {
		b.Fatal(err)
	}
	m := set.Langs["nl"].Models[record.Struggle]
	texts := []string{
		"Nou, eigenlijk bestel ik altijd via de website, maar sinds de laatste update kan ik mijn bestelgeschiedenis niet meer vinden en dat kost me elke keer een kwartier zoeken.",
		"Ik heb drie keer gebeld en niemand wist waar mijn pakket was.",
		"Ja prima, dat werkt gewoon.",
		"Het liefst zou ik alles in één overzicht zien, met de facturen per maand, zodat ik het aan het eind van het kwartaal in één keer naar mijn boekhouder kan sturen zonder alles los te downloaden.",
	}
	var n int64
	for _, t := range texts {
		n += int64(len(t))
	}
	b.SetBytes(n)
	for b.Loop() {
		for _, t := range texts {
			m.ScoreText(t)
		}
	}
}

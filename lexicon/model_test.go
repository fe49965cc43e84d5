package lexicon_test

import (
	"strings"
	"testing"

	"jobminer/lexicon"
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
	got := set.Langs["nl"].Model
	if got.Threshold != 11.5 || len(got.Weights) != len(m.Weights) {
		t.Errorf("loaded threshold %v and %d weights, want 11.5 and %d", got.Threshold, len(got.Weights), len(m.Weights))
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
			m := set.Langs["nl"].Model
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
	m := set.Langs["nl"].Model
	if m == nil {
		f.Fatal("no Dutch struggle model in the built-in lexicon")
	}
	f.Fuzz(func(t *testing.T, s string) {
		s1, t1 := m.Score(lexicon.ModelFeatures(nil, s))
		s2, t2 := m.ScoreText(s)
		if s1 != s2 || t1 != t2 {
			t.Fatalf("%q: Score %v %q, ScoreText %v %q", s, s1, t1, s2, t2)
		}
	})
}

// BenchmarkScoreText scores customer turns of interview length.
func BenchmarkScoreText(b *testing.B) {
	set, err := lexicon.Builtin()
	if err != nil {
		b.Fatal(err)
	}
	m := set.Langs["nl"].Model
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

package text_test

import (
	"fmt"

	"jobminer/pipeline/record"
	"jobminer/pipeline/text"
)

func ExampleAnalyzer_Analyze() {
	u := record.Utterance{Text: text.Normalize("<p>Ik gebruik o.a. Excel.</p><p>Het exporteren kost m'n hele ochtend!</p>")}
	a := text.NewAnalyzer()
	a.Analyze(&u, "nl")
	for _, s := range u.Sentences {
		fmt.Printf("sentence %q\n", s.In(u.Text))
	}
	for _, t := range u.Tokens {
		if t.Word {
			fmt.Printf("%d %s/%s ", t.Sentence, t.Norm, t.Stem)
		}
	}
	fmt.Println()
	// Output:
	// sentence "Ik gebruik o.a. Excel."
	// sentence "Het exporteren kost m'n hele ochtend!"
	// 0 ik/ik 0 gebruik/gebruik 0 o.a./o.a. 0 excel/excel 1 het/het 1 exporteren/exporter 1 kost/kost 1 m'n/m'n 1 hele/hel 1 ochtend/ochtend
}

func ExampleAnalyzer_Tokenize() {
	a := text.NewAnalyzer()
	for _, t := range a.Tokenize("en", "I can't export") {
		fmt.Printf("%s/%s ", t.Norm, t.Stem)
	}
	fmt.Println()
	// Output:
	// i/i ca/ca n't/n't export/export
}

func ExampleLanguage() {
	for _, s := range []string{"kan iemand me helpen", "thx, works now", "Не могу войти", "ok"} {
		lang, _ := text.Language(s)
		fmt.Printf("%q: %q\n", s, lang)
	}
	// Output:
	// "kan iemand me helpen": "nl"
	// "thx, works now": "en"
	// "Не могу войти": "ru"
	// "ok": ""
}

package catalog

import (
	"bytes"
	"fmt"
	"sync"
	"testing"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// Reused collators give the keys a fresh collator gives, also when many
// goroutines make keys at once.
func TestSortKeyReusedCollatorsMatchFresh(t *testing.T) {
	texts := []string{"Красная палатка", "红高粱", "Ёлки", "The Return", "Ёжик в тумане", "大红灯笼高高挂", "Элегия", ""}
	fresh := func(lang, text string) []byte {
		var buf collate.Buffer
		return append([]byte{}, collate.New(language.Make(lang)).KeyFromString(&buf, text)...)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 1000)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				text := texts[(g+i)%len(texts)]
				for _, lang := range SortLanguages {
					tt := &Title{Fields: Fields{OriginalLanguage: lang, Localizations: map[string]Localization{lang: {Title: text}}}}
					if got, want := SortKey(tt, lang), fresh(lang, text); !bytes.Equal(got, want) {
						errs <- fmt.Sprintf("%s %q: %x, want %x", lang, text, got, want)
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func BenchmarkSortKeys(b *testing.B) {
	tt := &Title{Fields: Fields{OriginalLanguage: "ru", Localizations: map[string]Localization{"ru": {Title: "Красная палатка"}, "zh-Hans": {Title: "红帐篷"}, "en": {Title: "The Red Tent"}}}}
	for b.Loop() {
		SortKeys(tt)
	}
}

// The baseline: a collator built for every key, as before collators were
// reused.
func BenchmarkSortKeysFreshCollator(b *testing.B) {
	tt := &Title{Fields: Fields{OriginalLanguage: "ru", Localizations: map[string]Localization{"ru": {Title: "Красная палатка"}, "zh-Hans": {Title: "红帐篷"}, "en": {Title: "The Red Tent"}}}}
	for b.Loop() {
		for _, lang := range SortLanguages {
			var buf collate.Buffer
			_ = collate.New(language.Make(lang)).KeyFromString(&buf, tt.Localizations["ru"].Title)
		}
	}
}

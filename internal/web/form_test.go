package web

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/catalog"
)

func TestMergeDiffRoundTrips(t *testing.T) {
	old := catalog.Fields{Kind: catalog.KindFilm, OriginalLanguage: "ru", ProductionYear: 2025, Genres: []string{"drama"},
		Identifiers: catalog.Identifiers{Alt: []catalog.AltID{{Scheme: "house", Value: "A1"}}},
		Localizations: map[string]catalog.Localization{
			"en": {Title: "Red Silk", Tagline: "old tagline"}, "ru": {Title: "Красный шёлк"}, "fr": {Title: "Soie rouge"}}}
	next := old
	next.ProductionYear = 0  // cleared
	next.Genres = []string{} // cleared
	next.Localizations = map[string]catalog.Localization{
		"en":      {Title: "Red Silk"},                                // tagline removed
		"ru":      {Title: "Красный шёлк", ShortSynopsis: "Фильм о…"}, // synopsis added
		"zh-Hans": {Title: "红丝绸"},                                     // language added; fr removed
	}
	od, _ := fieldsDoc(old)
	nd, _ := fieldsDoc(next)
	patch := mergeDiff(od, nd)
	got, err := catalog.MergeFields(old, patch)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(mustDoc(t, got), nd) {
		t.Fatalf("patch %v applied to old gives\n%+v\nwant\n%+v", patch, got, next)
	}
	if _, touched := patch["identifiers"]; touched {
		t.Fatalf("unchanged identifiers are in the patch: %v", patch)
	}
	if p := mergeDiff(od, od); len(p) != 0 {
		t.Fatalf("no change gives patch %v", p)
	}
}

func mustDoc(t *testing.T, f catalog.Fields) map[string]any {
	raw, _ := json.Marshal(f)
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestValidationPathsLandOnInputs(t *testing.T) {
	f := &titleForm{
		Locs:        []locColumn{{Tag: "zh-Hans", Fixed: true}, {Tag: "ru", Fixed: true}, {Tag: "en", Fixed: true}, {Tag: "fr-ca"}},
		CreditLangs: []string{"zh-Hans", "ru", "en"},
		Credits:     make([]creditInput, 4),
		Releases:    make([]catalog.Release, 4),
	}
	f.Credits[1] = creditInput{Role: "director"}
	f.Credits[3] = creditInput{Role: "cast"}
	f.Releases[2] = catalog.Release{Territory: "RU"}
	if _, errs := f.apply(catalog.Fields{}); len(errs) != 0 {
		t.Fatalf("parse errors: %v", errs)
	}
	cases := map[string]string{
		"production_year":                 "production_year",
		"identifiers.eidr":                "identifiers.eidr",
		"countries[1]":                    "countries",
		"genres[0]":                       "genres",
		"producers[0]":                    "producers",
		"localizations.ru.short_synopsis": "loc.1.short_synopsis",
		"localizations.fr-ca.title":       "loc.3.title", // the column as the user typed its tag
		"localizations.fr-CA.title":       "loc.3.title", // or canonicalised
		"localizations.fr-ca":             "loc.3.tag",
		"credits[1].role":                 "credit.3.role", // second kept row is form row 3
		"credits[0].name":                 "credit.1.name.zh-Hans",
		"credits[0].name.ru":              "credit.1.name.ru",
		"releases[0].date":                "release.2.date",
		"releases[5].date":                "",
		"identifiers.alt[0].value":        "",
		"localizations.de.title":          "",
	}
	for path, want := range cases {
		if got := f.pathToInput(path); got != want {
			t.Errorf("pathToInput(%q) = %q, want %q", path, got, want)
		}
	}
}

func TestUnparseableNumbersAreFieldErrors(t *testing.T) {
	f := &titleForm{ProductionYear: "20x5", RuntimeMinutes: "90", Locs: []locColumn{{Localization: catalog.Localization{Title: "Untagged"}}}}
	fields, errs := f.apply(catalog.Fields{})
	if fields.RuntimeMinutes != 90 {
		t.Fatalf("runtime = %d", fields.RuntimeMinutes)
	}
	want := apperr.Fields{{Field: "production_year", Message: msgNotANumber}, {Field: "loc.0.tag", Message: msgChooseLanguage}}
	if !reflect.DeepEqual(errs, want) {
		t.Fatalf("errors = %v, want %v", errs, want)
	}
}

func TestLocalPathRefusesOtherSites(t *testing.T) {
	for in, want := range map[string]string{
		"/titles?kind=film": "/titles?kind=film", "//evil.example/x": "/titles", `/\evil.example`: "/titles",
		"https://evil.example/": "/titles", "": "/titles", "titles": "/titles",
	} {
		if got := localPath(in); got != want {
			t.Errorf("localPath(%q) = %q, want %q", in, got, want)
		}
	}
}

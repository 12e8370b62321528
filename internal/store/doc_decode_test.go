package store

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/people"
)

// FuzzDecodeDocReadsWhatEncodingJSONWrote checks decodeDoc against
// encoding/json on the documents the store writes: titles and people marshalled by
// encoding/json, with any text in their fields (invalid UTF-8 included),
// must read back exactly as encoding/json reads them.
func FuzzDecodeDocReadsWhatEncodingJSONWrote(f *testing.F) {
	f.Add("Red Silk", "Красный шёлк", "红丝绸", "director", "Чжан Имоу", "vgtrk-house", "A-17", "2024-05", 1988, 3, true)
	f.Add("", "", "", "", "", "", "", "", 0, 0, false)
	f.Add("\xff\xfe", "a\"b\\c", "\u2028\u2029", "<&>", "\x00", " ", "\t", "9999", -1, 100000, true)
	f.Fuzz(func(t *testing.T, en, ru, zh, role, name, scheme, value, date string, year, n int, public bool) {
		vis := catalog.VisibilityPrivate
		if public {
			vis = catalog.VisibilityPublic
		}
		in := catalog.Title{
			ID: "t-" + value, Owner: scheme, Version: int64(n),
			CreatedAt: time.Date(2025, 1, 2, 3, 4, 5, n, time.UTC), UpdatedAt: time.Unix(int64(year), 0).UTC(),
			Fields: catalog.Fields{
				Kind: catalog.KindFilm, EpisodeNumber: n, OriginalLanguage: role, ProductionYear: year,
				Countries: []string{zh, ru}, Genres: []string{en}, Producers: []string{scheme},
				Identifiers: catalog.Identifiers{EIDR: value, Alt: []catalog.AltID{{Scheme: scheme, Value: value}}},
				Credits:     []catalog.Credit{{Role: role, Name: map[string]string{"ru": name, en: zh}}},
				Releases:    []catalog.Release{{Territory: zh, Type: "tv", Date: date, Note: ru}},
				Visibility:  vis,
				Localizations: map[string]catalog.Localization{
					"en": {Title: en, SortTitle: ru, Note: name}, "ru": {Title: ru, LongSynopsis: zh}, zh: {Title: zh, Tagline: en},
				},
			},
		}
		readsAsEncodingJSON(t, in)
		readsAsEncodingJSON(t, personDoc{
			Localizations: map[string]people.PersonName{"en": {Name: en, Biography: ru, Suggested: public}, zh: {Name: name}},
			Roles:         []people.PersonRole{people.PersonRole(role)},
			Languages:     []string{zh, date},
		})
	})
}

// readsAsEncodingJSON marshals in with encoding/json and checks that
// decodeDoc reads the document as encoding/json does.
func readsAsEncodingJSON[T any](t *testing.T, in T) {
	t.Helper()
	doc, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var want, got T
	if err := json.Unmarshal(doc, &want); err != nil {
		t.Fatal(err)
	}
	if err := decodeDoc(string(doc), &got); err != nil {
		t.Fatalf("decodeDoc(%s): %v", doc, err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("decodeDoc(%s)\n got  %+v\n want %+v", doc, got, want)
	}
}

// TestDecodeDocAcceptsWhatEncodingJSONAccepts covers documents encoding/json
// never writes but reads: rows written by hand or by an older build.
func TestDecodeDocAcceptsWhatEncodingJSONAccepts(t *testing.T) {
	for _, doc := range []string{
		`{"id":"a","id":"b","localizations":{"en":{"title":"x"}}}`,
		"{\"id\":\"\xff\",\"localizations\":{\"en\":{\"title\":\"\xc3\"}}}",
		`{"ID":"a","Owner":"o","Localizations":{"en":{"Title":"x"}}}`,
		`{"id":"a","unknown":{"deep":[1,2,3]},"localizations":null,"countries":null}`,
	} {
		var want, got catalog.Title
		if err := json.Unmarshal([]byte(doc), &want); err != nil {
			t.Fatalf("encoding/json refuses %q: %v", doc, err)
		}
		if err := decodeDoc(doc, &got); err != nil {
			t.Errorf("decodeDoc(%q): %v", doc, err)
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("decodeDoc(%q)\n got  %+v\n want %+v", doc, got, want)
		}
	}
}

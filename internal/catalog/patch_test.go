package catalog

import (
	"testing"

	"github.com/silkbridge/silkbridge/internal/apperr"
)

func TestMergeFieldsFollowsRFC7396(t *testing.T) {
	base := Fields{Kind: KindFilm, OriginalLanguage: "ru", Genres: []string{"drama"},
		Localizations: map[string]Localization{"ru": {Title: "Шёлк", Tagline: "t"}, "en": {Title: "Silk"}}}
	got, err := MergeFields(base, map[string]any{
		"genres":        []any{"war"},
		"localizations": map[string]any{"ru": map[string]any{"tagline": nil}, "en": nil},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Genres) != 1 || got.Genres[0] != "war" {
		t.Errorf("arrays are replaced whole: got %v", got.Genres)
	}
	if l, ok := got.Localizations["ru"]; !ok || l.Title != "Шёлк" || l.Tagline != "" {
		t.Errorf("nested merge: got %+v", got.Localizations["ru"])
	}
	if _, ok := got.Localizations["en"]; ok {
		t.Error("null did not remove the en localization")
	}
	if base.Localizations["en"].Title != "Silk" {
		t.Error("MergeFields changed its input")
	}
	_, err = MergeFields(base, map[string]any{"localizations": map[string]any{"ru": map[string]any{"subtitle": "x"}}})
	if !apperr.Is(err, apperr.Invalid) {
		t.Errorf("unknown nested field: err = %v", err)
	}
}

func TestETagMatches(t *testing.T) {
	if !ETagMatches(`"v3"`, 3) || !ETagMatches(`"v3;lang=ru"`, 3) || !ETagMatches(`"v1", "v3"`, 3) || !ETagMatches("*", 9) {
		t.Error("matching ETags refused")
	}
	// If-Match compares strongly: a weak tag never matches (RFC 9110 §13.1.1).
	if ETagMatches(`"v2"`, 3) || ETagMatches(`v3`, 3) || ETagMatches(`W/"v3"`, 3) {
		t.Error("non-matching ETag accepted")
	}
}

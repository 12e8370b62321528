package web

import (
	"testing"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/textrule"
)

// Every rule code the web words has its message in every language, and the
// message is filled with the error's parameters.
func TestInputCodesAreTranslated(t *testing.T) {
	msgs := loadMessages(t)
	for _, code := range append(inputCodes, "version.invalid") {
		for _, lang := range UILanguages {
			if _, ok := msgs[lang]["input."+code]; !ok {
				t.Errorf("%s: no message input.%s", lang, code)
			}
		}
	}
	b, err := newBundle(files)
	if err != nil {
		t.Fatal(err)
	}
	var fe apperr.Fields
	textrule.Field(&fe, "title", "ab\x00", textrule.SingleLine)
	for _, lang := range UILanguages {
		msg, ok := codedMessage(newLocalizer(b, lang, nil), fe[0])
		if !ok || msg == "" || msg == fe[0].Message || !containsAll(msg, "U+0000", "3") {
			t.Errorf("%s: coded message = %q, %v", lang, msg, ok)
		}
	}
	if _, ok := codedMessage(newLocalizer(b, "en", nil), apperr.FieldError{Field: "x", Message: "is required"}); ok {
		t.Error("an error without a code was taken as coded")
	}
}

func containsAll(s string, parts ...string) bool {
	for _, p := range parts {
		found := false
		for i := 0; i+len(p) <= len(s); i++ {
			if s[i:i+len(p)] == p {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

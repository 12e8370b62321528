package web

import (
	"strings"
	"testing"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/rights"
)

// A record refused because an already dated event leaves it no window is
// worded in the page's language with the event's date, not in the rights
// engine's English.
func TestSettleRefusalIsWorded(t *testing.T) {
	b, err := newBundle(files)
	if err != nil {
		t.Fatal(err)
	}
	fe := apperr.FieldError{Field: "avail.end_condition", Code: rights.CodeSettleEmpty,
		Params:  map[string]any{"condition": "Theatrical", "date": "2025-09-12"},
		Message: "Theatrical is dated 2025-09-12 for this title; from that date and the lags the window would be empty"}
	for lang, word := range map[string]string{"en": "window", "ru": "срока", "zh-Hans": "有效期"} {
		msg, ok := codedMessage(newLocalizer(b, lang, nil), fe)
		if !ok || !strings.Contains(msg, "2025-09-12") || !strings.Contains(msg, word) || strings.Contains(msg, "Theatrical") {
			t.Errorf("%s: %q, %v", lang, msg, ok)
		}
	}
}

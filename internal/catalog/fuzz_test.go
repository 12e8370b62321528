package catalog

import (
	"encoding/json"
	"testing"
)

// FuzzTitleFields feeds arbitrary JSON through strict decoding and validation,
// as a POST body or an import line would be; it must never panic, and what
// passes validation must survive a JSON round trip and validate again.
func FuzzTitleFields(f *testing.F) {
	f.Add([]byte(`{"kind":"film","original_language":"ru","localizations":{"ru":{"title":"Красный шёлк"},"zh-hans":{"title":"红丝绸"}}}`))
	f.Add([]byte(`{"kind":"episode","parent_id":"x","episode_number":3,"original_language":"zh","localizations":{"zh-Hant":{"title":"紅絲綢"}}}`))
	f.Add([]byte(`{"kind":"film","original_language":"en","identifiers":{"eidr":"10.5240/7791-8534-2C23-9030-8610-5","isan":"0000-0001-34C7-0000-8","imdb":"tt0111161"},"localizations":{"en":{"title":"x"}}}`))
	f.Add([]byte(`{"kind":"film","releases":[{"territory":"ru","type":"tv","date":"2025-02"}],"credits":[{"role":"director","name":{"ru":"Иванов"}}]}`))
	f.Add([]byte(`{"localizations":{"und":{"title":"\u0000"}},"countries":["ZZ",""]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var fl Fields
		if err := DecodeStrict(data, &fl); err != nil {
			return
		}
		if err := fl.Normalize(); err != nil {
			return
		}
		raw, err := json.Marshal(fl)
		if err != nil {
			t.Fatalf("marshal valid fields: %v", err)
		}
		var again Fields
		if err := DecodeStrict(raw, &again); err != nil {
			t.Fatalf("re-decode %s: %v", raw, err)
		}
		if err := again.Normalize(); err != nil {
			t.Fatalf("valid fields became invalid after a round trip: %v\n%s", err, raw)
		}
	})
}

// FuzzIdentifiers checks the identifier parsers never panic and that what
// they accept is a fixed point.
func FuzzIdentifiers(f *testing.F) {
	for _, s := range []string{"10.5240/7791-8534-2C23-9030-8610-5", "7791-8534-2c23-9030-8610-5", "ISAN 0000-0001-34C7-0000-8", "tt0111161", "", "10.5240/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if v, ok := NormalizeEIDR(s); ok {
			if again, ok := NormalizeEIDR(v); !ok || again != v {
				t.Fatalf("EIDR %q normalised to %q, which is not stable", s, v)
			}
		}
		if v, ok := NormalizeISAN(s); ok {
			if again, ok := NormalizeISAN(v); !ok || again != v {
				t.Fatalf("ISAN %q normalised to %q, which is not stable", s, v)
			}
		}
	})
}

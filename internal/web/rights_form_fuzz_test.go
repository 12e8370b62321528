package web

import (
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// FuzzRightsForms: whatever a browser (or anyone) posts to the rights form
// or puts in the avails grid's URL, reading it and compiling the terms never
// panics; bad values are the domain's field errors.
func FuzzRightsForms(f *testing.F) {
	for _, seed := range []string{
		"groups=WORLD&except=RU,+BY&media_mode=except&media=free_tv&start=2026-01-01&perpetual=on&lang_0=ru&use_0=dub",
		"countries=RU&media=svod&start=2026-01-01&end=2025-01-01&hb_terr_0=WORLD+-CN&hb_media_0=svod&hb_until_0=2027-01-01",
		"territories=WORLD&media=svod&start=2026-01-01&match=overlap&view=territories&cursor=%FF",
		"hb_terr_1=-&hb_media_1=&hb_until_1=x&lang_3=:sub&use_3=sub&groups=%00",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		r := httptest.NewRequest("POST", "/titles/x/rights/holdings", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		terms := readRightsForm(r).terms()
		terms.Normalize()
		if q, err := url.ParseQuery(body); err == nil {
			dq := readDeskForm(q).query()
			dq.Compile()
		}
	})
}

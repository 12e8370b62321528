package rights

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
)

// sameAsJSON fails unless decodePlainTerms either declines doc or gives
// exactly what json.Unmarshal gives; it returns whether it decoded doc.
func sameAsJSON(t *testing.T, doc string) bool {
	t.Helper()
	got, ok := decodePlainTerms(doc)
	var want Terms
	err := json.Unmarshal([]byte(doc), &want)
	if !ok {
		return false
	}
	if err != nil {
		t.Fatalf("%s: decoded %+v, json.Unmarshal refuses it: %v", doc, got, err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s:\n got %#v\nwant %#v", doc, got, want)
	}
	return true
}

func TestDecodePlainTermsAgreesWithJSON(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 8))
	pick := func(pool []string) []string {
		switch rng.IntN(5) {
		case 0:
			return nil
		case 1:
			return []string{}
		}
		var out []string
		for range 1 + rng.IntN(3) {
			out = append(out, pool[rng.IntN(len(pool))])
		}
		return out
	}
	decoded := 0
	for range 2000 {
		tm := Terms{Territories: pick([]string{"RU", "CN", "WORLD", "EU"}), ExceptTerritories: pick([]string{"FR", "KZ"}),
			Languages: pick([]string{"ru", "zh-Hans:sub", "en:dub"}), Start: fmt.Sprintf("20%02d-%02d-01", rng.IntN(40), 1+rng.IntN(12)),
			Exclusive: rng.IntN(2) == 0}
		for _, m := range pick([]string{"svod", "free_tv", "pay_tv"}) {
			tm.Media = append(tm.Media, Media(m))
		}
		if rng.IntN(2) == 0 {
			e := fmt.Sprintf("20%02d-12-31", 40+rng.IntN(10))
			tm.End = &e
		}
		if rng.IntN(10) == 0 {
			tm.Holdbacks = []Holdback{{Territories: []string{"RU"}, Media: []Media{SVOD}, Until: "2026-01-01"}}
		}
		b, err := json.Marshal(tm)
		if err != nil {
			t.Fatal(err)
		}
		if sameAsJSON(t, string(b)) {
			decoded++
		} else if tm.Holdbacks == nil {
			t.Fatalf("declined a plain document: %s", b)
		}
	}
	if decoded < 1500 {
		t.Fatalf("decoded %d of 2,000 documents without encoding/json", decoded)
	}
	// Hand-written documents: whatever is decoded matches, and what cannot
	// be read plainly is declined rather than misread.
	for _, c := range []struct {
		doc   string
		plain bool
	}{
		{`{}`, true},
		{` { "territories" : [ "RU" , "CN" ] , "end" : null , "exclusive" : true } `, true},
		{`{"territories":["RU"],"territories":["CN"]}`, true},
		{`{"media":null,"languages":[]}`, true},
		{`{"territories":["R\u0055"]}`, false},
		{`{"territories":["Россия"]}`, false},
		{`{"Territories":["RU"]}`, false},
		{`{"exclusive":null}`, false},
		{`{"exclusive":1}`, false},
		{`{"start":"2025-01-01",}`, false},
		{`{"start":"2025-01-01"} x`, false},
		{`{"start":"2025-01-01"`, false},
		{`{"territories":["RU",]}`, false},
		{`{"territories":["RU"]`, false},
		{`{"holdbacks":[]}`, false},
		{`{"avail":{}}`, false},
		{`[]`, false},
		{``, false},
	} {
		if got := sameAsJSON(t, c.doc); got != c.plain {
			t.Errorf("%s: decoded plainly %v, want %v", c.doc, got, c.plain)
		}
	}
}

// FuzzDecodePlainTerms: any document decodePlainTerms accepts decodes to
// what json.Unmarshal gives.
func FuzzDecodePlainTerms(f *testing.F) {
	f.Add(`{"territories":["WORLD"],"except_territories":["CN"],"media":["svod"],"languages":[],"start":"2025-01-01","end":null,"exclusive":false}`)
	f.Add(`{"territories":["RU"],"media":["free_tv","pay_tv"],"languages":["ru"],"start":"2025-01-01","end":"2026-12-31","exclusive":true}`)
	f.Add(`{"territories":null}`)
	f.Fuzz(func(t *testing.T, doc string) { sameAsJSON(t, doc) })
}

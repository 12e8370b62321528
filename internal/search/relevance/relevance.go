// Package relevance is the search relevance suite: a catalogue of real films
// and series with Chinese, Russian and English titles, and queries in every
// script (inflected forms, pinyin with and without spaces, each Cyrillic
// romanization, Traditional characters, typos, prefixes) with the title each
// must find first. The store contract suite asserts it on every engine, and
// the benchmark scores the baseline engines with it.
package relevance

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/silkbridge/silkbridge/internal/catalog"
)

//go:embed titles.json
var titlesJSON []byte

//go:embed queries.json
var queriesJSON []byte

// Query is one query and the title it must find first.
type Query struct {
	Q    string `json:"q"`
	Want string `json:"want"` // Key of the expected first hit
	Why  string `json:"why"`
}

// Titles returns the fixture catalogue (public titles, no owner set).
func Titles() []catalog.Fields {
	var out []catalog.Fields
	if err := json.Unmarshal(titlesJSON, &out); err != nil {
		panic("relevance fixture: " + err.Error())
	}
	for i := range out {
		out[i].Visibility = catalog.VisibilityPublic
	}
	return out
}

// Queries returns the relevance queries.
func Queries() []Query {
	var out []Query
	if err := json.Unmarshal(queriesJSON, &out); err != nil {
		panic("relevance queries: " + err.Error())
	}
	return out
}

// Key names a fixture title in Query.Want: its English title, with the year
// when two titles share it.
func Key(f catalog.Fields) string {
	en := f.Localizations["en"].Title
	n := 0
	for _, o := range titles() {
		if o.Localizations["en"].Title == en {
			n++
		}
	}
	if n > 1 {
		return fmt.Sprintf("%s (%d)", en, f.ProductionYear)
	}
	return en
}

var titles = sync.OnceValue(Titles)

// Result is how an engine did on the suite.
type Result struct {
	Passed   int
	Total    int
	Failures []string // "query → got X, want Y (why)"
}

// Evaluate runs every query through search, which returns hit keys best
// first, and counts the queries whose first hit is the expected title.
func Evaluate(search func(q string) ([]string, error)) (Result, error) {
	qs := Queries()
	res := Result{Total: len(qs)}
	for _, q := range qs {
		hits, err := search(q.Q)
		if err != nil {
			return res, fmt.Errorf("query %q: %w", q.Q, err)
		}
		got := "(nothing)"
		if len(hits) > 0 {
			got = hits[0]
		}
		if got == q.Want {
			res.Passed++
			continue
		}
		res.Failures = append(res.Failures, fmt.Sprintf("%q → %s, want %s (%s)", q.Q, got, q.Want, q.Why))
	}
	return res, nil
}

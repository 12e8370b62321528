package rights

import (
	"encoding/json"
	"fmt"
	"sync"
)

// Stored records' terms are decoded and compiled on every family load, and a
// catalogue page loads hundreds of families. Terms repeat across records (a
// broadcaster's standard deals), so the compiled form is kept per distinct
// document: a repeated document costs a map look-up instead of a JSON decode,
// territory-group expansion and date parsing.
var storedTerms = struct {
	sync.Mutex
	m map[string]*cachedTerms
}{m: map[string]*cachedTerms{}}

type cachedTerms struct {
	t Terms
	c terms
}

// maxStoredTerms bounds the cache; when full it starts again, which is
// cheaper than tracking recency and still keeps the common documents hot.
const maxStoredTerms = 100_000

// decodeStored returns the terms of a stored document and their compiled
// form; compiled is nil when the document is invalid (compiled() then
// reports it). Each caller gets its own copy of the compiled terms, since
// the engine tells records apart by that pointer; the slices inside are
// shared, and stored records' terms are only read.
func decodeStored(doc string) (Terms, *terms, error) {
	storedTerms.Lock()
	ct, ok := storedTerms.m[doc]
	storedTerms.Unlock()
	if ok {
		c, t := ct.c, ct.t
		// normalize writes holdbacks in place; give each record its own.
		t.Holdbacks = append(make([]Holdback, 0, len(t.Holdbacks)), t.Holdbacks...)
		return t, &c, nil
	}
	t, ok := decodePlainTerms(doc)
	if !ok {
		t = Terms{}
		if err := json.Unmarshal([]byte(doc), &t); err != nil {
			return Terms{}, nil, err
		}
	}
	c, probs := t.normalize()
	if len(probs) > 0 {
		return t, nil, nil
	}
	storedTerms.Lock()
	if len(storedTerms.m) >= maxStoredTerms {
		storedTerms.m = map[string]*cachedTerms{}
	}
	storedTerms.m[doc] = &cachedTerms{t: t, c: *c}
	storedTerms.Unlock()
	return t, c, nil
}

// SetStoredTerms sets the holding's terms from the JSON document a store kept.
func (h *Holding) SetStoredTerms(doc string) error {
	t, c, err := decodeStored(doc)
	if err != nil {
		return fmt.Errorf("decode holding %s: %w", h.ID, err)
	}
	h.Terms, h.c = t, c
	return nil
}

// SetStoredTerms sets the licence's terms from the JSON document a store kept.
func (l *Licence) SetStoredTerms(doc string) error {
	t, c, err := decodeStored(doc)
	if err != nil {
		return fmt.Errorf("decode licence %s: %w", l.ID, err)
	}
	l.Terms, l.c = t, c
	return nil
}

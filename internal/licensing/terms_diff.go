package licensing

import (
	"bytes"
	"encoding/json"

	"github.com/silkbridge/silkbridge/internal/rights"
)

// Change is one field a counter changed: its value before and after (absent
// values are null). Values have the field's API shape.
type Change struct {
	Field string `json:"field" doc:"Field of the terms, as in the request (e.g. fee, territories)"`
	Old   any    `json:"old" doc:"The value the counter replaced"`
	New   any    `json:"new" doc:"The value it proposed"`
}

// diffFields lists the fields of the terms in the order changes are shown.
var diffFields = []string{"territories", "except_territories", "media", "languages", "start", "end", "exclusive", "holdbacks",
	"fee", "minimum_guarantee", "revenue_share_percent", "payments", "delivery_deadline", "materials"}

// proposal is the whole of a proposal's terms, for comparing two of them.
type proposal struct {
	rights.Terms
	Deal
}

// Diff lists the fields whose values differ between two proposals.
func Diff(oldT rights.Terms, oldD Deal, newT rights.Terms, newD Deal) []Change {
	a, b := fieldsOfProposal(proposal{oldT, oldD}), fieldsOfProposal(proposal{newT, newD})
	out := []Change{}
	for _, k := range diffFields {
		if bytes.Equal(a[k], b[k]) || (isEmptyJSON(a[k]) && isEmptyJSON(b[k])) {
			continue
		}
		out = append(out, Change{Field: k, Old: decode(a[k]), New: decode(b[k])})
	}
	return out
}

func fieldsOfProposal(p proposal) map[string]json.RawMessage {
	raw, _ := json.Marshal(p)
	m := map[string]json.RawMessage{}
	_ = json.Unmarshal(raw, &m)
	return m
}

func isEmptyJSON(r json.RawMessage) bool {
	switch string(r) {
	case "", "null", "[]", `""`, "false", "{}":
		return true
	}
	return false
}

func decode(r json.RawMessage) any {
	if isEmptyJSON(r) && string(r) != "false" {
		return nil
	}
	var v any
	_ = json.Unmarshal(r, &v)
	return v
}

// diffHistory sets, on every counter in h, what it changed from the
// proposal it answered (the request or the previous counter).
func diffHistory(h []*Step) {
	var lastT *rights.Terms
	var lastD Deal
	for _, st := range h {
		if st.Terms == nil || st.Action == Accept {
			continue
		}
		d := Deal{}
		if st.Deal != nil {
			d = *st.Deal
		}
		if st.Action == Counter && lastT != nil {
			st.Changes = Diff(*lastT, lastD, *st.Terms, d)
		}
		lastT, lastD = st.Terms, d
	}
}

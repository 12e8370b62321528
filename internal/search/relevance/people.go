package relevance

import (
	_ "embed"
	"encoding/json"
)

// People queries: directors and executives typed in one script (the others
// come from the name suggestions), found by every script and romanization,
// and titles found by their director's name. Directing credits are real.

//go:embed people.json
var peopleJSON []byte

// Person is a fixture person: the name as typed, and the fixture titles
// (by Key) they directed.
type Person struct {
	Key      string            `json:"key"`
	Names    map[string]string `json:"names"`
	Directed []string          `json:"directed"`
}

// PersonQuery is a query and what it must find first: "person:<key>" or
// "title:<key>"; Type narrows the search as the API's type parameter does.
type PersonQuery struct {
	Q    string `json:"q"`
	Type string `json:"type"`
	Want string `json:"want"`
	Why  string `json:"why"`
}

// People returns the fixture people and their queries.
func People() ([]Person, []PersonQuery) {
	var f struct {
		People  []Person      `json:"people"`
		Queries []PersonQuery `json:"queries"`
	}
	if err := json.Unmarshal(peopleJSON, &f); err != nil {
		panic("relevance people fixture: " + err.Error())
	}
	return f.People, f.Queries
}

package store

import (
	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// decodeDoc reads a JSON document this package wrote with encoding/json.
// Reading one is on the path of every title read (a GET of one title spent
// an eighth of its CPU there), and the v2 decoder (the implementation of Go's
// encoding/json/v2, here from its mirror module) takes about 40% less time
// and a third of the allocations. Its stricter defaults are relaxed to what
// encoding/json accepts, so any document the store holds still reads:
// invalid UTF-8 and repeated member names, which encoding/json writes never
// produce but imported rows might.
func decodeDoc(doc string, v any) error {
	return jsonv2.Unmarshal([]byte(doc), v, jsontext.AllowInvalidUTF8(true), jsontext.AllowDuplicateNames(true), jsonv2.MatchCaseInsensitiveNames(true))
}

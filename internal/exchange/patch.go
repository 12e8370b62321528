package exchange

import (
	"encoding/json"
	"fmt"
	"net/mail"
	"slices"
	"strings"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/mergepatch"
)

// CoordinatorsMax bounds the list a host names per programme.
const CoordinatorsMax = 50

// mergeFields applies an RFC 7396 merge patch to f.
func mergeFields(f ProgrammeFields, patch map[string]any) (ProgrammeFields, error) {
	merged, err := mergepatch.Document(f, patch)
	if err != nil {
		return f, err
	}
	var out ProgrammeFields
	if err := json.Unmarshal(merged, &out); err != nil {
		return f, (&apperr.Fields{{Field: "body", Message: "does not fit the programme's fields: " + err.Error()}}).Err()
	}
	return out, nil
}

// coordinators reads the host's list of coordinator e-mail addresses.
func coordinators(v any) ([]string, error) {
	var errs apperr.Fields
	list, ok := v.([]any)
	if v != nil && !ok {
		errs.Add("coordinators", "must be a list of e-mail addresses")
		return nil, errs.Err()
	}
	if len(list) > CoordinatorsMax {
		errs.Add("coordinators", "at most %d", CoordinatorsMax)
		return nil, errs.Err()
	}
	out := []string{}
	for i, x := range list {
		s, _ := x.(string)
		s = strings.ToLower(strings.TrimSpace(s))
		a, err := mail.ParseAddress(s)
		if err != nil || a.Address != s || len(s) > 254 {
			errs.Add(fmt.Sprintf("coordinators[%d]", i), "must be an e-mail address")
			continue
		}
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out, errs.Err()
}

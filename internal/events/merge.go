package events

import (
	"encoding/json"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/mergepatch"
)

// mergeEvent applies an RFC 7396 merge patch to a copy of e's JSON form.
func mergeEvent(e *Event, patch map[string]any) (*Event, error) {
	raw, err := mergepatch.Document(e, patch)
	if err != nil {
		return nil, err
	}
	var next Event
	if err := json.Unmarshal(raw, &next); err != nil {
		return nil, apperr.Fields{{Field: "body", Message: "the patch does not fit the event: " + err.Error()}}.Err()
	}
	next.ID, next.Organiser, next.Version, next.CreatedAt, next.CreatedBy, next.Override = e.ID, e.Organiser, e.Version, e.CreatedAt, e.CreatedBy, e.Override
	return &next, nil
}

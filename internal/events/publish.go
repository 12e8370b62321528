package events

import (
	"context"
	"strings"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/textrule"
)

// PublishInput asks to publish; OverrideReason is required when blocking
// checks remain.
type PublishInput struct {
	OverrideReason string `json:"override_reason,omitempty" maxLength:"2000" doc:"Why the event is published despite blocking checks (audited)"`
}

// Publish makes the event public. With blocking checks it is refused with a
// Conflict listing them, unless an override reason is given; the override is
// recorded on the event and in the audit log.
func (s *Service) Publish(ctx context.Context, id string, in PublishInput, ifMatch string) (*Event, error) {
	p, e, err := s.editable(ctx, id)
	if err != nil {
		return nil, err
	}
	if ifMatch != "" && !ETagMatches(ifMatch, e.Version) {
		return nil, apperr.New(apperr.PreconditionFailed, "event %s has changed (now %s); re-read it and retry", id, ETag(e.Version))
	}
	reason := strings.TrimSpace(in.OverrideReason)
	var f apperr.Fields
	checkText(&f, "override_reason", reason, 2000, false, textrule.MultiLine)
	if err := f.Err(); err != nil {
		return nil, err
	}
	cin, err := s.checkInput(ctx, e)
	if err != nil {
		return nil, err
	}
	results := Evaluate(cin)
	blocking := CountBlocking(results)
	if blocking > 0 && reason == "" {
		var refs []any
		for _, sc := range results {
			for _, c := range sc.Checks {
				if c.Severity == Blocking {
					refs = append(refs, map[string]any{"code": c.Code, "screening_id": sc.ScreeningID})
				}
			}
		}
		err := apperr.New(apperr.Conflict, "%d blocking checks: fix them, or publish with an override_reason", blocking)
		err.Refs = refs
		return nil, err
	}
	next := *e
	next.Status, next.UpdatedAt, next.Override = Published, s.clock(), nil
	changes := map[string]any{"status": Published, "blocking": blocking}
	if blocking > 0 {
		next.Override = &Override{Reason: reason, By: p.Name, At: next.UpdatedAt, Blocking: blocking}
		changes["override_reason"] = reason
	}
	if err := s.d.Store.EventUpdate(ctx, &next, e.Version, "event.published", changes); err != nil {
		return nil, err
	}
	next.Version = e.Version + 1
	return &next, nil
}

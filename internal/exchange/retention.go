package exchange

import (
	"context"
	"strings"
	"time"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/langtag"
)

// EraseDue removes the private fields of the participants of every
// completed programme whose retention period (the sending organisation's
// setting, DefaultRetentionDays unless set) has ended, then marks the
// programme done. It returns how many people were erased.
func (s *Service) EraseDue(ctx context.Context) (int, error) {
	if s.eraser == nil {
		return 0, nil
	}
	due, err := s.store.ExchangeRetentionDue(ctx, s.now().UTC())
	if err != nil {
		return 0, err
	}
	n := 0
	for _, e := range due {
		var erased []string
		for _, p := range e.Participants {
			if p.Status != Accepted && p.Status != Nominated {
				continue
			}
			if err := s.eraser.ErasePrivate(ctx, p.PersonID); err != nil && !apperr.Is(err, apperr.NotFound) {
				return n, err
			}
			erased = append(erased, p.PersonID)
			n++
		}
		if err := s.store.ExchangeRetentionDone(ctx, e, erased); err != nil {
			return n, err
		}
	}
	return n, nil
}

// Settings returns the caller's organisation's exchange settings.
func (s *Service) Settings(ctx context.Context) (*Settings, error) {
	pr, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	return s.store.ExchangeSettingsGet(ctx, pr.Org)
}

// PutSettings replaces the caller's organisation's settings (admins).
// Letter templates may use only the known placeholders.
func (s *Service) PutSettings(ctx context.Context, in Settings, ifMatch string) (*Settings, error) {
	pr, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	if !pr.IsAdmin() {
		return nil, apperr.New(apperr.Forbidden, "only admins of %s change exchange settings", pr.Org)
	}
	cur, err := s.store.ExchangeSettingsGet(ctx, pr.Org)
	if err != nil {
		return nil, err
	}
	var errs apperr.Fields
	if in.RetentionDays == 0 {
		in.RetentionDays = DefaultRetentionDays
	}
	if in.RetentionDays < 1 || in.RetentionDays > 3650 {
		errs.Add("retention_days", "must be between 1 and 3650")
	}
	letters := map[string]string{}
	for tag, body := range in.Letters {
		c, err := langtag.Canonical(tag)
		if err != nil {
			errs.Add("letters."+truncate(tag), "%v", err)
			continue
		}
		body = strings.TrimSpace(body)
		field := "letters." + c
		text(&errs, field, body, 1, LetterMax, true)
		if bad := UnknownPlaceholders(body); len(bad) > 0 {
			errs = append(errs, apperr.FieldError{Field: field, Code: CodeUnknownPlaceholder,
				Message: "unknown placeholder " + truncate(bad[0]) + "; use " + strings.Join(placeholderNames(), ", "),
				Params:  map[string]any{"placeholder": truncate(bad[0])}})
		}
		letters[c] = body
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	if ifMatch != "" && ifMatch != `"v`+itoa(int(cur.Version))+`"` && ifMatch != "*" {
		return nil, apperr.New(apperr.PreconditionFailed, "settings have changed")
	}
	out := &Settings{Org: pr.Org, RetentionDays: in.RetentionDays, Letters: letters, Version: cur.Version + 1,
		UpdatedAt: s.now().UTC().Truncate(time.Microsecond)}
	if err := s.store.ExchangeSettingsPut(ctx, out, pr.Name); err != nil {
		return nil, err
	}
	return out, nil
}

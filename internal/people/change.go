package people

import (
	"context"
	"reflect"
	"time"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/mergepatch"
)

// Patch applies an RFC 7396 merge patch. The owner's editors change the
// profile; private fields and coordinators only CanWritePrivate callers.
// A localization whose name changes stops being a suggestion; sending
// "suggested":false confirms one as it is.
func (s *Service) Patch(ctx context.Context, id string, patch map[string]any, ifMatch string) (*Person, error) {
	pr, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	cur, hosts, err := s.readable(ctx, pr, id)
	if err != nil {
		return nil, err
	}
	canPrivate := CanWritePrivate(pr, cur, hosts)
	_, touchesPrivate := patch["private"]
	_, touchesCoords := patch["coordinators"]
	switch {
	case cur.Erased:
		return nil, apperr.New(apperr.Conflict, "person %s was erased", id)
	case (touchesPrivate || touchesCoords) && !canPrivate:
		return nil, apperr.New(apperr.Forbidden, "only admins of %s may change private fields and coordinators", cur.Home())
	case !touchesPrivate && !touchesCoords && pr.Org != cur.Owner:
		return nil, apperr.New(apperr.Forbidden, "only the owning organisation (%s) may change this person", cur.Owner)
	}
	if err := pr.RequireWrite(); err != nil {
		return nil, err
	}
	if ifMatch != "" && !catalog.ETagMatches(ifMatch, cur.Version) {
		return nil, apperr.New(apperr.PreconditionFailed, "person %s has changed (now %s); re-read it and retry", id, catalog.ETag(cur.Version))
	}
	fields, err := mergeFields(cur.PersonFields, patch)
	if err != nil {
		return nil, err
	}
	for tag, l := range fields.Localizations {
		if old, ok := cur.Localizations[tag]; ok && old.Suggested && old.Name != l.Name {
			l.Suggested = false
			fields.Localizations[tag] = l
		}
	}
	next := *cur
	next.PersonFields = fields
	next.Version = cur.Version + 1
	if err := s.check(ctx, &next); err != nil {
		return nil, err
	}
	next.UpdatedAt = s.now().UTC().Truncate(time.Microsecond)
	if err := s.store.PersonUpdate(ctx, &next, changedFields(cur.PersonFields, next.PersonFields)); err != nil {
		return nil, err
	}
	// The answer carries the private fields to those who may read them:
	// a read like any other, so it is audited the same way.
	if err := s.guardPrivate(ctx, pr, &next, hosts, "person.private_read"); err != nil {
		return nil, err
	}
	return &next, nil
}

func mergeFields(f PersonFields, patch map[string]any) (PersonFields, error) {
	out, err := mergepatch.Document(f, patch)
	if err != nil {
		return PersonFields{}, err
	}
	var next PersonFields
	if err := catalog.DecodeStrict(out, &next); err != nil {
		return PersonFields{}, err
	}
	return next, nil
}

// changedFields names the top-level fields that differ, for the audit log
// (which records names, never values).
func changedFields(a, b PersonFields) []string {
	var out []string
	add := func(name string, x, y any) {
		if !reflect.DeepEqual(x, y) {
			out = append(out, name)
		}
	}
	add("localizations", a.Localizations, b.Localizations)
	add("org", a.Org, b.Org)
	add("roles", a.Roles, b.Roles)
	add("languages", a.Languages, b.Languages)
	add("visibility", a.Visibility, b.Visibility)
	add("private", a.Private, b.Private)
	add("coordinators", a.Coordinators, b.Coordinators)
	return out
}

// PersonExport is everything the hub holds about a person, for a data-subject
// request: profile, private fields, coordinators and credits.
type PersonExport struct {
	Person  *Person        `json:"person"`
	Credits []PersonCredit `json:"credits"`
}

// PersonExport returns the whole record; admins of the person's home organisation
// only. The read is audited.
func (s *Service) Export(ctx context.Context, id string) (*PersonExport, error) {
	p, err := s.homeAdminRead(ctx, id, "export")
	if err != nil {
		return nil, err
	}
	credits, err := s.store.PersonCredits(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := s.store.PersonAudit(ctx, p.Home(), "person.exported", id, privateFieldNames(p)); err != nil {
		return nil, err
	}
	return &PersonExport{Person: p, Credits: credits}, nil
}

// Erase removes a person's personal data for good (admins of the home
// organisation): private fields, coordinators, biographies and names go, a
// random pseudonym takes the name's place, and credits and audit entries keep
// pointing at the same id.
func (s *Service) Erase(ctx context.Context, id, ifMatch string) (*Person, error) {
	p, err := s.homeAdminRead(ctx, id, "erase")
	if err != nil {
		return nil, err
	}
	if ifMatch != "" && !catalog.ETagMatches(ifMatch, p.Version) {
		return nil, apperr.New(apperr.PreconditionFailed, "person %s has changed (now %s)", id, catalog.ETag(p.Version))
	}
	return s.erase(ctx, p)
}

// homeAdminRead reads person id for a data-subject request (export or
// erasure), which only admins of the person's home organisation may make;
// action names the request in the refusal.
func (s *Service) homeAdminRead(ctx context.Context, id, action string) (*Person, error) {
	pr, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	p, _, err := s.readable(ctx, pr, id)
	if err != nil {
		return nil, err
	}
	if pr.Org != p.Home() || !pr.IsAdmin() {
		return nil, apperr.New(apperr.Forbidden, "only admins of %s may %s this person", p.Home(), action)
	}
	return p, nil
}

// ErasePrivate removes only the private fields and coordinators of a person
// (no caller check): the retention job of personnel exchange calls it when
// an exchange's retention period ends.
func (s *Service) ErasePrivate(ctx context.Context, id string) error {
	for {
		p, err := s.store.PersonGet(ctx, id)
		if err != nil {
			return err
		}
		if p.Private.Empty() && len(p.Coordinators) == 0 {
			return nil
		}
		changed := privateFieldNames(p)
		p.Private, p.Coordinators = nil, nil
		p.Version++
		p.UpdatedAt = s.now().UTC().Truncate(time.Microsecond)
		err = s.store.PersonUpdate(ctx, p, changed)
		if !apperr.Is(err, apperr.PreconditionFailed) {
			return err
		}
	}
}

func (s *Service) erase(ctx context.Context, p *Person) (*Person, error) {
	if p.Erased {
		return p, nil
	}
	e := &Person{
		ID: p.ID, Owner: p.Owner, Erased: true, Version: p.Version + 1, CreatedAt: p.CreatedAt,
		UpdatedAt: s.now().UTC().Truncate(time.Microsecond),
		PersonFields: PersonFields{
			Localizations: map[string]PersonName{"en": {Name: pseudonym()}},
			Org:           p.Org, Roles: p.Roles, Visibility: p.Visibility,
		},
	}
	if err := s.store.PersonErase(ctx, e); err != nil {
		return nil, err
	}
	Localize(e, nil)
	return e, nil
}

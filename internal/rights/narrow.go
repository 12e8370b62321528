package rights

import "context"

// Scope is what a family load may leave out when the family answers one
// question: a licence on a descendant of the asked title (an episode of an
// asked series) bears on the answer only if it shares a country, a medium
// and a day with the question and blocks it (it is exclusive, or the question
// is), or if it carries holdbacks, which reach beyond its own terms. A series'
// family otherwise holds every episode's licences, 100 to 200 records that
// nearly all miss the question, and decoding them made the tail of a catalogue
// of series. Licences on the asked title's own chain are always loaded, since
// sub-licensing (Request.holder) reads them as holdings.
type Scope struct {
	Territories TerritorySet
	Media       MediaSet
	From, To    Day
	// AnyLicence: the question is exclusive, so a non-exclusive licence
	// overlapping it blocks it too.
	AnyLicence bool
}

// Scope returns the scope of r: every licence the engine would weigh for r
// (evaluate's conflicts and holdbacks) is inside it.
func (r *Request) Scope() Scope {
	return Scope{Territories: r.terr, Media: r.media, From: r.span.From, To: r.span.To, AnyLicence: r.exclusive}
}

// ScopedFamilyStore is a Store that can load families narrowed to a scope.
// Families loaded so answer only questions inside the scope: they are never
// used for a change, a timeline or a licence listing.
type ScopedFamilyStore interface {
	// RightsFamiliesScoped is RightsFamiliesFor (viewer "": RightsFamilies)
	// with descendants' licences outside s left out.
	RightsFamiliesScoped(ctx context.Context, viewer string, titleIDs []string, s Scope) ([]*Family, error)
}

// answeringFamilies loads the families that answer r for ids, as viewer
// reads them ("" for no read check), narrowed to r's scope when the store can.
func (s *Service) answeringFamilies(ctx context.Context, viewer string, ids []string, r *Request) ([]*Family, error) {
	if ss, ok := s.store.(ScopedFamilyStore); ok {
		return ss.RightsFamiliesScoped(ctx, viewer, ids, r.Scope())
	}
	if viewer == "" {
		return s.store.RightsFamilies(ctx, ids)
	}
	return s.store.RightsFamiliesFor(ctx, viewer, ids)
}

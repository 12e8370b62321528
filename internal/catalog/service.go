package catalog

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/etag"
	"github.com/silkbridge/silkbridge/internal/langtag"
	"github.com/silkbridge/silkbridge/internal/mergepatch"
)

// ListParams filters and pages a catalogue listing. Zero values mean "any".
type ListParams struct {
	Viewer   string // organisation whose visibility applies; required
	Limit    int
	After    string // cursor: the last id of the previous page (creation order)
	Kind     Kind
	Producer string
	Genre    string
	Country  string // ISO 3166-1 alpha-2: a country of production
	Year     int
	Owner    string
	ParentID string
	// Sort orders the listing; SortLang is the language whose title and
	// collation SortTitle and SortYear use (one of SortLanguages; the
	// service sets it from the reader's preferences).
	Sort     Sort
	SortLang string
	// From is where the previous page of a sorted listing ended (the
	// service decodes it from the cursor); nil starts at the beginning.
	From *Position
}

// Store persists titles. Implementations must keep the visibility rule of
// ListParams.Viewer identical to CanRead.
type Store interface {
	// TitleCreate stores a new title.
	TitleCreate(ctx context.Context, t *Title) error
	// TitleGet returns a title. Returns NotFound.
	TitleGet(ctx context.Context, id string) (*Title, error)
	// TitleUpdate replaces a title if its stored version is t.Version-1.
	// Returns NotFound, or PreconditionFailed when the version moved on.
	TitleUpdate(ctx context.Context, t *Title) error
	// TitleDelete deletes a title at version. Returns NotFound, PreconditionFailed,
	// or Conflict when other records (children, rights) still refer to it.
	TitleDelete(ctx context.Context, id string, version int64) error
	// TitleList returns up to p.Limit titles readable by p.Viewer, in
	// p.Sort's order (by id when none) after p.After or p.From, and whether
	// more follow.
	TitleList(ctx context.Context, p ListParams) ([]*Title, bool, error)
	// TitleCount returns how many titles readable by p.Viewer match p's
	// filters (ignoring its limit and position).
	TitleCount(ctx context.Context, p ListParams) (int, error)
	// TitleImport creates or replaces every title in one transaction.
	TitleImport(ctx context.Context, titles []*Title) error
	// OrgPartners returns the slugs of org's partners.
	OrgPartners(ctx context.Context, org string) ([]string, error)
	// OrgExists reports whether an organisation exists.
	OrgExists(ctx context.Context, slug string) (bool, error)
}

// Service applies the catalogue's rules.
type Service struct {
	store Store
	now   func() time.Time
}

// NewService returns a catalogue service over store.
func NewService(store Store) *Service { return &Service{store: store, now: time.Now} }

// CanRead reports whether an organisation may read t, given the owner's partners.
func CanRead(viewer string, t *Title, ownerPartners []string) bool {
	switch {
	case viewer == t.Owner, contains(t.Producers, viewer), t.Visibility == VisibilityPublic:
		return true
	case t.Visibility == VisibilityPartners:
		return contains(ownerPartners, viewer)
	}
	return false
}

// Get returns a title the caller may read, localized for prefs (most preferred
// first). Titles the caller may not read are NotFound, never Forbidden, so
// their existence does not leak.
func (s *Service) Get(ctx context.Context, id string, prefs []string) (*Title, error) {
	p, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	t, err := s.readable(ctx, p.Org, id)
	if err != nil {
		return nil, err
	}
	Localize(t, prefs)
	return t, nil
}

func (s *Service) readable(ctx context.Context, viewer, id string) (*Title, error) {
	t, err := s.store.TitleGet(ctx, id)
	if err != nil {
		return nil, err
	}
	if CanRead(viewer, t, nil) {
		return t, nil // owner, producer or public: the partners cannot change the answer
	}
	partners, err := s.store.OrgPartners(ctx, t.Owner)
	if err != nil {
		return nil, err
	}
	if !CanRead(viewer, t, partners) {
		return nil, notFound(id)
	}
	return t, nil
}

// Readable returns the title if the organisation may read it (for other
// domains, such as rights, that act on titles).
func (s *Service) Readable(ctx context.Context, viewer, id string) (*Title, error) {
	return s.readable(ctx, viewer, id)
}

func notFound(id string) error { return apperr.New(apperr.NotFound, "title %q not found", id) }

// Localize sets the display fields of t for a reader preferring prefs.
func Localize(t *Title, prefs []string) {
	all := append(append([]string{}, prefs...), t.OriginalLanguage, "en")
	t.DisplayLanguage = langtag.PickFrom(t.Languages(), all)
	t.DisplayTitle = t.Localizations[t.DisplayLanguage].Title
}

// List returns a page of titles the caller may read, and the cursor of the next page.
func (s *Service) List(ctx context.Context, p ListParams, prefs []string) ([]*Title, string, error) {
	p, err := s.listParams(ctx, p, prefs)
	if err != nil {
		return nil, "", err
	}
	if p.After != "" {
		if p.Sort == SortCreated {
			if p.After, err = DecodeCursor(CursorTitles, p.After); err != nil {
				return nil, "", err
			}
		} else {
			if p.From, err = decodeSortCursor(p, p.After); err != nil {
				return nil, "", err
			}
			p.After = ""
		}
	}
	items, more, err := s.store.TitleList(ctx, p)
	if err != nil {
		return nil, "", err
	}
	for _, t := range items {
		Localize(t, prefs)
	}
	next := ""
	if more && len(items) > 0 {
		last := items[len(items)-1]
		next = EncodeCursor(CursorTitles, last.ID)
		if p.Sort != SortCreated {
			next = encodeSortCursor(p, last)
		}
	}
	return items, next, nil
}

// Count returns how many titles the caller may read match p's filters.
func (s *Service) Count(ctx context.Context, p ListParams) (int, error) {
	p, err := s.listParams(ctx, p, nil)
	if err != nil {
		return 0, err
	}
	return s.store.TitleCount(ctx, p)
}

// listParams sets the viewer, limit and sort language of a listing and
// checks its filters, so a bad value is an error rather than an empty list.
func (s *Service) listParams(ctx context.Context, p ListParams, prefs []string) (ListParams, error) {
	pr, err := auth.Require(ctx)
	if err != nil {
		return p, err
	}
	p.Viewer = pr.Org
	if p.Limit <= 0 || p.Limit > 200 {
		p.Limit = 50
	}
	if p.SortLang == "" {
		p.SortLang = SortLanguage(prefs)
	}
	if err := s.checkFilters(ctx, &p); err != nil {
		return p, err
	}
	return p, nil
}

// Create validates f and stores it as a new title owned by the caller's organisation.
func (s *Service) Create(ctx context.Context, f Fields) (*Title, error) {
	p, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	if err := p.RequireWrite(); err != nil {
		return nil, err
	}
	t := &Title{ID: NewID(), Owner: p.Org, Fields: f, Version: 1}
	if err := s.check(ctx, t); err != nil {
		return nil, err
	}
	t.CreatedAt = s.now().UTC().Truncate(time.Microsecond)
	t.UpdatedAt = t.CreatedAt
	if err := s.store.TitleCreate(ctx, t); err != nil {
		return nil, err
	}
	return t, nil
}

// NewID returns a new, time-ordered title id (UUIDv7), so id order is creation order.
func NewID() string { return uuid.Must(uuid.NewV7()).String() }

// check normalizes t's fields and applies the rules that need the store.
func (s *Service) check(ctx context.Context, t *Title) error { return s.checkIn(ctx, t, nil) }

// checkIn is check for a title arriving with others (an import): a parent
// may be among pending rather than stored yet.
func (s *Service) checkIn(ctx context.Context, t *Title, pending map[string]*Title) error {
	if len(t.Producers) == 0 {
		t.Producers = []string{t.Owner}
	}
	err := t.Normalize()
	var errs apperr.Fields
	var ae *apperr.Error
	if errors.As(err, &ae) {
		errs = ae.Fields
	} else if err != nil {
		return err
	}
	for i, prod := range t.Producers {
		ok, err := s.store.OrgExists(ctx, prod)
		if err != nil {
			return err
		}
		if !ok {
			errs.AddCode(fmt.Sprintf("producers[%d]", i), "catalog.producer_unknown", map[string]any{"Value": prod}, "unknown organisation %q", prod)
		}
	}
	if t.ParentID != "" {
		if err := s.checkParent(ctx, t, pending); err != nil {
			var pe *apperr.Error
			if !errors.As(err, &pe) || pe.Code != apperr.Invalid {
				return err
			}
			errs = append(errs, pe.Fields...)
		}
	}
	return errs.Err()
}

func (s *Service) checkParent(ctx context.Context, t *Title, pending map[string]*Title) error {
	bad := func(msg string) error {
		return (apperr.Fields{{Field: "parent_id", Message: msg}}).Err()
	}
	if t.ParentID == t.ID {
		return bad("a title cannot be its own parent")
	}
	parent, err := s.store.TitleGet(ctx, t.ParentID)
	if p, ok := pending[t.ParentID]; ok && apperr.Is(err, apperr.NotFound) {
		parent, err = p, nil
	}
	if apperr.Is(err, apperr.NotFound) {
		return bad("no such title")
	}
	if err != nil {
		return err
	}
	if parent.Owner != t.Owner {
		return bad("the parent belongs to another organisation")
	}
	switch {
	case t.Kind == KindSeason && parent.Kind != KindSeries:
		return bad("a season's parent must be a series")
	case t.Kind == KindEpisode && parent.Kind != KindSeason && parent.Kind != KindSeries:
		return bad("an episode's parent must be a season or series")
	}
	return nil
}

// Patch applies an RFC 7396 JSON merge patch to a title. ifMatch, when not
// empty, must be the title's current ETag; a stale one is PreconditionFailed.
func (s *Service) Patch(ctx context.Context, id string, patch map[string]any, ifMatch string) (*Title, error) {
	p, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	cur, err := s.readable(ctx, p.Org, id)
	if err != nil {
		return nil, err
	}
	if err := s.requireOwnerWrite(p, cur); err != nil {
		return nil, err
	}
	if ifMatch != "" && !ETagMatches(ifMatch, cur.Version) {
		return nil, apperr.New(apperr.PreconditionFailed, "title %s has changed (now %s); re-read it and retry", id, ETag(cur.Version))
	}
	fields, err := MergeFields(cur.Fields, patch)
	if err != nil {
		return nil, err
	}
	next := *cur
	next.Fields = fields
	next.Version = cur.Version + 1
	if err := s.check(ctx, &next); err != nil {
		return nil, err
	}
	next.UpdatedAt = s.now().UTC().Truncate(time.Microsecond)
	if err := s.store.TitleUpdate(ctx, &next); err != nil {
		return nil, err
	}
	return &next, nil
}

// Delete removes a title. ifMatch as in Patch.
func (s *Service) Delete(ctx context.Context, id, ifMatch string) error {
	p, err := auth.Require(ctx)
	if err != nil {
		return err
	}
	cur, err := s.readable(ctx, p.Org, id)
	if err != nil {
		return err
	}
	if err := s.requireOwnerWrite(p, cur); err != nil {
		return err
	}
	if ifMatch != "" && !ETagMatches(ifMatch, cur.Version) {
		return apperr.New(apperr.PreconditionFailed, "title %s has changed (now %s)", id, ETag(cur.Version))
	}
	return s.store.TitleDelete(ctx, id, cur.Version)
}

func (s *Service) requireOwnerWrite(p *auth.Principal, t *Title) error {
	if p.Org != t.Owner {
		return apperr.New(apperr.Forbidden, "only the owning organisation (%s) may change this title", t.Owner)
	}
	return p.RequireWrite()
}

// MergeFields applies a JSON merge patch to f. Unknown fields in the patch
// are refused, so typos never pass silently.
func MergeFields(f Fields, patch map[string]any) (Fields, error) {
	out, err := mergepatch.Document(f, patch)
	if err != nil {
		return Fields{}, err
	}
	var next Fields
	if err := DecodeStrict(out, &next); err != nil {
		return Fields{}, err
	}
	return next, nil
}

// DecodeStrict decodes JSON into v, refusing unknown fields and trailing data,
// and reports problems as field errors.
func DecodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonFieldError(err)
	}
	if dec.More() {
		return (apperr.Fields{{Field: "", Message: "unexpected data after the JSON object"}}).Err()
	}
	return nil
}

func jsonFieldError(err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return (apperr.Fields{{Field: te.Field, Message: fmt.Sprintf("must be %s, not %s", te.Type, te.Value)}}).Err()
	}
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "json: unknown field "); ok {
		return (apperr.Fields{{Field: strings.Trim(name, `"`), Message: "unknown field"}}).Err()
	}
	return (apperr.Fields{{Field: "", Message: "malformed JSON: " + msg}}).Err()
}

// ETag renders a title version as a strong entity tag.
func ETag(version int64) string { return fmt.Sprintf(`"v%d"`, version) }

// ETagMatches reports whether an If-Match header value names version,
// under strong comparison (a weak tag never matches).
func ETagMatches(header string, version int64) bool { return etag.MatchesVersion(header, version) }

package people

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"time"

	"github.com/google/uuid"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/langtag"
	"github.com/silkbridge/silkbridge/internal/transcribe"
)

// ListParams filters and pages the directory.
type ListParams struct {
	Viewer string // organisation whose visibility applies; required
	Limit  int
	After  string // last id of the previous page
	Org    string
	Role   PersonRole
}

// Store persists people and credits. Writes record an audit entry in the
// same transaction that names the fields changed, never their values, so
// the log holds no personal data to erase.
type Store interface {
	PersonCreate(ctx context.Context, p *Person) error
	// PersonGet returns a person with private fields and coordinators.
	PersonGet(ctx context.Context, id string) (*Person, error)
	// PersonUpdate replaces a person whose stored version is p.Version-1.
	PersonUpdate(ctx context.Context, p *Person, changed []string) error
	// PersonList returns public profiles readable by p.Viewer in id order
	// (no private fields) and whether more follow.
	PersonList(ctx context.Context, p ListParams) ([]*Person, bool, error)
	// PersonErase replaces the stored person by the erased p (a pseudonym and
	// no free text or private data) at version p.Version-1, and removes the
	// person's entries from the search index.
	PersonErase(ctx context.Context, p *Person) error
	// PersonAudit appends an audit entry about a person (reads of private data).
	PersonAudit(ctx context.Context, org, action, id string, fields []string) error
	// CreditsGet returns a title's credits in order.
	CreditsGet(ctx context.Context, titleID string) ([]TitleCredit, error)
	// CreditsSet replaces a title's credits (audited for owner).
	CreditsSet(ctx context.Context, titleID, owner string, cs []TitleCredit) error
	// PersonCredits returns the (title id, role, character) credits of a person.
	PersonCredits(ctx context.Context, personID string) ([]PersonCredit, error)
	OrgPartners(ctx context.Context, org string) ([]string, error)
	OrgExists(ctx context.Context, slug string) (bool, error)
}

// Titles is what people need from the catalogue.
type Titles interface {
	Readable(ctx context.Context, viewer, id string) (*catalog.Title, error)
}

// Service applies the directory's rules.
type Service struct {
	store  Store
	titles Titles
	hosts  Hosts
	now    func() time.Time
}

// NewService returns a directory service. hosts may be nil (NoHosts).
func NewService(store Store, titles Titles, hosts Hosts) *Service {
	if hosts == nil {
		hosts = NoHosts{}
	}
	return &Service{store: store, titles: titles, hosts: hosts, now: time.Now}
}

// SetHosts installs the exchange domain's answer to "who hosts this person".
func (s *Service) SetHosts(h Hosts) { s.hosts = h }

// NewID returns a time-ordered id (UUIDv7).
func NewID() string { return uuid.Must(uuid.NewV7()).String() }

func notFound(id string) error { return apperr.New(apperr.NotFound, "person %q not found", id) }

// readable loads a person the caller may read, with the hosts list.
func (s *Service) readable(ctx context.Context, pr *auth.Principal, id string) (*Person, []string, error) {
	p, err := s.store.PersonGet(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	partners, err := s.store.OrgPartners(ctx, p.Owner)
	if err != nil {
		return nil, nil, err
	}
	hosts, err := s.hosts.HostsOf(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if !CanRead(pr.Org, p, partners) && !contains(hosts, pr.Org) {
		return nil, nil, notFound(id)
	}
	return p, hosts, nil
}

// Get returns a person localized for prefs. PrivateData fields are kept only
// for those CanReadPrivate allows, and that read is audited.
func (s *Service) Get(ctx context.Context, id string, prefs []string) (*Person, error) {
	pr, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	p, hosts, err := s.readable(ctx, pr, id)
	if err != nil {
		return nil, err
	}
	if err := s.guardPrivate(ctx, pr, p, hosts, "person.private_read"); err != nil {
		return nil, err
	}
	Localize(p, prefs)
	return p, nil
}

// guardPrivate strips private data unless pr may read it, and audits the read.
func (s *Service) guardPrivate(ctx context.Context, pr *auth.Principal, p *Person, hosts []string, action string) error {
	if !CanReadPrivate(pr, p, hosts) && !s.hostCoordinator(ctx, pr, p) {
		StripPrivate(p)
		return nil
	}
	if p.Private.Empty() && len(p.Coordinators) == 0 {
		return nil
	}
	return s.store.PersonAudit(ctx, p.Home(), action, p.ID, privateFieldNames(p))
}

// hostCoordinator reports whether pr is a coordinator a hosting
// organisation's admins named for an exchange of p (HostCoordinators).
func (s *Service) hostCoordinator(ctx context.Context, pr *auth.Principal, p *Person) bool {
	hc, ok := s.hosts.(HostCoordinators)
	if !ok || p.Erased {
		return false
	}
	yes, err := hc.Coordinates(ctx, p.ID, pr)
	return err == nil && yes
}

// PublicView returns a person as anyone allowed to read the profile sees it
// (never private data), for credits, search and web lists.
func (s *Service) PublicView(ctx context.Context, viewer, id string) (*Person, error) {
	p, err := s.store.PersonGet(ctx, id)
	if err != nil {
		return nil, err
	}
	partners, err := s.store.OrgPartners(ctx, p.Owner)
	if err != nil {
		return nil, err
	}
	if !CanRead(viewer, p, partners) {
		return nil, notFound(id)
	}
	StripPrivate(p)
	return p, nil
}

// List returns a page of readable people (never with private data) and the
// cursor of the next page.
func (s *Service) List(ctx context.Context, lp ListParams, prefs []string) ([]*Person, string, error) {
	pr, err := auth.Require(ctx)
	if err != nil {
		return nil, "", err
	}
	lp.Viewer = pr.Org
	if lp.Limit <= 0 || lp.Limit > 200 {
		lp.Limit = 50
	}
	if lp.After != "" {
		after, err := catalog.DecodeCursor(cursorPeople, lp.After)
		if err != nil {
			return nil, "", err
		}
		lp.After = after
	}
	items, more, err := s.store.PersonList(ctx, lp)
	if err != nil {
		return nil, "", err
	}
	for _, p := range items {
		StripPrivate(p)
		Localize(p, prefs)
	}
	next := ""
	if more && len(items) > 0 {
		next = catalog.EncodeCursor(cursorPeople, items[len(items)-1].ID)
	}
	return items, next, nil
}

// cursorPeople marks cursors of the people list ('p' is free among catalog's kinds).
const cursorPeople catalog.CursorKind = 'p'

// Create validates f and stores a new person owned by the caller's
// organisation. Names typed in one script get suggestions in the others.
func (s *Service) Create(ctx context.Context, f PersonFields) (*Person, error) {
	pr, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	if err := pr.RequireWrite(); err != nil {
		return nil, err
	}
	p := &Person{ID: NewID(), Owner: pr.Org, PersonFields: f, Version: 1}
	if err := s.check(ctx, p); err != nil {
		return nil, err
	}
	if (!p.Private.Empty() || len(p.Coordinators) > 0) && !CanWritePrivate(pr, p, nil) {
		return nil, apperr.New(apperr.Forbidden, "only admins of %s may set private fields and coordinators", p.Home())
	}
	AddSuggestions(&p.PersonFields)
	p.CreatedAt = s.now().UTC().Truncate(time.Microsecond)
	p.UpdatedAt = p.CreatedAt
	if err := s.store.PersonCreate(ctx, p); err != nil {
		return nil, err
	}
	return p, nil
}

func (s *Service) check(ctx context.Context, p *Person) error {
	err := p.Normalize()
	var errs apperr.Fields
	if ae, ok := err.(*apperr.Error); ok {
		errs = ae.Fields
	} else if err != nil {
		return err
	}
	if p.Org != "" {
		ok, err := s.store.OrgExists(ctx, p.Org)
		if err != nil {
			return err
		}
		if !ok {
			errs.Add("org", "unknown organisation %q", truncate(p.Org))
		}
	}
	return errs.Err()
}

// AddSuggestions fills the languages the name is missing in (en, ru,
// zh-Hans) from the first typed name that the rules can read, flagged
// Suggested. Typed names are never overwritten.
func AddSuggestions(f *PersonFields) {
	for _, src := range []string{"zh-Hans", "zh", "zh-Hant", "ru"} {
		l, ok := f.Localizations[src]
		if !ok || l.Suggested {
			continue
		}
		for tag, name := range transcribe.Suggest(l.Name, src) {
			if _, have := f.Localizations[tag]; !have {
				f.Localizations[tag] = PersonName{Name: name, Suggested: true}
			}
		}
	}
}

// Suggest returns suggested names in the other scripts.
func Suggest(name, lang string) (map[string]string, error) {
	var errs apperr.Fields
	canon, err := langtag.Canonical(lang)
	if err != nil {
		errs.Add("language", "%v", err)
	}
	text(&errs, "name", name, 1, NameMax, false)
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return transcribe.Suggest(name, canon), nil
}

// Localize sets the display name for a reader preferring prefs. A suggested
// name is shown too (the API marks it); the web labels it as a suggestion.
func Localize(p *Person, prefs []string) {
	all := append(append([]string{}, prefs...), "en")
	p.DisplayLanguage = langtag.PickFrom(p.NameLanguages(), all)
	p.DisplayName = p.Localizations[p.DisplayLanguage].Name
}

func contains[T comparable](xs []T, x T) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

func privateFieldNames(p *Person) []string {
	var out []string
	if v := p.Private; v != nil {
		for name, set := range map[string]bool{
			"date_of_birth": v.DateOfBirth != "", "passport_number": v.PassportNumber != "",
			"passport_expiry": v.PassportExpiry != "", "phone": v.Phone != "", "email": v.Email != "", "needs": v.Needs != "",
		} {
			if set {
				out = append(out, name)
			}
		}
	}
	if len(p.Coordinators) > 0 {
		out = append(out, "coordinators")
	}
	return out
}

// pseudonym is a random, meaningless name for an erased person.
func pseudonym() string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return "Person " + hex.EncodeToString(b)
}

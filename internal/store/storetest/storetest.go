package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/org"
	"github.com/silkbridge/silkbridge/internal/store"
)

// Exercise runs the whole store contract against databases made by open.
// When a store method changes, extend this suite rather than one engine's tests.
func Exercise(t *testing.T, open func(t testing.TB) *store.DB) {
	t.Run("Migrations", func(t *testing.T) { exerciseMigrations(t, open) })
	t.Run("Orgs", func(t *testing.T) { exerciseOrgs(t, open) })
	t.Run("Tokens", func(t *testing.T) { exerciseTokens(t, open) })
	t.Run("Titles", func(t *testing.T) { exerciseTitles(t, open) })
	for _, x := range extra {
		t.Run(x.name, func(t *testing.T) { x.fn(t, open) })
	}
}

type extension struct {
	name string
	fn   func(t *testing.T, open func(t testing.TB) *store.DB)
}

var extra []extension

// Register adds a domain's part of the contract suite (called from init in
// this package's per-domain files), so each domain keeps its own file.
func Register(name string, fn func(t *testing.T, open func(t testing.TB) *store.DB)) {
	extra = append(extra, extension{name, fn})
}

// Services bundles domain services over one database, for tests.
type Services struct {
	DB      *store.DB
	Orgs    *org.Service
	Tokens  *auth.TokenService
	Catalog *catalog.Service
}

// NewServices wires the domain services over db.
func NewServices(db *store.DB) *Services {
	return &Services{DB: db, Orgs: org.NewService(db), Tokens: auth.NewTokenService(db), Catalog: catalog.NewService(db)}
}

// SeedOrgs creates organisations cmg and vgtrk (partners) and an unrelated
// organisation "other", as the demo does.
func SeedOrgs(t testing.TB, s *Services) {
	t.Helper()
	ctx := context.Background()
	for _, o := range []*org.Organisation{
		{Slug: "cmg", Country: "CN", Names: map[string]string{"en": "China Media Group", "zh-Hans": "中央广播电视总台"}},
		{Slug: "vgtrk", Country: "RU", Names: map[string]string{"en": "VGTRK", "ru": "ВГТРК"}, Partners: []string{"cmg"}},
		{Slug: "other", Country: "DE", Names: map[string]string{"en": "Other Broadcaster"}},
	} {
		if err := s.Orgs.Create(ctx, o); err != nil {
			t.Fatalf("create org %s: %v", o.Slug, err)
		}
	}
}

// As returns a context acting as org with role.
func As(org string, role auth.Role) context.Context {
	return auth.WithPrincipal(context.Background(), &auth.Principal{Org: org, Role: role, Name: org + "-" + string(role)})
}

// TitleFields returns valid fields for a film, with localized titles from title.
func TitleFields(title string, vis catalog.Visibility) catalog.Fields {
	return catalog.Fields{
		Kind: catalog.KindFilm, OriginalLanguage: "ru", ProductionYear: 2025,
		Localizations: map[string]catalog.Localization{"en": {Title: title}, "ru": {Title: title + " (ru)"}},
		Visibility:    vis, Genres: []string{"drama"}, Countries: []string{"RU"},
	}
}

func within(a, b time.Time) bool { d := a.Sub(b); return d < time.Millisecond && d > -time.Millisecond }

func orgOf(slug string) org.Organisation {
	return org.Organisation{Slug: slug, Country: "FR", Names: map[string]string{"fr": slug}}
}

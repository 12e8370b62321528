// Package demo loads the demonstration hub: the two partner broadcasters and
// the four films of the 2025 Moscow cooperation event (see docs/demo.md).
// Loading is idempotent: running it again changes nothing but the demo tokens.
package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/org"
)

// Stores is what loading the demo needs.
type Stores interface {
	org.Store
	catalog.Store
	auth.TokenStore
	auth.UserStore
}

// Credential is a demo API token, printed at start.
type Credential struct {
	Org   string
	Token string
	Users []User // web sign-ins: an admin, an editor and a viewer
}

// Orgs are the demo organisations.
var Orgs = []*org.Organisation{
	{Slug: "cmg", Country: "CN", Names: map[string]string{
		"en": "China Media Group", "zh-Hans": "中央广播电视总台", "ru": "Медиакорпорация Китая"}},
	{Slug: "vgtrk", Country: "RU", Names: map[string]string{
		"en":      "All-Russia State Television and Radio Broadcasting Company (VGTRK)",
		"zh-Hans": "全俄国家电视广播公司",
		"ru":      "ВГТРК (Всероссийская государственная телевизионная и радиовещательная компания)"},
		Partners: []string{"cmg"}},
}

// namespace derives stable demo title ids, so a second run finds the first run's titles.
var namespace = uuid.MustParse("6f1d3c2a-9b7e-4c55-8e2f-5a0b1c2d3e4f")

// TitleID returns the id of a demo title by its English name.
func TitleID(en string) string { return uuid.NewSHA1(namespace, []byte(en)).String() }

// Title is a demo title and its owner.
type Title struct {
	Owner string
	catalog.Fields
}

// Titles are the demo catalogue. Only facts from the event report are used;
// original languages are inferred from the countries and marked in Notes.
var Titles = []Title{
	{"vgtrk", catalog.Fields{
		Kind: catalog.KindFilm, OriginalLanguage: "ru", Producers: []string{"vgtrk", "cmg"}, Countries: []string{"RU", "CN"},
		ProductionYear: 2025, Visibility: catalog.VisibilityPartners,
		Releases: []catalog.Release{
			{Territory: "RU", Type: "theatrical", Date: "2025-02-20", Note: "premiere"},
			{Territory: "CN", Type: "theatrical", Date: "2025-09"},
		},
		Localizations: map[string]catalog.Localization{
			"en": {Title: "Red Silk"}, "zh-Hans": {Title: "红丝绸"}, "ru": {Title: "Красный шёлк"}},
	}},
	{"cmg", catalog.Fields{
		Kind: catalog.KindFilm, OriginalLanguage: "zh", Countries: []string{"CN"}, ProductionYear: 2021,
		Visibility: catalog.VisibilityPartners,
		Localizations: map[string]catalog.Localization{
			"en": {Title: "My Country, My Parents"}, "zh-Hans": {Title: "我和我的父辈"}, "ru": {Title: "Моя страна, мои родители"}},
	}},
	{"cmg", catalog.Fields{
		Kind: catalog.KindFilm, OriginalLanguage: "zh", Countries: []string{"CN"}, ProductionYear: 2025,
		Visibility: catalog.VisibilityPartners,
		Localizations: map[string]catalog.Localization{
			"en": {Title: "Detective Chinatown 1900"}, "zh-Hans": {Title: "唐探1900"}, "ru": {Title: "Детектив Чайнатаун 1900"}},
	}},
	{"cmg", catalog.Fields{
		Kind: catalog.KindFilm, OriginalLanguage: "zh", Countries: []string{"CN"}, ProductionYear: 2024,
		Genres: []string{"documentary"}, Visibility: catalog.VisibilityPartners,
		Localizations: map[string]catalog.Localization{
			"en":      {Title: "The Sinking of the Lisbon Maru"},
			"zh-Hans": {Title: "里斯本丸沉没"},
			"ru":      {Title: "Гибель «Лиссабон-мару»", Note: "working translation"}},
	}},
}

// Load creates whatever part of the demo is missing and issues a fresh admin
// token named "demo" per organisation, revoking the previous ones.
func Load(ctx context.Context, st Stores) ([]Credential, error) {
	orgs := org.NewService(st)
	for _, o := range Orgs {
		if _, err := st.OrgGet(ctx, o.Slug); err == nil {
			continue
		}
		c := *o
		if err := orgs.Create(ctx, &c); err != nil {
			return nil, fmt.Errorf("demo org %s: %w", o.Slug, err)
		}
	}
	for _, dt := range Titles {
		id := TitleID(dt.Localizations["en"].Title)
		if _, err := st.TitleGet(ctx, id); err == nil {
			continue
		} else if !apperr.Is(err, apperr.NotFound) {
			return nil, err
		}
		if err := createTitle(ctx, st, id, dt); err != nil {
			return nil, fmt.Errorf("demo title %s: %w", dt.Localizations["en"].Title, err)
		}
	}
	if err := loadRights(ctx, st); err != nil {
		return nil, err
	}
	if err := loadEvents(ctx, st); err != nil {
		return nil, err
	}
	if err := loadPeople(ctx, st); err != nil {
		return nil, err
	}
	if err := loadExchanges(ctx, st); err != nil { // exchanges.go
		return nil, err
	}
	tokens := auth.NewTokenService(st)
	var creds []Credential
	for _, o := range Orgs {
		old, err := st.TokenList(ctx, o.Slug)
		if err != nil {
			return nil, err
		}
		for _, t := range old {
			if t.Name == "demo" && t.RevokedAt == nil {
				if err := tokens.Revoke(ctx, o.Slug, t.ID); err != nil {
					return nil, err
				}
			}
		}
		_, plain, err := tokens.Issue(ctx, o.Slug, auth.RoleAdmin, "demo")
		if err != nil {
			return nil, err
		}
		users, err := loadUsers(ctx, st, o.Slug)
		if err != nil {
			return nil, err
		}
		creds = append(creds, Credential{Org: o.Slug, Token: plain, Users: users})
	}
	return creds, nil
}

// createTitle stores a demo title under its fixed id through the import path,
// so it passes the same validation as any other title.
func createTitle(ctx context.Context, st Stores, id string, dt Title) error {
	now := time.Now().UTC().Truncate(time.Microsecond)
	t := &catalog.Title{ID: id, Owner: dt.Owner, Fields: dt.Fields, Version: 1, CreatedAt: now, UpdatedAt: now}
	t.Localizations = cloneLocalizations(dt.Localizations)
	if len(t.Producers) == 0 {
		t.Producers = []string{dt.Owner}
	}
	if err := t.Normalize(); err != nil {
		return err
	}
	return st.TitleImport(ctx, []*catalog.Title{t})
}

func cloneLocalizations(in map[string]catalog.Localization) map[string]catalog.Localization {
	out := make(map[string]catalog.Localization, len(in))
	for k, v := range in {
		out[k] = v
	}
	return out
}

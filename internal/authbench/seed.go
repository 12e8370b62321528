// Package authbench measures what a flood of bad credentials does to the
// hub: one real server process on loopback, a normal client reading titles
// at a steady pace, and many attacking clients sending random secrets for a
// real token id and junk Authorization headers. It reports the normal
// client's latency and the server's resident memory per phase, with a
// baseline (no attack) measured in the same run. `silkbridge bench auth`
// drives it; see docs/benchmarks.md.
package authbench

import (
	"context"
	"fmt"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/org"
	"github.com/silkbridge/silkbridge/internal/store"
)

// Tokens are the credentials of a seeded hub.
type Tokens struct {
	// Normal is the reading client's token (vgtrk, viewer).
	Normal string
	// Victim is a real token (cmg, admin) whose id the attackers use with
	// random secrets.
	Victim string
	// LegacyID is the id of a token stored with an argon2id hash, as tokens
	// issued before HMAC hashing are until their first use.
	LegacyID string
}

// Seed creates two partner organisations, titles for the normal client to
// read and the tokens of the benchmark.
func Seed(ctx context.Context, db *store.DB, titles int) (Tokens, error) {
	orgs, tokens, cat := org.NewService(db), auth.NewTokenService(db), catalog.NewService(db)
	for _, o := range []*org.Organisation{
		{Slug: "cmg", Country: "CN", Names: map[string]string{"en": "China Media Group"}},
		{Slug: "vgtrk", Country: "RU", Names: map[string]string{"en": "VGTRK"}, Partners: []string{"cmg"}},
	} {
		if err := orgs.Create(ctx, o); err != nil {
			return Tokens{}, fmt.Errorf("seed org %s: %w", o.Slug, err)
		}
	}
	asCMG := auth.WithPrincipal(ctx, &auth.Principal{Org: "cmg", Role: auth.RoleEditor, Name: "bench"})
	for i := range titles {
		f := catalog.Fields{
			Kind: catalog.KindFilm, OriginalLanguage: "zh", ProductionYear: 2000 + i%25,
			Localizations: map[string]catalog.Localization{
				"en":      {Title: fmt.Sprintf("Silk Road %d", i)},
				"zh-Hans": {Title: fmt.Sprintf("丝绸之路 %d", i)},
				"ru":      {Title: fmt.Sprintf("Шёлковый путь %d", i)},
			},
			Visibility: catalog.VisibilityPartners, Genres: []string{"drama"}, Countries: []string{"CN"},
		}
		if _, err := cat.Create(asCMG, f); err != nil {
			return Tokens{}, fmt.Errorf("seed title %d: %w", i, err)
		}
	}
	var t Tokens
	var err error
	if _, t.Normal, err = tokens.Issue(ctx, "vgtrk", auth.RoleViewer, "reader"); err != nil {
		return t, err
	}
	if _, t.Victim, err = tokens.Issue(ctx, "cmg", auth.RoleAdmin, "ingest"); err != nil {
		return t, err
	}
	hash, err := auth.HashSecret(auth.RandomString(32))
	if err != nil {
		return t, err
	}
	t.LegacyID = "legacybench1"
	err = db.TokenCreate(ctx, &auth.Token{ID: t.LegacyID, Org: "cmg", Name: "issued before HMAC", Role: auth.RoleViewer, SecretHash: hash})
	return t, err
}

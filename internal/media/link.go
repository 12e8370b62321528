package media

import (
	"context"
	"encoding/hex"
	"strconv"
	"strings"
	"time"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/auth"
)

// Delivery links let a licensee hand an original to its vendor (a dubbing
// house, a playout company) that has no account on the hub: a URL carrying a
// random token, limited in time and in the number of downloads, revocable,
// and only as good as the creating organisation's own right to download.
// The token is never stored: the store keeps HMAC-SHA256 of it under a key
// derived from the server secret, as API tokens are kept, so a database dump
// yields no working link.

// Limits on a link.
const (
	MaxLinkLifetime  = 30 * 24 * time.Hour
	MaxLinkDownloads = 1000
	// LinkTokenPrefix marks delivery link tokens, so secret scanners can
	// find leaked ones and they are never confused with API tokens.
	LinkTokenPrefix = "sbl_"
)

// Error codes of link refusals; the HTTP layer answers them with 410 Gone.
const (
	CodeLinkExpired apperr.Code = "link_expired"
	CodeLinkRevoked apperr.Code = "link_revoked"
	CodeLinkUsedUp  apperr.Code = "link_used_up"
)

// Rule codes of link field errors, which interfaces word themselves.
const (
	CodeLinkExpiresIn    = "link.expires_in"
	CodeLinkMaxDownloads = "link.max_downloads"
)

// linkPurpose keys the token hashes apart from every other use of the
// server secret.
const linkPurpose = "silkbridge delivery link v1"

// Link statuses, derived from the record and the time.
const (
	LinkActive  = "active"
	LinkExpired = "expired"
	LinkUsedUp  = "used_up"
	LinkRevoked = "revoked"
)

// Link is a delivery link of an asset's original.
type Link struct {
	ID           string     `json:"id"`
	AssetID      string     `json:"asset_id"`
	Org          string     `json:"org" doc:"The organisation that made the link; downloads use its right"`
	CreatedBy    string     `json:"created_by"`
	CreatedAt    time.Time  `json:"created_at"`
	ExpiresAt    time.Time  `json:"expires_at"`
	MaxDownloads int        `json:"max_downloads"`
	Downloads    int        `json:"downloads" doc:"Downloads started (requests from byte 0)"`
	RevokedAt    *time.Time `json:"revoked_at,omitempty"`
	LastUsedAt   *time.Time `json:"last_used_at,omitempty"`
	Status       string     `json:"status" enum:"active,expired,used_up,revoked"`
	// URL is given once, in the answer that creates the link.
	URL string `json:"url,omitempty" doc:"The link; shown only when it is created"`
}

// StatusAt derives the link's status at t.
func (l *Link) StatusAt(t time.Time) string {
	switch {
	case l.RevokedAt != nil:
		return LinkRevoked
	case !t.Before(l.ExpiresAt):
		return LinkExpired
	case l.Downloads >= l.MaxDownloads:
		return LinkUsedUp
	}
	return LinkActive
}

// LinkInput asks for a link.
type LinkInput struct {
	ExpiresIn    string
	MaxDownloads int
}

// LinkUseKind says how a request uses a link.
type LinkUseKind int

// How a request uses a link.
const (
	// UseStart starts a download (a full GET, or a range from byte 0): it
	// counts, and is refused once the downloads are used up.
	UseStart LinkUseKind = iota
	// UseResume continues a download (a range from further on): it does not
	// count once one download started; before that it counts as a start.
	UseResume
	// UseHead asks about the file without content: never counted.
	UseHead
)

// LinkUse is one use of a link, for the store to count and audit.
type LinkUse struct {
	Kind LinkUseKind
	At   time.Time
	// Range is what was asked for ("all", "bytes=0-99", "head"), for the audit.
	Range string
	// Asset is the asset served; its owner's log records the use.
	Asset *Asset
}

// LinkStore persists delivery links.
type LinkStore interface {
	// AssetLinkCreate stores a link with its token hash and audits it.
	AssetLinkCreate(ctx context.Context, l *Link, tokenHash string) error
	// AssetLinkList returns the links org made for an asset, newest first.
	AssetLinkList(ctx context.Context, assetID, org string) ([]*Link, error)
	// AssetLinkRevoke revokes a link org made for an asset (revoking twice
	// keeps the first time). Returns NotFound.
	AssetLinkRevoke(ctx context.Context, assetID, org, id string, at time.Time) error
	// AssetLinkByHash finds a link by its token hash. Returns NotFound.
	AssetLinkByHash(ctx context.Context, tokenHash string) (*Link, error)
	// AssetLinkUse records one use in one transaction: it counts it when
	// u.Kind says so and the link still allows it, and audits it in the
	// asset owner's log and the link's organisation's. A link revoked,
	// expired or used up meanwhile returns CodeLinkRevoked, CodeLinkExpired
	// or CodeLinkUsedUp and records nothing.
	AssetLinkUse(ctx context.Context, id string, u LinkUse) (*Link, error)
}

// Links issues, lists, revokes and resolves delivery links.
type Links struct {
	media *Service
	store LinkStore
	keys  *auth.Keys
	now   func() time.Time
}

// NewLinks returns the delivery link service. keys hashes the tokens (the
// server secret's keys, shared by every process on the database).
func NewLinks(svc *Service, store LinkStore, keys *auth.Keys) *Links {
	return &Links{media: svc, store: store, keys: keys, now: time.Now}
}

// ParseLinkInput checks a link request: expires_in a Go duration or a
// number of days ("72h", "3d"), more than zero and at most 30 days;
// max_downloads 1 to 1000.
func ParseLinkInput(in LinkInput) (time.Duration, error) {
	var f apperr.Fields
	d, err := parseLifetime(in.ExpiresIn)
	switch {
	case err != nil:
		f = append(f, apperr.FieldError{Field: "expires_in", Value: in.ExpiresIn, Code: CodeLinkExpiresIn,
			Message: `expires_in must be a duration such as "72h" or "7d"`, Params: map[string]any{"Max": 30}})
	case d <= 0 || d > MaxLinkLifetime:
		f = append(f, apperr.FieldError{Field: "expires_in", Value: in.ExpiresIn, Code: CodeLinkExpiresIn,
			Message: "expires_in must be more than zero and at most 30 days (720h)", Params: map[string]any{"Max": 30}})
	}
	if in.MaxDownloads < 1 || in.MaxDownloads > MaxLinkDownloads {
		f = append(f, apperr.FieldError{Field: "max_downloads", Value: in.MaxDownloads, Code: CodeLinkMaxDownloads,
			Message: "max_downloads must be from 1 to 1000", Params: map[string]any{"Max": MaxLinkDownloads}})
	}
	return d, f.Err()
}

func parseLifetime(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if len(s) > 32 {
		return 0, strconv.ErrRange
	}
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n < 0 || n > 366 {
			return 0, strconv.ErrSyntax
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	return time.ParseDuration(s)
}

// Create makes a link to an asset's original for the caller's organisation
// and returns it with its token (shown once). Only an organisation that may
// download the original (its owner, or a holder of a licence on the title
// active today) may, and only its editors and admins.
func (s *Links) Create(ctx context.Context, assetID string, in LinkInput) (*Link, string, error) {
	p, err := auth.Require(ctx)
	if err != nil {
		return nil, "", err
	}
	d, err := s.media.OpenDownload(ctx, assetID)
	if err != nil {
		return nil, "", err
	}
	if err := p.RequireWrite(); err != nil {
		return nil, "", err
	}
	life, err := ParseLinkInput(in)
	if err != nil {
		return nil, "", err
	}
	token := LinkTokenPrefix + auth.RandomString(32)
	hash, err := s.hash(ctx, token)
	if err != nil {
		return nil, "", err
	}
	now := s.now().UTC()
	l := &Link{ID: NewID(), AssetID: d.Asset.ID, Org: p.Org, CreatedBy: p.Name, CreatedAt: now,
		ExpiresAt: now.Add(life), MaxDownloads: in.MaxDownloads}
	if err := s.store.AssetLinkCreate(ctx, l, hash); err != nil {
		return nil, "", err
	}
	l.Status = l.StatusAt(now)
	return l, token, nil
}

// List returns the links the caller's organisation made for an asset it
// may read.
func (s *Links) List(ctx context.Context, assetID string) ([]*Link, error) {
	p, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := s.media.Get(ctx, assetID); err != nil {
		return nil, err
	}
	ls, err := s.store.AssetLinkList(ctx, assetID, p.Org)
	if err != nil {
		return nil, err
	}
	now := s.now()
	for _, l := range ls {
		l.Status = l.StatusAt(now)
	}
	return ls, nil
}

// Revoke stops a link the caller's organisation made (its editors and admins).
func (s *Links) Revoke(ctx context.Context, assetID, id string) error {
	p, err := auth.Require(ctx)
	if err != nil {
		return err
	}
	if _, err := s.media.Get(ctx, assetID); err != nil {
		return err
	}
	if err := p.RequireWrite(); err != nil {
		return err
	}
	return s.store.AssetLinkRevoke(ctx, assetID, p.Org, id, s.now().UTC())
}

// Resolve finds the link a token names for one request: it must exist, be
// neither revoked nor expired, and its organisation must still be allowed
// to download the original today. The returned context acts as the link
// (for Use and the audit).
func (s *Links) Resolve(ctx context.Context, token string) (context.Context, *Download, *Link, error) {
	notFound := apperr.New(apperr.NotFound, "no such delivery link")
	if !ValidLinkToken(token) {
		return ctx, nil, nil, notFound
	}
	hash, err := s.hash(ctx, token)
	if err != nil {
		return ctx, nil, nil, err
	}
	l, err := s.store.AssetLinkByHash(ctx, hash)
	if apperr.Is(err, apperr.NotFound) {
		return ctx, nil, nil, notFound
	}
	if err != nil {
		return ctx, nil, nil, err
	}
	if err := linkRefusal(l, s.now(), UseHead); err != nil {
		return ctx, nil, nil, err
	}
	// The link downloads with its organisation's right, checked now: a
	// licence that ended (or a title hidden since) ends the link too.
	ctx = auth.WithPrincipal(ctx, &auth.Principal{Org: l.Org, Role: auth.RoleViewer,
		Name: "delivery link " + l.ID + " (" + l.CreatedBy + ")", TokenID: "link:" + l.ID})
	d, err := s.media.OpenDownload(ctx, l.AssetID)
	if apperr.Is(err, apperr.Forbidden) {
		return ctx, nil, nil, apperr.New(apperr.Forbidden, "the organisation that made this link no longer holds a licence on this title active today")
	}
	if err != nil {
		return ctx, nil, nil, err
	}
	return ctx, d, l, nil
}

// Use records one use of a resolved link (counting it when kind says so)
// and audits it; a link used up, revoked or expired since Resolve is refused.
func (s *Links) Use(ctx context.Context, l *Link, d *Download, kind LinkUseKind, byteRange string) (*Link, error) {
	now := s.now()
	used, err := s.store.AssetLinkUse(ctx, l.ID, LinkUse{Kind: kind, At: now.UTC(), Range: byteRange, Asset: d.Asset})
	if err != nil {
		return nil, err
	}
	used.Status = used.StatusAt(now)
	return used, nil
}

// linkRefusal says why a link cannot serve a request of kind at t, or nil.
func linkRefusal(l *Link, t time.Time, kind LinkUseKind) error {
	switch l.StatusAt(t) {
	case LinkRevoked:
		return apperr.New(CodeLinkRevoked, "this delivery link was revoked")
	case LinkExpired:
		return apperr.New(CodeLinkExpired, "this delivery link expired at %s", l.ExpiresAt.UTC().Format(time.RFC3339))
	case LinkUsedUp:
		if kind == UseStart || l.Downloads == 0 {
			return apperr.New(CodeLinkUsedUp, "this delivery link's %d downloads are used up", l.MaxDownloads)
		}
	}
	return nil
}

// LinkRefusal is linkRefusal for the store, which checks again inside the
// transaction that counts the use.
func LinkRefusal(l *Link, t time.Time, kind LinkUseKind) error { return linkRefusal(l, t, kind) }

func (s *Links) hash(ctx context.Context, token string) (string, error) {
	sum, err := s.keys.MAC(ctx, linkPurpose, token)
	if err != nil {
		return "", err
	}
	return hex.EncodeToString(sum), nil
}

// ValidLinkToken reports whether token has the shape Create gives tokens,
// so junk never reaches the store.
func ValidLinkToken(token string) bool {
	rest, ok := strings.CutPrefix(token, LinkTokenPrefix)
	if !ok || len(rest) != 43 {
		return false
	}
	for _, c := range rest {
		if (c < 'a' || c > 'z') && (c < 'A' || c > 'Z') && (c < '0' || c > '9') && c != '-' && c != '_' {
			return false
		}
	}
	return true
}

// RangeStartsAtZero reports whether a Range header asks for bytes from the
// first one (a new download) rather than continuing one; size is the
// file's. A header that is not a byte range is served whole, so it starts
// at zero too.
func RangeStartsAtZero(header string, size int64) bool {
	spec, ok := strings.CutPrefix(strings.TrimSpace(header), "bytes=")
	if !ok {
		return true
	}
	first, _, _ := strings.Cut(spec, ",")
	first = strings.TrimSpace(first)
	start, end, ok := strings.Cut(first, "-")
	if !ok {
		return true
	}
	start, end = strings.TrimSpace(start), strings.TrimSpace(end)
	if start == "" { // the last N bytes
		n, err := strconv.ParseInt(end, 10, 64)
		return err != nil || n >= size
	}
	n, err := strconv.ParseInt(start, 10, 64)
	return err != nil || n == 0
}

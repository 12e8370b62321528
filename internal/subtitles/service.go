package subtitles

import (
	"context"
	"slices"
	"sort"
	"time"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/langtag"
	"github.com/silkbridge/silkbridge/internal/media"
)

// TitleReader finds titles an organisation may read (catalog.Service).
type TitleReader interface {
	Readable(ctx context.Context, viewer, id string) (*catalog.Title, error)
}

// PartnerLister lists an organisation's partners (the store).
type PartnerLister interface {
	OrgPartners(ctx context.Context, org string) ([]string, error)
}

// LicenceChecker answers whether an organisation holds a licence on a
// title active on a day.
type LicenceChecker interface {
	HoldsActiveLicence(ctx context.Context, titleID, org string, day time.Time) (bool, error)
}

// AssetReader returns an asset the caller may read (media.Service).
type AssetReader interface {
	Get(ctx context.Context, id string) (*media.Asset, error)
}

// Service applies the track rules.
//
// Who may do what:
//   - read a track (list, get, export, QC): whoever may read its title;
//   - add a track: editors and admins of an organisation that works on the
//     title: its owner, a producer, a partner of the owner, or a licensee
//     with a licence active today. A stranger reading a public title may
//     not; viewers never write;
//   - change or delete a track: editors and admins of the organisation that
//     uploaded it (the track's owner);
//   - change QC rules: admins of the organisation, for its own tracks.
type Service struct {
	store    Store
	titles   TitleReader
	partners PartnerLister
	licences LicenceChecker
	assets   AssetReader
	now      func() time.Time
}

// NewService returns the track service; licences and assets may be nil
// (no licensee access; no tying tracks to assets).
func NewService(store Store, titles TitleReader, partners PartnerLister, licences LicenceChecker, assets AssetReader) *Service {
	return &Service{store: store, titles: titles, partners: partners, licences: licences, assets: assets, now: time.Now}
}

// ImportRequest describes an uploaded file.
type ImportRequest struct {
	TitleID  string
	Language string
	Usage    string
	Format   string
	Encoding string
	AssetID  string
}

// Import reads a file into a new track, checks it and stores it. Nothing
// is stored when the file cannot be read.
func (s *Service) Import(ctx context.Context, in ImportRequest, raw []byte) (*Track, error) {
	p, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	if err := p.RequireWrite(); err != nil {
		return nil, err
	}
	t, err := s.contributableTitle(ctx, p, in.TitleID)
	if err != nil {
		return nil, err
	}
	lang, usage, err := checkLanguageUsage(in.Language, in.Usage)
	if err != nil {
		return nil, err
	}
	fps, err := s.assetFrameRate(ctx, in.AssetID, t.ID)
	if err != nil {
		return nil, err
	}
	parsed, err := Parse(raw, ParseOptions{Format: in.Format, Encoding: in.Encoding, Language: lang})
	if err != nil {
		return nil, err
	}
	rules, err := s.store.SubtitleRules(ctx, p.Org)
	if err != nil {
		return nil, err
	}
	now := s.now().UTC().Truncate(time.Microsecond)
	tr := &Track{ID: NewID(), TitleID: t.ID, Org: p.Org, Language: lang, Usage: usage, Format: parsed.Format,
		Encoding: parsed.Encoding, AssetID: in.AssetID, Cues: parsed.Cues, CueCount: len(parsed.Cues),
		QC: Check(parsed.Cues, RulesFor(lang, rules), fps), Version: 1, CreatedBy: p.Name, CreatedAt: now, UpdatedAt: now}
	if err := s.store.SubtitleCreate(ctx, tr); err != nil {
		return nil, err
	}
	return tr, nil
}

func checkLanguageUsage(language, usage string) (string, Usage, error) {
	if language == "" {
		return "", "", fieldError("language", CodeLanguage, nil, "the track's language is required (a BCP-47 tag such as ru or zh-Hans)")
	}
	lang, err := langtag.Canonical(language)
	if err != nil {
		return "", "", fieldError("language", CodeLanguage, map[string]any{"language": language}, "%q is not a BCP-47 language tag", language)
	}
	u, ok := ParseUsage(usage)
	if !ok {
		return "", "", fieldError("usage", CodeUsage, map[string]any{"usage": usage}, "usage must be sub, sdh or forced")
	}
	return lang, u, nil
}

// contributableTitle returns the title if p's organisation works on it
// (owner, producer, the owner's partner, an active licensee); NotFound
// when p may not read it, Forbidden otherwise.
func (s *Service) contributableTitle(ctx context.Context, p *auth.Principal, titleID string) (*catalog.Title, error) {
	if titleID == "" {
		return nil, fieldError("title", "required", nil, "a title id is required")
	}
	t, err := s.titles.Readable(ctx, p.Org, titleID)
	if err != nil {
		return nil, err
	}
	if t.Owner == p.Org || slices.Contains(t.Producers, p.Org) {
		return t, nil
	}
	if s.partners != nil {
		ps, err := s.partners.OrgPartners(ctx, t.Owner)
		if err != nil {
			return nil, err
		}
		if slices.Contains(ps, p.Org) {
			return t, nil
		}
	}
	if s.licences != nil {
		ok, err := s.licences.HoldsActiveLicence(ctx, t.ID, p.Org, s.now())
		if err != nil {
			return nil, err
		}
		if ok {
			return t, nil
		}
	}
	return nil, apperr.New(apperr.Forbidden, "only the title's owner, its producers and partners and its licensees may add subtitles")
}

// assetFrameRate checks that assetID (when given) is an asset of the title
// and returns its video frame rate (DefaultFrameRate without one).
func (s *Service) assetFrameRate(ctx context.Context, assetID, titleID string) (FrameRate, error) {
	if assetID == "" {
		return DefaultFrameRate, nil
	}
	if s.assets == nil {
		return FrameRate{}, fieldError("asset", "subtitles.asset", nil, "tracks cannot be tied to assets on this server")
	}
	a, err := s.assets.Get(ctx, assetID)
	if apperr.Is(err, apperr.NotFound) || err == nil && a.TitleID != titleID {
		return FrameRate{}, fieldError("asset", "subtitles.asset", map[string]any{"asset": assetID}, "asset %q is not an asset of this title", assetID)
	}
	if err != nil {
		return FrameRate{}, err
	}
	return AssetFrameRate(a), nil
}

// AssetFrameRate is the frame rate of an asset's first video stream, or
// DefaultFrameRate.
func AssetFrameRate(a *media.Asset) FrameRate {
	if a != nil && a.Technical != nil {
		for _, v := range a.Technical.Video {
			if f, ok := ParseFrameRate(v.FrameRate); ok {
				return f
			}
		}
	}
	return DefaultFrameRate
}

// List returns a title's tracks (without cues).
func (s *Service) List(ctx context.Context, titleID string) ([]*Track, error) {
	p, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := s.titles.Readable(ctx, p.Org, titleID); err != nil {
		return nil, err
	}
	return s.store.SubtitleList(ctx, titleID)
}

// Get returns a track with its cues, if the caller may read its title.
func (s *Service) Get(ctx context.Context, id string) (*Track, error) {
	p, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	t, err := s.store.SubtitleGet(ctx, id)
	if err != nil {
		return nil, err
	}
	if _, err := s.titles.Readable(ctx, p.Org, t.TitleID); err != nil {
		if apperr.Is(err, apperr.NotFound) {
			return nil, apperr.New(apperr.NotFound, "subtitle track %q not found", id)
		}
		return nil, err
	}
	return t, nil
}

// CheckTrack runs QC again with the owner's current rules and the asset's
// frame rate, and returns the result.
func (s *Service) CheckTrack(ctx context.Context, id string) (*QC, error) {
	t, err := s.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.check(ctx, t)
}

func (s *Service) check(ctx context.Context, t *Track) (*QC, error) {
	rules, err := s.store.SubtitleRules(ctx, t.Org)
	if err != nil {
		return nil, err
	}
	fps := DefaultFrameRate
	if t.AssetID != "" && s.assets != nil {
		if a, err := s.assets.Get(ctx, t.AssetID); err == nil {
			fps = AssetFrameRate(a)
		}
	}
	return Check(t.Cues, RulesFor(t.Language, rules), fps), nil
}

// writable returns the track if the caller may change it: a writer of the
// organisation that owns it.
func (s *Service) writable(ctx context.Context, id string) (*Track, *auth.Principal, error) {
	t, err := s.Get(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	p, err := auth.RequireWriterOf(ctx, t.Org, "only %s, which uploaded the track, may change it", t.Org)
	if err != nil {
		return nil, nil, err
	}
	return t, p, nil
}

// Delete removes a track.
func (s *Service) Delete(ctx context.Context, id string) error {
	_, p, err := s.writable(ctx, id)
	if err != nil {
		return err
	}
	return s.store.SubtitleDelete(ctx, id, p.Name)
}

// ReplaceCues sets all of a track's cues (renumbered in the given order)
// if it is still at version, and runs QC again.
func (s *Service) ReplaceCues(ctx context.Context, id string, version int, cues []Cue) (*Track, error) {
	t, p, err := s.writable(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := checkVersion(t, version); err != nil {
		return nil, err
	}
	if len(cues) == 0 || len(cues) > MaxCues {
		return nil, fieldError("cues", CodeTooManyCues, map[string]any{"limit": MaxCues}, "a track has 1–%d cues", MaxCues)
	}
	out := make([]Cue, len(cues))
	for i, c := range cues {
		c.Index = i + 1
		if err := validCue(c, i); err != nil {
			return nil, err
		}
		out[i] = c
	}
	t.Cues = out
	return s.save(ctx, t, p, version, out)
}

// PatchCues changes single cues, named by index (1..count); cues not
// named stay as they are. QC runs over the whole track again.
func (s *Service) PatchCues(ctx context.Context, id string, version int, changes []Cue) (*Track, error) {
	t, p, err := s.writable(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := checkVersion(t, version); err != nil {
		return nil, err
	}
	if len(changes) == 0 || len(changes) > MaxCues {
		return nil, fieldError("cues", CodeCueInvalid, nil, "send 1–%d cues", MaxCues)
	}
	for i, c := range changes {
		if c.Index < 1 || c.Index > len(t.Cues) {
			return nil, fieldError("cues["+itoa(i)+"].index", CodeCueInvalid, map[string]any{"cue": c.Index},
				"cue %d does not exist (the track has %d)", c.Index, len(t.Cues))
		}
		if err := validCue(c, i); err != nil {
			return nil, err
		}
		t.Cues[c.Index-1] = c
	}
	sort.Slice(changes, func(i, j int) bool { return changes[i].Index < changes[j].Index })
	return s.save(ctx, t, p, version, changes)
}

func (s *Service) save(ctx context.Context, t *Track, p *auth.Principal, version int, changed []Cue) (*Track, error) {
	q, err := s.check(ctx, t)
	if err != nil {
		return nil, err
	}
	saved, err := s.store.SubtitleSaveCues(ctx, t.ID, version, changed, len(t.Cues), q, p.Name)
	if err != nil {
		return nil, err
	}
	saved.Cues = t.Cues
	return saved, nil
}

func checkVersion(t *Track, version int) error {
	if version <= 0 {
		return apperr.New(apperr.PreconditionFailed, "send If-Match with the track's version (%d)", t.Version)
	}
	if version != t.Version {
		return apperr.New(apperr.PreconditionFailed, "the track changed (version %d, not %d); reload it and apply your change again", t.Version, version)
	}
	return nil
}

func validCue(c Cue, i int) error {
	field := "cues[" + itoa(i) + "]"
	switch {
	case c.Start < 0 || c.End < 0 || c.Start >= MaxTime || c.End >= MaxTime:
		return fieldError(field, CodeTimecodeRange, map[string]any{"cue": c.Index}, "cue %d: times must be within 0–24 hours", c.Index)
	case c.End < c.Start:
		return fieldError(field, CodeTimecode, map[string]any{"cue": c.Index}, "cue %d ends before it starts", c.Index)
	case len(c.Lines) > 20:
		return fieldError(field, CodeCueInvalid, map[string]any{"cue": c.Index}, "cue %d has more than 20 lines", c.Index)
	}
	for _, l := range c.Lines {
		if len(l) > 2000 {
			return fieldError(field, CodeCueInvalid, map[string]any{"cue": c.Index}, "cue %d: a line is longer than 2000 bytes", c.Index)
		}
		if err := checkBinary(l); err != nil || containsBreak(l) {
			return fieldError(field, CodeCueInvalid, map[string]any{"cue": c.Index}, "cue %d: a line holds a line break or control character", c.Index)
		}
	}
	return nil
}

func containsBreak(s string) bool {
	for _, r := range s {
		if r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029' {
			return true
		}
	}
	return false
}

// Rules returns the organisation's overrides and the defaults; admins of
// the organisation only.
func (s *Service) Rules(ctx context.Context, org string) (map[string]Rules, error) {
	if err := requireOrgAdmin(ctx, org); err != nil {
		return nil, err
	}
	return s.store.SubtitleRules(ctx, org)
}

// SetRules replaces the organisation's overrides (language tag or
// "default" → rules).
func (s *Service) SetRules(ctx context.Context, org string, rules map[string]Rules) error {
	if err := requireOrgAdmin(ctx, org); err != nil {
		return err
	}
	p, _ := auth.Require(ctx)
	if len(rules) > 200 {
		return fieldError("rules", "subtitles.rule_invalid", nil, "at most 200 languages")
	}
	clean := map[string]Rules{}
	for lang, r := range rules {
		key := lang
		if lang != "default" {
			c, err := langtag.Canonical(lang)
			if err != nil {
				return fieldError("rules."+lang, CodeLanguage, map[string]any{"language": lang}, "%q is not a BCP-47 language tag", lang)
			}
			key = c
		}
		if err := r.Validate("rules." + lang); err != nil {
			return err
		}
		clean[key] = r
	}
	return s.store.SubtitleSetRules(ctx, org, clean, p.Name)
}

func requireOrgAdmin(ctx context.Context, org string) error {
	p, err := auth.Require(ctx)
	if err != nil {
		return err
	}
	if p.Org != org {
		return apperr.New(apperr.NotFound, "organisation %q not found", org)
	}
	return p.RequireAdmin()
}

// PreviewTracks returns the tracks a preview of asset a shows: those tied
// to it and, for a mezzanine or proxy, the title's tracks tied to no asset
// (a trailer has its own timeline). No caller check: whoever holds the
// asset's signed preview link may read its title.
func (s *Service) PreviewTracks(ctx context.Context, a *media.Asset) ([]*Track, error) {
	all, err := s.store.SubtitleList(ctx, a.TitleID)
	if err != nil {
		return nil, err
	}
	var out []*Track
	for _, t := range all {
		if t.AssetID == a.ID || t.AssetID == "" && (a.Kind == media.KindMezzanine || a.Kind == media.KindProxy) {
			out = append(out, t)
		}
	}
	return out, nil
}

// Store returns the store (for the preview's signed links, which read a
// track without a caller).
func (s *Service) Store() Store { return s.store }

// CanContribute reports whether the caller may add tracks to a title (the
// web shows the upload form only then).
func (s *Service) CanContribute(ctx context.Context, titleID string) bool {
	p, err := auth.Require(ctx)
	if err != nil || !p.CanWrite() {
		return false
	}
	_, err = s.contributableTitle(ctx, p, titleID)
	return err == nil
}

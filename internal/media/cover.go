package media

import (
	"context"
	"strings"
)

// CoverStore finds the assets that can picture titles, for many titles in
// one query (a catalogue page).
type CoverStore interface {
	// AssetCovers returns the ready assets of the titles that are images
	// (kind poster or still, with an image content type) or have a preview
	// poster, oldest first.
	AssetCovers(ctx context.Context, titleIDs []string) ([]*Asset, error)
}

// coverImageTypes are the image types a browser shows inline; anything else
// (SVG with scripts, HEIC few browsers read) is never served as a cover.
var coverImageTypes = map[string]bool{"image/jpeg": true, "image/png": true, "image/gif": true, "image/webp": true, "image/avif": true}

// IsCoverImage reports whether an asset's original is itself a cover
// picture: a ready poster or still in an image format browsers show.
func IsCoverImage(a *Asset) bool {
	ct, _, _ := strings.Cut(a.ContentType, ";")
	return a.Status == StatusReady && (a.Kind == KindPoster || a.Kind == KindStill) && coverImageTypes[strings.TrimSpace(ct)]
}

// HasPreviewPoster reports whether processing made a poster frame of a.
func HasPreviewPoster(a *Asset) bool {
	return a.Status == StatusReady && a.Preview != nil && a.Preview.Poster != ""
}

// Covers picks each title's cover: its first poster image, else its first
// still, else the poster frame of its first previewed video. The caller
// passes titles it already found readable (a catalogue page it listed);
// the picture itself is served only after checking the title again.
func (s *Service) Covers(ctx context.Context, titleIDs []string) (map[string]*Asset, error) {
	out := map[string]*Asset{}
	cs, ok := s.store.(CoverStore)
	if !ok || len(titleIDs) == 0 {
		return out, nil
	}
	as, err := cs.AssetCovers(ctx, titleIDs)
	if err != nil {
		return nil, err
	}
	rank := func(a *Asset) int {
		switch {
		case IsCoverImage(a) && a.Kind == KindPoster:
			return 3
		case IsCoverImage(a):
			return 2
		case HasPreviewPoster(a):
			return 1
		}
		return 0
	}
	for _, a := range as {
		if r := rank(a); r > 0 && (out[a.TitleID] == nil || r > rank(out[a.TitleID])) {
			out[a.TitleID] = a
		}
	}
	return out, nil
}

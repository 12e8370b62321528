package main

import (
	"github.com/silkbridge/silkbridge/internal/media"
	"github.com/silkbridge/silkbridge/internal/subtitles"
)

// subtitlesService wires the subtitle tracks over the app's database; with
// the asset service, tracks can be tied to assets (frame rate, preview).
func (a *app) subtitlesService(assets *media.Service) *subtitles.Service {
	var ar subtitles.AssetReader
	if assets != nil {
		ar = assets
	}
	return subtitles.NewService(a.db, a.catalog, a.db, media.RightsLicences{Rights: a.rights}, ar)
}

package main

import (
	"github.com/silkbridge/silkbridge/internal/events"
	"github.com/silkbridge/silkbridge/internal/licensing"
)

// eventsService wires festivals over the app's database: rights, assets and
// subtitle tracks are read from it for the checks, and rights requests go
// through the licensing service so they notify and audit like any other.
func (a *app) eventsService(lic *licensing.Service) *events.Service {
	return events.NewService(events.Deps{Store: a.db, Titles: a.catalog, TitleGet: a.db, Rights: a.db, Assets: a.db,
		Subtitles: events.StoredSubtitles{Store: a.db}, Licensing: lic, Orgs: a.db})
}

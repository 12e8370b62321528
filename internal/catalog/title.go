// Package catalog holds the multilingual catalogue of films, series and
// programmes: the Title type, its validation rules, who may read and change
// it, and the Service the HTTP, web and CLI faces call.
package catalog

import "time"

// Kind is what sort of work a title is.
type Kind string

// Title kinds. Seasons belong to series and episodes to seasons (or directly
// to a series that has no seasons).
const (
	KindFilm      Kind = "film"
	KindSeries    Kind = "series"
	KindSeason    Kind = "season"
	KindEpisode   Kind = "episode"
	KindProgramme Kind = "programme"
)

// Kinds lists every valid kind.
var Kinds = []Kind{KindFilm, KindSeries, KindSeason, KindEpisode, KindProgramme}

// Visibility says which organisations may read a title.
type Visibility string

// Visibility levels.
const (
	VisibilityPrivate  Visibility = "private"  // the owning organisation (and co-producers) only
	VisibilityPartners Visibility = "partners" // also the owner's partner organisations
	VisibilityPublic   Visibility = "public"   // every organisation on the hub
)

// Visibilities lists every valid visibility.
var Visibilities = []Visibility{VisibilityPrivate, VisibilityPartners, VisibilityPublic}

// Localization is a title's metadata in one language.
type Localization struct {
	Title         string `json:"title" maxLength:"500" doc:"Display title in this language"`
	SortTitle     string `json:"sort_title,omitempty" maxLength:"500"`
	ShortSynopsis string `json:"short_synopsis,omitempty" doc:"At most 190 characters"`
	LongSynopsis  string `json:"long_synopsis,omitempty" maxLength:"20000"`
	Tagline       string `json:"tagline,omitempty" maxLength:"300"`
	Note          string `json:"note,omitempty" maxLength:"300" doc:"Editorial note, e.g. 'working translation'"`
}

// AltID is an identifier in a scheme silkbridge does not check (a partner's house id, an ALID).
type AltID struct {
	Scheme string `json:"scheme" doc:"Namespace, e.g. vgtrk-house or ema-alid"`
	Value  string `json:"value"`
}

// Identifiers holds a title's standard identifiers.
type Identifiers struct {
	EIDR string  `json:"eidr,omitempty" doc:"EIDR DOI, 10.5240/XXXX-XXXX-XXXX-XXXX-XXXX-C; the check character is verified"`
	ISAN string  `json:"isan,omitempty" doc:"ISAN, 24 hex digits with check characters; check characters are verified"`
	IMDb string  `json:"imdb,omitempty" doc:"IMDb title id, tt followed by 7 or 8 digits"`
	Alt  []AltID `json:"alt,omitempty"`
}

// Credit names a person's role on a title, with the name in several languages.
type Credit struct {
	Role string            `json:"role" doc:"One of the documented credit roles, e.g. director"`
	Name map[string]string `json:"name" doc:"Person's name keyed by BCP-47 tag"`
}

// Release is a release of the title in one territory.
type Release struct {
	Territory string `json:"territory" doc:"ISO 3166-1 alpha-2"`
	Type      string `json:"type" enum:"theatrical,festival,tv,online"`
	Date      string `json:"date" doc:"YYYY-MM-DD, or YYYY-MM / YYYY when only that is known"`
	Note      string `json:"note,omitempty" maxLength:"300"`
}

// Fields is the part of a title its owner writes.
type Fields struct {
	Kind             Kind                    `json:"kind" enum:"film,series,season,episode,programme"`
	ParentID         string                  `json:"parent_id,omitempty" doc:"Series of a season, season (or series) of an episode"`
	SeasonNumber     int                     `json:"season_number,omitempty" minimum:"0" maximum:"10000"`
	EpisodeNumber    int                     `json:"episode_number,omitempty" minimum:"0" maximum:"100000"`
	OriginalLanguage string                  `json:"original_language" doc:"BCP-47 tag"`
	ProductionYear   int                     `json:"production_year,omitempty"`
	RuntimeMinutes   int                     `json:"runtime_minutes,omitempty" minimum:"0" maximum:"100000"`
	Countries        []string                `json:"countries,omitempty" doc:"Countries of production, ISO 3166-1 alpha-2"`
	Genres           []string                `json:"genres,omitempty" doc:"From the controlled list in docs/genres.md"`
	Identifiers      Identifiers             `json:"identifiers,omitzero"`
	Credits          []Credit                `json:"credits,omitempty"`
	Producers        []string                `json:"producers,omitempty" doc:"Producing organisations (slugs); defaults to the owner"`
	Releases         []Release               `json:"releases,omitempty"`
	Visibility       Visibility              `json:"visibility,omitempty" enum:"private,partners,public" doc:"Defaults to private"`
	Localizations    map[string]Localization `json:"localizations" doc:"Metadata keyed by BCP-47 tag; at least one"`
}

// Title is a film, series, season, episode or programme in the catalogue.
type Title struct {
	ID    string `json:"id"`
	Owner string `json:"owner" doc:"Slug of the owning organisation"`
	Fields
	Version   int64     `json:"version" doc:"Increases on every change; the ETag is derived from it"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`

	// Display fields are computed for the reader and never stored.
	DisplayLanguage string `json:"display_language,omitempty" doc:"The localization chosen for this reader"`
	DisplayTitle    string `json:"display_title,omitempty"`
}

// Languages returns the tags the title is localized in.
func (t *Title) Languages() []string {
	out := make([]string, 0, len(t.Localizations))
	for tag := range t.Localizations {
		out = append(out, tag)
	}
	return out
}

package catalog

// Genres is the controlled genre vocabulary (documented in docs/genres.md).
// It is deliberately small and stable: exchange partners map their own
// taxonomies onto it, so adding a value is an API change.
var Genres = []string{
	"action", "adventure", "animation", "biography", "children", "comedy", "crime",
	"culture", "documentary", "drama", "education", "family", "fantasy", "history",
	"horror", "music", "musical", "mystery", "news", "reality", "romance",
	"science_fiction", "sport", "talk_show", "thriller", "travel", "variety", "war", "western",
}

// CreditRoles is the controlled list of credit roles.
var CreditRoles = []string{
	"director", "writer", "producer", "executive_producer", "cast", "voice", "composer",
	"cinematographer", "editor", "production_designer", "narrator", "host",
}

// ReleaseTypes lists the release types of Release.Type.
var ReleaseTypes = []string{"theatrical", "festival", "tv", "online"}

func contains[T comparable](list []T, v T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

package media

import (
	"time"

	"github.com/google/uuid"
)

// Kind says what an asset is for.
type Kind string

// Asset kinds.
const (
	KindMezzanine Kind = "mezzanine"
	KindProxy     Kind = "proxy"
	KindTrailer   Kind = "trailer"
	KindPoster    Kind = "poster"
	KindStill     Kind = "still"
	KindAudio     Kind = "audio"
	KindDocument  Kind = "document"
	KindPressKit  Kind = "press_kit"
	KindSubtitle  Kind = "subtitle"
)

// Kinds lists every valid kind.
var Kinds = []Kind{KindMezzanine, KindProxy, KindTrailer, KindPoster, KindStill, KindAudio, KindDocument, KindPressKit, KindSubtitle}

// IsAV reports whether assets of this kind carry audio or video, so the
// processing side probes and previews them.
func (k Kind) IsAV() bool {
	switch k {
	case KindMezzanine, KindProxy, KindTrailer, KindAudio:
		return true
	}
	return false
}

// Status is where an asset stands after its bytes arrived.
type Status string

// Asset statuses.
const (
	StatusUploading  Status = "uploading"
	StatusProcessing Status = "processing"
	StatusReady      Status = "ready"
	StatusFailed     Status = "failed"
)

// Preview holds the links the processing side makes (HLS master playlist,
// poster frame); empty until then.
type Preview struct {
	HLS    string `json:"hls,omitempty" doc:"URL of the HLS master playlist"`
	Poster string `json:"poster,omitempty" doc:"URL of the poster frame"`
	// Storyboard is not stored: delivery signs it beside HLS (processing
	// writes it with every HLS preview).
	Storyboard string `json:"storyboard,omitempty" doc:"URL of the WebVTT thumbnail storyboard (#xywh= tiles of one sprite)"`
}

// Asset is one file belonging to a title: a mezzanine, a trailer, a poster,
// a press kit. Its bytes live in blob storage under a key derived from its
// SHA-256, shared by every asset with the same content.
type Asset struct {
	ID          string     `json:"id"`
	TitleID     string     `json:"title_id"`
	Org         string     `json:"org" doc:"Owning organisation (the title's owner)"`
	Kind        Kind       `json:"kind" enum:"mezzanine,proxy,trailer,poster,still,audio,document,press_kit,subtitle"`
	Filename    string     `json:"filename" doc:"Original file name, kept exactly"`
	Language    string     `json:"language,omitempty" doc:"BCP-47 tag"`
	Size        int64      `json:"size"`
	SHA256      string     `json:"sha256" doc:"Lower-case hex SHA-256 of the content"`
	ContentType string     `json:"content_type" doc:"Sniffed from the content, never taken from the client"`
	Status      Status     `json:"status" enum:"uploading,processing,ready,failed"`
	Reason      string     `json:"reason,omitempty" doc:"Why the asset failed or has no preview"`
	Progress    int        `json:"progress,omitempty" doc:"Percent of processing done, while status is processing"`
	Technical   *Technical `json:"technical,omitempty"`
	Preview     *Preview   `json:"preview,omitempty"`
	CreatedBy   string     `json:"created_by"`
	CreatedAt   time.Time  `json:"created_at"`
}

// NewID returns a time-ordered asset id (UUIDv7).
func NewID() string { return uuid.Must(uuid.NewV7()).String() }

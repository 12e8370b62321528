// Package subtitles holds subtitle tracks of titles: their cues, the file
// formats and text encodings they arrive in, and the quality checks run on
// every upload and edit. It imports no HTTP or SQL; storage is behind Store.
package subtitles

import (
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
)

// Usage says what a track is for.
type Usage string

// Track usages: ordinary subtitles, subtitles for the deaf and hard of
// hearing, and forced narratives (foreign dialogue, signs).
const (
	UsageSub    Usage = "sub"
	UsageSDH    Usage = "sdh"
	UsageForced Usage = "forced"
)

// ParseUsage checks a usage; empty means sub.
func ParseUsage(s string) (Usage, bool) {
	switch Usage(s) {
	case "", UsageSub:
		return UsageSub, true
	case UsageSDH, UsageForced:
		return Usage(s), true
	}
	return "", false
}

// Format is a subtitle file format.
type Format string

// Formats read (and, for SRT, WebVTT and TTML, written).
const (
	FormatSRT    Format = "srt"
	FormatVTT    Format = "vtt"
	FormatTTML   Format = "ttml"     // TTML / IMSC 1.1 Text
	FormatEBUTTD Format = "ebu-tt-d" // EBU-TT-D, a TTML profile
	FormatSTL    Format = "stl"      // EBU STL (Tech 3264), Latin code pages only
)

// Track is one subtitle track of a title in one language. The organisation
// that uploaded it owns it (a partner may deliver subtitles for another's
// title); everyone who may read the title may read the track.
type Track struct {
	ID       string `json:"id"`
	TitleID  string `json:"title_id"`
	Org      string `json:"org" doc:"Owning organisation: the one that uploaded the track"`
	Language string `json:"language" doc:"BCP-47 tag"`
	Usage    Usage  `json:"usage" enum:"sub,sdh,forced"`
	Format   Format `json:"format" doc:"Format the track was uploaded in"`
	// Encoding is the WHATWG name of the text encoding the upload was in.
	Encoding string `json:"encoding_detected"`
	// AssetID ties the track to one asset's timeline and frame rate.
	AssetID   string    `json:"asset,omitempty"`
	CueCount  int       `json:"cues"`
	QC        *QC       `json:"qc"`
	Version   int       `json:"version" doc:"Increases with every change; send it in If-Match"`
	CreatedBy string    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	// Cues are loaded by Get, not by List.
	Cues []Cue `json:"-"`
}

// Cue is one subtitle: a time span and its lines of text. Lines keep their
// styling tags (<i>, <b>, <font …>) as written; QC counts characters without
// them.
type Cue struct {
	// Index is the cue's 1-based position in the track.
	Index int           `json:"index"`
	Start time.Duration `json:"-"`
	End   time.Duration `json:"-"`
	Lines []string      `json:"lines"`
	// Flags are per-cue marks (a translation marks machine-made cues).
	Flags map[string]bool `json:"flags,omitempty"`
}

// Text is the cue's lines joined by newlines.
func (c Cue) Text() string { return strings.Join(c.Lines, "\n") }

// NewID returns a time-ordered track id (UUIDv7).
func NewID() string { return uuid.Must(uuid.NewV7()).String() }

// MaxTime is the end of the timeline a track may use: a cue at or beyond
// 24 hours is a broken timecode, not a long film.
const MaxTime = 24 * time.Hour

// Timecode formats d as HH:MM:SS.mmm (sep "." for WebVTT and JSON, "," for SRT).
func Timecode(d time.Duration, sep string) string {
	if d < 0 {
		d = 0
	}
	ms := d.Milliseconds()
	return fmt.Sprintf("%02d:%02d:%02d%s%03d", ms/3600000, ms/60000%60, ms/1000%60, sep, ms%1000)
}

func itoa(i int) string { return fmt.Sprint(i) }

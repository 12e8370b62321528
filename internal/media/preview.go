package media

import "regexp"

// DerivedPrefix is where the files made from an asset (its preview) are
// stored, beside the content-addressed originals: one prefix per asset, so
// a reprocessed asset overwrites its own files and nothing else.
func DerivedPrefix(assetID string) string { return "derived/" + assetID + "/" }

// Names of the preview files under DerivedPrefix.
const (
	PreviewHLSDir     = "hls/" // master.m3u8 and its media playlists and segments
	PreviewMaster     = "master.m3u8"
	PreviewPoster     = "poster.jpg"
	PreviewSprite     = "sprite.jpg"
	PreviewStoryboard = "storyboard.vtt"
)

// previewName is what a preview file may be called: the names processing
// writes, never a path.
var previewName = regexp.MustCompile(`^[a-z0-9_]{1,64}\.(m3u8|mp4|m4s|jpg|vtt)$`)

// ValidPreviewName reports whether name can be a preview file's name.
func ValidPreviewName(name string) bool { return previewName.MatchString(name) }

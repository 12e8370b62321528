// Package media holds the content itself: assets (mezzanines, proxies,
// trailers, posters, documents) that belong to a title, their technical
// metadata and the rules for who may upload, preview and download them.
package media

// Technical is what ffprobe found in an asset: the container and, per
// stream, what a receiving broadcaster checks before accepting delivery.
type Technical struct {
	Container string        `json:"container,omitempty" doc:"Container format, e.g. mov, mp4, mxf"`
	DurationS float64       `json:"duration_s,omitempty" doc:"Duration in seconds"`
	BitRate   int64         `json:"bit_rate,omitempty" doc:"Overall bit rate in bits per second"`
	Video     []VideoStream `json:"video,omitempty"`
	Audio     []AudioStream `json:"audio,omitempty"`
	Subtitles []TextStream  `json:"subtitles,omitempty"`
}

// VideoStream describes one video stream.
type VideoStream struct {
	// Index is the stream's number in the file (ffmpeg's 0:N).
	Index     int    `json:"index"`
	Codec     string `json:"codec"`
	Profile   string `json:"profile,omitempty"`
	Level     int    `json:"level,omitempty" doc:"Codec level as ffprobe reports it (H.264 41 = 4.1; HEVC 120 = 4.0)"`
	Width     int    `json:"width,omitempty"`
	Height    int    `json:"height,omitempty"`
	FrameRate string `json:"frame_rate,omitempty" doc:"Rational, e.g. 25/1 or 30000/1001"`
	ScanType  string `json:"scan_type,omitempty" doc:"progressive, tff or bff"`
	BitRate   int64  `json:"bit_rate,omitempty"`
	PixFmt    string `json:"pix_fmt,omitempty"`
}

// AudioStream describes one audio stream; Language is a BCP-47 tag when
// the file declares one.
type AudioStream struct {
	Index      int    `json:"index"`
	Codec      string `json:"codec"`
	Profile    string `json:"profile,omitempty"`
	Channels   int    `json:"channels,omitempty"`
	SampleRate int    `json:"sample_rate,omitempty"`
	Language   string `json:"language,omitempty"`
	BitRate    int64  `json:"bit_rate,omitempty"`
	// Default is the file's own choice of the track to play first.
	Default bool `json:"default,omitempty"`
}

// TextStream describes an embedded subtitle or caption stream.
type TextStream struct {
	Index    int    `json:"index"`
	Codec    string `json:"codec"`
	Language string `json:"language,omitempty"`
}

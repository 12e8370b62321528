package ffmpeg

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzParseProbe feeds arbitrary JSON to the ffprobe parser: ffprobe
// echoes a hostile file's tags and values, so the parser must never panic
// and must only return metadata for an accepted container with a stream.
func FuzzParseProbe(f *testing.F) {
	if b, err := os.ReadFile(filepath.Join("testdata", "interlaced_mxf.json")); err == nil {
		f.Add(b)
	}
	f.Add([]byte(`{"format":{"format_name":"mov,mp4","duration":"12.0","bit_rate":"800000","tags":{"major_brand":"isom"}},` +
		`"streams":[{"index":0,"codec_type":"video","codec_name":"h264","avg_frame_rate":"25/1","field_order":"tt"},` +
		`{"index":1,"codec_type":"audio","codec_name":"aac","sample_rate":"48000","channels":2,"tags":{"language":"zho"}}]}`))
	f.Add([]byte(`{"format":{"format_name":"hls"}}`))
	f.Add([]byte(`{"format":{"format_name":"mxf","duration":"-1e400"},"streams":[{"codec_type":"audio","avg_frame_rate":"1/0","sample_rate":{}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		tech, err := ParseProbe(data)
		if err != nil {
			return
		}
		if len(tech.Video) == 0 && len(tech.Audio) == 0 {
			t.Fatal("accepted a file without audio or video")
		}
		if tech.DurationS < 0 || tech.BitRate < 0 {
			t.Fatalf("negative values: %+v", tech)
		}
		for _, v := range tech.Video {
			if v.Width < 0 || v.Height < 0 {
				t.Fatalf("negative size: %+v", v)
			}
		}
	})
}

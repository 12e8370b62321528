package ffmpeg

import (
	"context"
	"errors"
	"net"
	"net/http"
	"os/exec"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/silkbridge/silkbridge/internal/media"
)

// trap is an HTTP listener on loopback that counts every connection, so a
// test can prove that processing an upload never reached for a URL in it.
func trap(t *testing.T) (url string, hits *atomic.Int64) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hits = new(atomic.Int64)
	srv := &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusTeapot) }),
		ConnState: func(_ net.Conn, s http.ConnState) {
			if s == http.StateNew {
				hits.Add(1)
			}
		},
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String(), hits
}

// Uploaded files that name a URL: an HLS playlist (the classic pointer at
// the cloud metadata address, here at the trap) and an ffconcat list.
func hostileUploads(url string) map[string]string {
	return map[string]string{
		// Segment names end in .ts so that Debian's allowed_segment_extensions
		// check does not stop ffmpeg before the protocol whitelist is tested.
		"m3u8": "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXT-X-MEDIA-SEQUENCE:0\n#EXTINF:10,\n" + url +
			"/latest/meta-data/seg0.ts\n#EXTINF:10,\nhttp://169.254.169.254/latest/meta-data/seg1.ts\n#EXT-X-ENDLIST\n",
		"master-m3u8": "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1000\n" + url + "/index.m3u8\n",
		"ffconcat":    "ffconcat version 1.0\nfile " + url + "/movie.mp4\nfile http://169.254.169.254/latest/meta-data/\n",
	}
}

func TestUploadedPlaylistIsNeverFetched(t *testing.T) {
	r := requireFFmpeg(t)
	url, hits := trap(t)
	for name, body := range hostileUploads(url) {
		t.Run(name, func(t *testing.T) {
			in := writeFile(t, "upload", []byte(body))
			_, err := r.Probe(context.Background(), in)
			if !errors.Is(err, ErrNotMedia) || !strings.Contains(err.Error(), "refers to other files") {
				t.Errorf("Probe: want a refusal naming the reason, got %v", err)
			}
			// Even if a caller skipped the probe, packaging, poster and
			// sprite open the input through the same walls.
			tech := &media.Technical{Container: "mp4", DurationS: 20, Video: []media.VideoStream{{Codec: "h264"}}}
			if _, err := r.PackageHLS(context.Background(), in, t.TempDir(), tech, nil); err == nil {
				t.Error("PackageHLS accepted a playlist")
			}
			if err := r.Poster(context.Background(), in, t.TempDir()+"/p.jpg", 20); err == nil {
				t.Error("Poster accepted a playlist")
			}
			if err := r.Sprite(context.Background(), in, t.TempDir(), 20); err == nil {
				t.Error("Sprite accepted a playlist")
			}
		})
	}
	if n := hits.Load(); n != 0 {
		t.Fatalf("the server made %d connections to a URL named in an upload", n)
	}
}

// TestProtocolWhitelistAloneRefusesURLs runs ffprobe with the protocol
// whitelist but without the format whitelist, forcing the hls and concat
// demuxers: the second wall holds on its own.
func TestProtocolWhitelistAloneRefusesURLs(t *testing.T) {
	requireFFmpeg(t)
	url, hits := trap(t)
	for name, format := range map[string]string{"m3u8": "hls", "ffconcat": "concat"} {
		in := writeFile(t, "upload", []byte(hostileUploads(url)[name]))
		out, err := exec.Command("ffprobe", "-hide_banner", "-v", "error", "-protocol_whitelist", "file,pipe",
			"-f", format, "-safe", "0", "-i", "file:"+in, "-show_streams").CombinedOutput()
		if err == nil || !strings.Contains(string(out), "not on whitelist") {
			t.Errorf("%s: want a protocol whitelist refusal, got %v:\n%s", name, err, out)
		}
	}
	if n := hits.Load(); n != 0 {
		t.Fatalf("%d connections reached the trap", n)
	}
}

package playlist

import (
	"strings"
	"testing"
)

// FuzzPlaylist: delivery rewrites stored playlists on every request, so
// neither parsing nor rewriting may panic, and a rewrite must leave no URI
// untouched.
func FuzzPlaylist(f *testing.F) {
	f.Add([]byte(media))
	f.Add([]byte(master))
	f.Add([]byte("#EXTM3U\n#EXT-X-MAP:URI=\"unterminated\n#EXTINF:x,\n"))
	f.Add([]byte("#EXTM3U\n#EXT-X-KEY:METHOD=AES-128,URI=\"k\",IV=0x1\n#EXTINF:1,\r\ns.m4s"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if m, err := ParseMedia(data); err == nil && m.DurationS() < 0 {
			t.Fatal("negative duration")
		}
		for _, l := range strings.Split(string(data), "\n") {
			Attributes(l)
		}
		out, err := Rewrite(data, func(u string) (string, error) { return "S", nil })
		if err != nil {
			return
		}
		for _, l := range strings.Split(string(out), "\n") {
			l = strings.TrimSpace(l)
			if l != "" && !strings.HasPrefix(l, "#") && l != "S" {
				t.Fatalf("URI line %q left unrewritten", l)
			}
		}
	})
}

package playlist

import (
	"errors"
	"strings"
	"testing"
)

const media = "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:6\n#EXT-X-PLAYLIST-TYPE:VOD\n" +
	"#EXT-X-MAP:URI=\"video_init.mp4\"\n#EXTINF:6.000000,\nvideo_00000.m4s\n#EXTINF:4.5,\nvideo_00001.m4s\n#EXT-X-ENDLIST\n"

const master = "#EXTM3U\r\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"aud\",LANGUAGE=\"ru\",NAME=\"Русский, дубляж\",DEFAULT=NO,URI=\"audio2.m3u8\"\r\n" +
	"#EXT-X-STREAM-INF:BANDWIDTH=800000,CODECS=\"avc1.64001f,mp4a.40.2\",AUDIO=\"aud\"\r\nvideo.m3u8\r\n"

func TestParseMedia(t *testing.T) {
	m, err := ParseMedia([]byte(media))
	if err != nil {
		t.Fatal(err)
	}
	if m.Init != "video_init.mp4" || len(m.Segments) != 2 || m.Segments[1].URI != "video_00001.m4s" || m.DurationS() != 10.5 || !m.Ended {
		t.Fatalf("%+v", m)
	}
	if _, err := ParseMedia([]byte("hello")); !errors.Is(err, ErrNotPlaylist) {
		t.Fatal(err)
	}
	if _, err := ParseMedia([]byte("#EXTM3U\nseg.m4s\n")); err == nil {
		t.Fatal("segment without duration accepted")
	}
}

func TestAttributesKeepQuotedCommas(t *testing.T) {
	a := Attributes(`TYPE=AUDIO,GROUP-ID="aud",NAME="Русский, дубляж",DEFAULT=NO,URI="a.m3u8"`)
	if a["TYPE"] != "AUDIO" || a["NAME"] != "Русский, дубляж" || a["DEFAULT"] != "NO" || a["URI"] != "a.m3u8" {
		t.Fatalf("%v", a)
	}
}

func TestRewriteEveryURI(t *testing.T) {
	sign := func(u string) (string, error) { return "/signed/" + u + "?sig=x", nil }
	got, err := Rewrite([]byte(media), sign)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`URI="/signed/video_init.mp4?sig=x"`, "\n/signed/video_00000.m4s?sig=x\n", "\n/signed/video_00001.m4s?sig=x\n", "#EXTINF:4.5,\n"} {
		if !strings.Contains(string(got), want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
	got, err = Rewrite([]byte(master), sign)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(got), `NAME="Русский, дубляж",DEFAULT=NO,URI="/signed/audio2.m3u8?sig=x"`+"\r\n") ||
		!strings.HasSuffix(string(got), "\r\n/signed/video.m3u8?sig=x\r\n") || !strings.Contains(string(got), `GROUP-ID="aud"`) {
		t.Fatalf("master rewritten wrong:\n%s", got)
	}
	if _, err := Rewrite([]byte(media), func(string) (string, error) { return "", errors.New("no") }); err == nil {
		t.Fatal("an error from the rewriter was ignored")
	}
}

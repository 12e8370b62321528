package httpapi_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/blobstore"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/httpapi"
	"github.com/silkbridge/silkbridge/internal/media"
	"github.com/silkbridge/silkbridge/internal/store"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

// previewFiles is a processed asset's derived files, as processing writes them.
var previewFiles = map[string]string{
	"hls/master.m3u8": "#EXTM3U\n#EXT-X-VERSION:7\n" +
		"#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"aud\",LANGUAGE=\"ru\",NAME=\"Русский\",DEFAULT=YES,AUTOSELECT=YES,URI=\"audio1.m3u8\"\n" +
		"#EXT-X-STREAM-INF:BANDWIDTH=900000,CODECS=\"avc1.64001f,mp4a.40.2\",AUDIO=\"aud\"\nvideo.m3u8\n",
	"hls/video.m3u8":       "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:6\n#EXT-X-MAP:URI=\"video_init.mp4\"\n#EXTINF:6.0,\nvideo_00000.m4s\n#EXT-X-ENDLIST\n",
	"hls/audio1.m3u8":      "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:6\n#EXT-X-MAP:URI=\"audio1_init.mp4\"\n#EXTINF:6.0,\naudio1_00000.m4s\n#EXT-X-ENDLIST\n",
	"hls/video_init.mp4":   "video init bytes",
	"hls/video_00000.m4s":  "video segment bytes",
	"hls/audio1_init.mp4":  "audio init bytes",
	"hls/audio1_00000.m4s": "audio segment bytes",
	"poster.jpg":           "\xff\xd8poster",
	"sprite.jpg":           "\xff\xd8sprite",
	"storyboard.vtt":       "WEBVTT\n\n00:00:00.000 --> 00:00:03.000\nsprite.jpg#xywh=0,0,160,90\n\n00:00:03.000 --> 00:00:06.000\nsprite.jpg#xywh=160,0,160,90\n",
}

type previewBundle struct {
	*testBundle
	blobs     *blobstore.Store
	keys      *auth.Keys
	processed string // an asset with a preview
	bare      string // an asset without one
}

func newPreviewBundle(t *testing.T, open func(testing.TB) *store.DB) *previewBundle {
	t.Helper()
	db := open(t)
	svc := storetest.NewServices(db)
	storetest.SeedOrgs(t, svc)
	dir := t.TempDir()
	blobs, err := blobstore.Open(context.Background(), blobstore.DefaultURL(dir), dir)
	if err != nil {
		t.Fatal(err)
	}
	deps := fullDeps(svc)
	deps.Media = media.NewService(db, svc.Catalog, nil, blobs, media.Limits{}, nil)
	keys := auth.NewKeys(db)
	deps.PreviewKeys = keys
	b := &previewBundle{testBundle: serveAPI(t, svc, deps), keys: keys, blobs: blobs}
	ctx := storetest.As("cmg", auth.RoleEditor)
	ti, err := svc.Catalog.Create(ctx, storetest.TitleFields("Detective Chinatown 1900", catalog.VisibilityPartners))
	if err != nil {
		t.Fatal(err)
	}
	for i, content := range []string{"processed film", "bare film"} {
		a := storetest.NewAsset(ti.ID, "cmg", content)
		if _, err := db.AssetRegister(ctx, a, "sha256/"+a.SHA256); err != nil {
			t.Fatal(err)
		}
		if i == 1 {
			b.bare = a.ID
			continue
		}
		b.processed = a.ID
		for rel, body := range previewFiles {
			if err := blobs.Put(ctx, media.DerivedPrefix(a.ID)+rel, strings.NewReader(body)); err != nil {
				t.Fatal(err)
			}
		}
		prefix := media.DerivedPrefix(a.ID)
		if err := db.AssetUpdateProcessing(ctx, a.ID, media.ProcessingUpdate{Status: media.StatusReady,
			Preview: &media.Preview{HLS: prefix + "hls/master.m3u8", Poster: prefix + "poster.jpg"}}); err != nil {
			t.Fatal(err)
		}
	}
	return b
}

// get fetches a URL (absolute, or relative to base) without credentials.
func (b *previewBundle) get(t *testing.T, base, ref string) (int, string, http.Header) {
	t.Helper()
	u, err := url.Parse(b.url + base)
	if err != nil {
		t.Fatal(err)
	}
	r, err := u.Parse(ref)
	if err != nil {
		t.Fatal(err)
	}
	r.Fragment = ""
	res, err := http.Get(r.String())
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body), res.Header
}

// uris lists the URIs a playlist names (URI lines and URI attributes).
func uris(t *testing.T, pl string) []string {
	t.Helper()
	var out []string
	for _, l := range strings.Split(pl, "\n") {
		if l == "" {
			continue
		}
		if !strings.HasPrefix(l, "#") {
			out = append(out, l)
		} else if i := strings.Index(l, `URI="`); i >= 0 {
			out = append(out, strings.SplitN(l[i+5:], `"`, 2)[0])
		}
	}
	return out
}

func TestPreviewSignedLinksNeedNoToken(t *testing.T) {
	storetest.ForEachEngine(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		b := newPreviewBundle(t, open)
		// A partner who may read the title gets signed links in the asset.
		res := b.do("GET", "/api/v1/assets/"+b.processed, "vgtrk/viewer", nil).want(t, 200)
		pv, _ := res.body["preview"].(map[string]any)
		hls, _ := pv["hls"].(string)
		if !strings.HasPrefix(hls, "/api/v1/assets/"+b.processed+"/hls/master.m3u8?exp=") || !strings.Contains(hls, "&sig=") ||
			!strings.Contains(pv["poster"].(string), "/preview/poster.jpg?exp=") || !strings.Contains(pv["storyboard"].(string), "/preview/storyboard.vtt?exp=") {
			t.Fatalf("preview = %v", pv)
		}
		list := b.do("GET", "/api/v1/titles/"+res.body["title_id"].(string)+"/assets", "vgtrk/viewer", nil).want(t, 200)
		for _, it := range list.body["items"].([]any) {
			a := it.(map[string]any)
			if a["id"] == b.bare && a["preview"] != nil {
				t.Errorf("an asset without a preview lists %v", a["preview"])
			}
			if a["id"] == b.processed && !strings.Contains(a["preview"].(map[string]any)["hls"].(string), "sig=") {
				t.Errorf("listed preview unsigned: %v", a["preview"])
			}
		}
		// A player follows master → media playlists → init and segments,
		// each a signed relative link, with no Authorization header.
		status, master, h := b.get(t, "/", hls)
		if status != 200 || h.Get("Content-Type") != "application/vnd.apple.mpegurl" || !strings.Contains(master, `NAME="Русский"`) {
			t.Fatalf("master: %d %s\n%s", status, h.Get("Content-Type"), master)
		}
		base := "/api/v1/assets/" + b.processed + "/hls/"
		seen := 0
		for _, ref := range uris(t, master) {
			if !strings.Contains(ref, "?exp=") || strings.Contains(ref, "/") {
				t.Fatalf("master names %q: not a signed relative link", ref)
			}
			status, media, _ := b.get(t, base, ref)
			if status != 200 {
				t.Fatalf("%s: %d %s", ref, status, media)
			}
			for _, seg := range uris(t, media) {
				status, body, h := b.get(t, base, seg)
				name := strings.SplitN(seg, "?", 2)[0]
				if status != 200 || body != previewFiles["hls/"+name] || h.Get("Content-Type") == "" {
					t.Fatalf("%s: %d %q", seg, status, body)
				}
				seen++
			}
		}
		if seen != 4 {
			t.Fatalf("followed %d init/segment links, want 4", seen)
		}
		// The storyboard's tiles are signed too, with their #xywh= kept.
		status, vtt, _ := b.get(t, "/", pv["storyboard"].(string))
		if status != 200 || strings.Count(vtt, "sprite.jpg?exp=") != 2 || !strings.Contains(vtt, "#xywh=160,0,160,90\n") {
			t.Fatalf("storyboard: %d\n%s", status, vtt)
		}
		tile := strings.Split(vtt, "\n")[3]
		if status, body, _ := b.get(t, "/api/v1/assets/"+b.processed+"/preview/", tile); status != 200 || body != previewFiles["sprite.jpg"] {
			t.Fatalf("sprite via %s: %d", tile, status)
		}
		if status, body, _ := b.get(t, "/", pv["poster"].(string)); status != 200 || body != previewFiles["poster.jpg"] {
			t.Fatalf("poster: %d", status)
		}
		// Deleting the asset deletes its preview files, and its links stop working.
		b.do("DELETE", "/api/v1/assets/"+b.processed, "cmg/editor", nil).want(t, http.StatusNoContent)
		if status, _, _ := b.get(t, "/", hls); status != http.StatusNotFound {
			t.Errorf("signed link of a deleted asset: %d", status)
		}
		for rel := range previewFiles {
			if ok, _ := b.blobs.Exists(context.Background(), media.DerivedPrefix(b.processed)+rel); ok {
				t.Errorf("%s kept after the asset was deleted", rel)
			}
		}
	})
}

func TestPreviewRefusesTamperedAndExpiredLinks(t *testing.T) {
	storetest.ForEachEngine(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		b := newPreviewBundle(t, open)
		ctx := context.Background()
		path := "/api/v1/assets/" + b.processed + "/hls/"
		good, err := httpapi.PreviewSignature(ctx, b.keys, b.processed, "hls/master.m3u8", time.Now().Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if status, body, _ := b.get(t, path, "master.m3u8?"+good); status != 200 {
			t.Fatalf("valid link: %d %s", status, body)
		}
		expired, _ := httpapi.PreviewSignature(ctx, b.keys, b.processed, "hls/master.m3u8", time.Now().Add(-time.Minute))
		otherAsset, _ := httpapi.PreviewSignature(ctx, b.keys, b.bare, "hls/master.m3u8", time.Now().Add(time.Hour))
		exp, sig, _ := strings.Cut(good, "&")
		flipped := []byte(sig)
		flipped[len(flipped)-2] ^= 1
		for name, ref := range map[string]string{
			"expired":          "master.m3u8?" + expired,
			"other file":       "video.m3u8?" + good,
			"other asset":      "master.m3u8?" + otherAsset,
			"signature edited": "master.m3u8?" + exp + "&" + string(flipped),
			"expiry extended":  "master.m3u8?exp=" + strings.TrimPrefix(exp, "exp=") + "9&" + sig,
			"signature only":   "master.m3u8?" + sig,
			"garbage":          "master.m3u8?exp=x&sig=%%%",
		} {
			if status, body, _ := b.get(t, path, ref); status != http.StatusForbidden || !strings.Contains(body, "forbidden") {
				t.Errorf("%s: %d %s", name, status, body)
			}
		}
	})
}

func TestPreviewWithoutSignatureFollowsTitleAccess(t *testing.T) {
	storetest.ForEachEngine(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		b := newPreviewBundle(t, open)
		master := "/api/v1/assets/" + b.processed + "/hls/master.m3u8"
		if r := b.do("GET", master, "vgtrk/viewer", nil); r.status != 200 || !strings.Contains(string(r.raw), "video.m3u8?exp=") {
			t.Fatalf("partner: %d %s", r.status, r.raw)
		}
		// "other" may not read the partners-only title: it does not exist for them.
		b.do("GET", master, "other/admin", nil).want(t, http.StatusNotFound)
		b.do("GET", master, "", nil).want(t, http.StatusUnauthorized)
		b.do("GET", "/api/v1/assets/"+b.bare+"/hls/master.m3u8", "cmg/viewer", nil).want(t, http.StatusNotFound)
		b.do("GET", "/api/v1/assets/nope/hls/master.m3u8", "cmg/viewer", nil).want(t, http.StatusNotFound)
		for _, bad := range []string{"..%2Fx.m3u8", "master.m3u8.exe", "MASTER.M3U8", "x.txt"} {
			b.do("GET", "/api/v1/assets/"+b.processed+"/hls/"+bad, "cmg/viewer", nil).want(t, http.StatusNotFound)
		}
	})
}

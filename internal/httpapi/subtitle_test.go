package httpapi_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/httpapi"
	"github.com/silkbridge/silkbridge/internal/media"
	"github.com/silkbridge/silkbridge/internal/store"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
	"github.com/silkbridge/silkbridge/internal/subtitles"
)

// subtitleBundle is a running API with assets, previews and subtitles.
type subtitleBundle struct {
	*testBundle
	db    *store.DB
	title string // partners-visible film of cmg
	asset string // its processed mezzanine, with an HLS preview
}

func newSubtitleBundle(t *testing.T, open func(testing.TB) *store.DB) *subtitleBundle {
	t.Helper()
	return newSubtitleBundleWith(t, open, nil)
}

// newSubtitleBundleWith is newSubtitleBundle with more services: configure,
// if given, adds them to deps before the API starts.
func newSubtitleBundleWith(t *testing.T, open func(testing.TB) *store.DB, configure func(db *store.DB, deps *httpapi.Deps)) *subtitleBundle {
	t.Helper()
	db, svc, blobs, deps := mediaDeps(t, open)
	deps.Subtitles = subtitles.NewService(db, svc.Catalog, db, media.RightsLicences{Rights: deps.Rights}, deps.Media)
	if configure != nil {
		configure(db, &deps)
	}
	b := &subtitleBundle{testBundle: serveAPI(t, svc, deps), db: db}
	ctx := storetest.As("cmg", auth.RoleEditor)
	ti, err := svc.Catalog.Create(ctx, storetest.TitleFields("Detective Chinatown 1900", catalog.VisibilityPartners))
	if err != nil {
		t.Fatal(err)
	}
	b.title = ti.ID
	a := storetest.NewAsset(ti.ID, "cmg", "subtitled film")
	if _, err := db.AssetRegister(ctx, a, "sha256/"+a.SHA256); err != nil {
		t.Fatal(err)
	}
	for rel, body := range previewFiles {
		if err := blobs.Put(ctx, media.DerivedPrefix(a.ID)+rel, strings.NewReader(body)); err != nil {
			t.Fatal(err)
		}
	}
	prefix := media.DerivedPrefix(a.ID)
	if err := db.AssetUpdateProcessing(ctx, a.ID, media.ProcessingUpdate{Status: media.StatusReady,
		Technical: &media.Technical{Video: []media.VideoStream{{Codec: "h264", FrameRate: "25/1"}}},
		Preview:   &media.Preview{HLS: prefix + "hls/master.m3u8", Poster: prefix + "poster.jpg"}}); err != nil {
		t.Fatal(err)
	}
	b.asset = a.ID
	return b
}

const octet = "application/octet-stream"

func (b *subtitleBundle) upload(who, query string, file []byte) *response {
	return b.do("POST", "/api/v1/titles/"+b.title+"/subtitles?"+query, who, file, "Content-Type", octet)
}

func (b *subtitleBundle) count(t *testing.T) int {
	t.Helper()
	return len(b.do("GET", "/api/v1/titles/"+b.title+"/subtitles", "cmg/viewer", nil).want(t, 200).body["items"].([]any))
}

const zhSRT = "1\r\n00:00:01,000 --> 00:00:03,000\r\n我们明天在唐人街见面。\r\n\r\n2\r\n00:00:04,000 --> 00:00:06,000\r\n你知道这个地方吗我们在那里等你很久了吧\r\n\r\n3\r\n00:00:07,000 --> 00:00:09,000\r\n<i>好的。</i>\r\n"

func TestSubtitleImportExportEdit(t *testing.T) {
	storetest.ForEachEngine(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		b := newSubtitleBundle(t, open)
		gbk, _ := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(zhSRT))
		res := b.upload("cmg/editor", "language=zh&usage=sub&format=auto&encoding=auto", gbk).want(t, http.StatusCreated)
		body := res.body
		if body["language"] != "zh" || body["usage"] != "sub" || body["format"] != "srt" || body["encoding_detected"] != "gb18030" ||
			body["cues"] != 3.0 || body["title_id"] != b.title || res.header.Get("ETag") != `"v1"` {
			t.Fatalf("created %v", body)
		}
		qc := body["qc"].(map[string]any)
		issues := qc["issues"].([]any)
		if qc["passed"] != false || len(issues) != 2 {
			t.Fatalf("qc %v", qc)
		}
		cps := issues[1].(map[string]any)
		if cps["cue"] != 2.0 || cps["start"] != "00:00:04.000" || cps["rule"] != "cps" || cps["value"] != 9.5 || cps["limit"] != 9.0 {
			t.Errorf("cps issue %v", cps)
		}
		id := body["id"].(string)
		// A partner reads it as JSON with its cues, and exports it.
		got := b.do("GET", "/api/v1/subtitles/"+id, "vgtrk/viewer", nil).want(t, 200)
		cues := got.body["cue_list"].([]any)
		if len(cues) != 3 || cues[2].(map[string]any)["lines"].([]any)[0] != "<i>好的。</i>" || cues[1].(map[string]any)["start"] != "00:00:04.000" {
			t.Errorf("cues %v", cues)
		}
		srt := b.do("GET", "/api/v1/subtitles/"+id+"?format=srt", "vgtrk/viewer", nil).want(t, 200)
		if string(srt.raw) != zhSRT+"\r\n" || !strings.HasPrefix(srt.header.Get("Content-Type"), "application/x-subrip; charset=utf-8") {
			t.Errorf("srt %q %s", srt.raw, srt.header.Get("Content-Type"))
		}
		vtt := b.do("GET", "/api/v1/subtitles/"+id+"?format=vtt", "cmg/viewer", nil).want(t, 200)
		if !bytes.HasPrefix(vtt.raw, []byte("WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n我们明天在唐人街见面。\n")) {
			t.Errorf("vtt %q", vtt.raw)
		}
		ttml := b.do("GET", "/api/v1/subtitles/"+id+"?format=ttml", "cmg/viewer", nil).want(t, 200)
		if p, err := subtitles.Parse(ttml.raw, subtitles.ParseOptions{Language: "zh"}); err != nil || len(p.Cues) != 3 || p.Cues[2].Lines[0] != "好的。" {
			t.Errorf("ttml %s: %v", ttml.raw, err)
		}
		b.do("GET", "/api/v1/subtitles/"+id, "other/editor", nil).want(t, http.StatusNotFound)

		// Fix cue 2 with If-Match: QC runs again.
		fix := map[string]any{"cues": []any{map[string]any{"index": 2, "start": "00:00:04.000", "end": "00:00:06.000", "lines": []any{"你知道这个地方吗？"}}}}
		b.do("PATCH", "/api/v1/subtitles/"+id+"/cues", "cmg/editor", fix).want(t, http.StatusPreconditionFailed) // no If-Match
		b.do("PATCH", "/api/v1/subtitles/"+id+"/cues", "vgtrk/editor", fix, "If-Match", `"v1"`).want(t, http.StatusForbidden)
		up := b.do("PATCH", "/api/v1/subtitles/"+id+"/cues", "cmg/editor", fix, "If-Match", `"v1"`).want(t, 200)
		if up.header.Get("ETag") != `"v2"` || up.body["qc"].(map[string]any)["passed"] != true {
			t.Errorf("after patch %v", up.body["qc"])
		}
		b.do("PATCH", "/api/v1/subtitles/"+id+"/cues", "cmg/editor", fix, "If-Match", `"v1"`).want(t, http.StatusPreconditionFailed)
		put := map[string]any{"cues": []any{map[string]any{"start_ms": 1000, "end_ms": 3000, "lines": []any{"好。"}}}}
		up = b.do("PUT", "/api/v1/subtitles/"+id+"/cues", "cmg/editor", put, "If-Match", `"v2"`).want(t, 200)
		if up.body["cues"] != 1.0 || up.body["qc"].(map[string]any)["passed"] != true {
			t.Errorf("after put %v", up.body)
		}
		q := b.do("GET", "/api/v1/subtitles/"+id+"/qc", "vgtrk/viewer", nil).want(t, 200)
		if q.body["passed"] != true || q.body["frame_rate"] != "25" {
			t.Errorf("qc %v", q.body)
		}
		b.do("DELETE", "/api/v1/subtitles/"+id, "cmg/viewer", nil).want(t, http.StatusForbidden)
		b.do("DELETE", "/api/v1/subtitles/"+id, "cmg/editor", nil).want(t, http.StatusNoContent)
		b.do("GET", "/api/v1/subtitles/"+id, "cmg/editor", nil).want(t, http.StatusNotFound)
	})
}

// TestSubtitleBadInputStoresNothing sends each kind of bad file: a 4xx
// problem naming the line, nothing stored, the server still answering.
func TestSubtitleBadInputStoresNothing(t *testing.T) {
	storetest.ForEachEngine(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		b := newSubtitleBundle(t, open)
		var many strings.Builder
		for i := 0; i < 100000; i++ {
			many.WriteString("00:00:01,000 --> 00:00:02,000\nx\n\n")
		}
		gbk, _ := simplifiedchinese.GBK.NewEncoder().Bytes([]byte("2\n00:00:03,000 --> 00:00:04,000\n你知道吗？\n"))
		mixed := append([]byte("1\n00:00:01,000 --> 00:00:02,000\n我们明天见。\n\n"), gbk...)
		cp1251, _ := charmap.Windows1251.NewEncoder().Bytes([]byte("1\n00:00:01,000 --> 00:00:02,000\nМы встретимся завтра в Чайнатауне.\n"))
		cases := []struct {
			name, query string
			file        []byte
			status      int
			code        string
			line        float64
		}{
			{"binary junk", "language=ru", []byte("1\n00:00:01,000 --> 00:00:02,000\n\x00\x01\x02\x03binary\n"), 422, subtitles.CodeBinary, 3},
			{"beyond 24 hours", "language=ru", []byte("1\n00:00:01,000 --> 00:00:02,000\nда\n\n2\n25:00:00,000 --> 25:00:01,000\nнет\n"), 422, subtitles.CodeTimecodeRange, 6},
			{"100000 cues", "language=en", []byte(many.String()), 422, subtitles.CodeTooManyCues, 60001},
			{"mixed encodings", "language=zh", mixed, 422, subtitles.CodeEncodingMixed, 7},
			{"ambiguous encoding", "language=en", cp1251, 422, subtitles.CodeEncodingAmbiguous, 0},
			{"undecodable in the named encoding", "language=ru&encoding=utf-8", cp1251, 422, subtitles.CodeEncodingInvalid, 3},
			{"unknown encoding", "language=ru&encoding=ebcdic-x", cp1251, 422, subtitles.CodeEncodingUnknown, 0},
			{"not subtitles", "language=ru", []byte("hello\nworld\n"), 422, subtitles.CodeFormatUnknown, 0},
			{"no language", "usage=sub", []byte(zhSRT), 422, "", 0},
			{"bad usage", "language=zh&usage=karaoke", []byte(zhSRT), 422, "", 0},
			{"another title's asset", "language=zh&asset=" + "0190c0de-0000-7000-8000-000000000000", []byte(zhSRT), 422, "subtitles.asset", 0},
			{"too large", "language=en", bytes.Repeat([]byte("a"), subtitles.MaxFileSize+1), 413, "", 0},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				res := b.upload("cmg/editor", c.query, c.file).want(t, c.status)
				if !strings.HasPrefix(res.header.Get("Content-Type"), "application/problem+json") {
					t.Errorf("content type %s", res.header.Get("Content-Type"))
				}
				if c.code != "" {
					errs, _ := res.body["errors"].([]any)
					if len(errs) == 0 {
						t.Fatalf("no field errors: %s", res.raw)
					}
					e := errs[0].(map[string]any)
					params, _ := e["params"].(map[string]any)
					if e["code"] != c.code || c.line != 0 && params["line"] != c.line {
						t.Errorf("error %v", e)
					}
					if c.line != 0 && !strings.Contains(res.body["detail"].(string), "line") {
						t.Errorf("detail does not name the line: %s", res.body["detail"])
					}
				}
				if n := b.count(t); n != 0 {
					t.Errorf("%d tracks stored", n)
				}
			})
		}
		b.upload("cmg/editor", "language=zh", []byte(zhSRT)).want(t, http.StatusCreated) // the server is fine
	})
}

func TestSubtitleAccess(t *testing.T) {
	b := newSubtitleBundle(t, storetest.OpenSQLite)
	b.upload("other/editor", "language=de", []byte(zhSRT)).want(t, http.StatusNotFound)
	b.upload("cmg/viewer", "language=zh", []byte(zhSRT)).want(t, http.StatusForbidden)
	b.upload("", "language=zh", []byte(zhSRT)).want(t, http.StatusUnauthorized)
	ru := b.upload("vgtrk/editor", "language=ru&usage=sdh", []byte("1\n00:00:01,000 --> 00:00:03,000\nМы встретимся завтра.\n")).want(t, http.StatusCreated)
	if ru.body["org"] != "vgtrk" || ru.body["usage"] != "sdh" {
		t.Errorf("partner track %v", ru.body)
	}
	b.do("DELETE", "/api/v1/subtitles/"+ru.body["id"].(string), "cmg/admin", nil).want(t, http.StatusForbidden)

	// Rules: admins of the organisation only.
	b.do("GET", "/api/v1/orgs/cmg/subtitle-rules", "cmg/editor", nil).want(t, http.StatusForbidden)
	b.do("GET", "/api/v1/orgs/cmg/subtitle-rules", "vgtrk/admin", nil).want(t, http.StatusNotFound)
	rules := b.do("GET", "/api/v1/orgs/cmg/subtitle-rules", "cmg/admin", nil).want(t, 200)
	if zh := rules.body["defaults"].(map[string]any)["zh"].(map[string]any); zh["cpl"] != 16.0 || zh["cps"] != 9.0 || zh["min_duration_ms"] != 833.0 {
		t.Errorf("defaults %v", zh)
	}
	put := map[string]any{"overrides": map[string]any{"zh": map[string]any{"cpl": 20, "cps": 12, "max_lines": 2, "min_duration_ms": 833, "max_duration_ms": 7000, "min_gap_frames": 2}}}
	b.do("PUT", "/api/v1/orgs/cmg/subtitle-rules", "cmg/admin", map[string]any{"overrides": map[string]any{"zh": map[string]any{"cpl": 0, "cps": 12, "max_lines": 2, "max_duration_ms": 7000}}}).want(t, 422)
	b.do("PUT", "/api/v1/orgs/cmg/subtitle-rules", "cmg/admin", put).want(t, 200)
	res := b.upload("cmg/editor", "language=zh", []byte(zhSRT)).want(t, http.StatusCreated)
	if q := res.body["qc"].(map[string]any); q["passed"] != true {
		t.Errorf("org rules not used: %v", q)
	}
}

// TestSubtitleHLSRendition: the asset's master playlist lists the track as
// a WebVTT rendition in its own language, and the signed links serve the
// cues without credentials.
func TestSubtitleHLSRendition(t *testing.T) {
	storetest.ForEachEngine(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		b := newSubtitleBundle(t, open)
		pb := &previewBundle{testBundle: b.testBundle}
		b.upload("vgtrk/editor", "language=ru&asset="+b.asset, []byte("1\n00:00:01,000 --> 00:00:03,000\nМы встретимся <i>завтра</i>.\n")).want(t, http.StatusCreated)
		b.upload("cmg/editor", "language=zh-Hans", []byte(zhSRT)).want(t, http.StatusCreated) // not tied: shown with the mezzanine
		asset := b.do("GET", "/api/v1/assets/"+b.asset, "vgtrk/viewer", nil).want(t, 200)
		hls := asset.body["preview"].(map[string]any)["hls"].(string)
		status, master, _ := pb.get(t, "/", hls)
		if status != 200 {
			t.Fatalf("master %d %s", status, master)
		}
		if !strings.Contains(master, `#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",LANGUAGE="ru",NAME="Русский",DEFAULT=NO,AUTOSELECT=YES,URI="/api/v1/subtitles/`) ||
			!strings.Contains(master, `LANGUAGE="zh-Hans",NAME="简体中文"`) || !strings.Contains(master, `AUDIO="aud",SUBTITLES="subs"`) {
			t.Fatalf("master:\n%s", master)
		}
		var ruURI string
		for _, l := range strings.Split(master, "\n") {
			if strings.Contains(l, `LANGUAGE="ru"`) {
				ruURI = strings.SplitN(l[strings.Index(l, `URI="`)+5:], `"`, 2)[0]
			}
		}
		if !strings.Contains(ruURI, "exp=") || !strings.Contains(ruURI, "sig=") {
			t.Fatalf("unsigned %q", ruURI)
		}
		status, pl, h := pb.get(t, "/", ruURI)
		if status != 200 || h.Get("Content-Type") != "application/vnd.apple.mpegurl" || !strings.Contains(pl, "#EXT-X-ENDLIST") {
			t.Fatalf("media playlist %d\n%s", status, pl)
		}
		vttURI := uris(t, pl)[0]
		status, vtt, h := pb.get(t, ruURI, vttURI)
		if status != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/vtt") || vtt != "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nМы встретимся <i>завтра</i>.\n\n" {
			t.Fatalf("vtt %d %q", status, vtt)
		}
		// A tampered link is refused; without a link, title access decides.
		if status, _, _ := pb.get(t, "/", strings.Replace(vttURI, "sig=", "sig=x", 1)); status != http.StatusForbidden {
			t.Errorf("tampered: %d", status)
		}
		id := strings.Split(strings.TrimPrefix(ruURI, "/api/v1/subtitles/"), "/")[0]
		b.do("GET", "/api/v1/subtitles/"+id+"/hls/track.vtt", "", nil).want(t, http.StatusUnauthorized)
		b.do("GET", "/api/v1/subtitles/"+id+"/hls/track.vtt", "other/viewer", nil).want(t, http.StatusNotFound)
		b.do("GET", "/api/v1/subtitles/"+id+"/hls/track.vtt", "cmg/viewer", nil).want(t, http.StatusOK)
		b.do("GET", "/api/v1/subtitles/"+id+"/hls/other.vtt", "cmg/viewer", nil).want(t, http.StatusNotFound)
	})
}

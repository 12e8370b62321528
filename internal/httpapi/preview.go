package httpapi

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/media"
	"github.com/silkbridge/silkbridge/internal/media/playlist"
)

// Preview files are fetched by a player (hls.js, an <img>, a <track>) that
// cannot send an Authorization header, so each URL carries its own
// permission: an expiry and an HMAC over the asset id, the file's path and
// that expiry, keyed by a key derived from the server secret (shared by
// every process on the database). The asset JSON and every playlist are
// given freshly signed URLs on the way out; a request without a signature
// is served only to a caller who may read the title.

// PreviewLinkTTL is how long a signed preview link works: long enough to
// watch a feature film from one playlist load, short enough that a leaked
// link soon stops working.
const PreviewLinkTTL = 4 * time.Hour

// previewLinkStep rounds expiries up, so links issued a few minutes apart
// are equal and a player's cache holds.
const previewLinkStep = 10 * time.Minute

const purposePreview = "silkbridge preview link v1"

// previewMaxPlaylist bounds a playlist read into memory to rewrite it (a
// 3-hour film in 6 s segments lists about 2000 lines).
const previewMaxPlaylist = 4 << 20

func (a *API) mountPreviews(r chi.Router) {
	if a.deps.PreviewKeys == nil {
		return
	}
	r.Get("/api/v1/assets/{id}/hls/{file}", a.preview(media.PreviewHLSDir))
	r.Get("/api/v1/assets/{id}/preview/{file}", a.preview(""))
}

// previewPath is the URL path of a preview file (rel under the asset's
// derived prefix: "hls/master.m3u8", "poster.jpg").
func previewPath(id, rel string) string {
	if name, ok := strings.CutPrefix(rel, media.PreviewHLSDir); ok {
		return "/api/v1/assets/" + url.PathEscape(id) + "/hls/" + name
	}
	return "/api/v1/assets/" + url.PathEscape(id) + "/preview/" + rel
}

// PreviewSignature returns the query ("exp=…&sig=…") that lets anyone
// fetch rel of asset id until exp.
func PreviewSignature(ctx context.Context, keys *auth.Keys, id, rel string, exp time.Time) (string, error) {
	return signLinkQuery(ctx, keys, purposePreview, id, rel, exp)
}

// previewExpiry is when links issued now expire.
func previewExpiry(now time.Time) time.Time {
	return now.Add(PreviewLinkTTL).Truncate(previewLinkStep).Add(previewLinkStep)
}

// withPreviewLinks replaces the stored keys of each asset's preview with
// signed URLs (path-absolute, on this server). Without a signing key, or
// when signing fails, the preview is left out rather than shown unusable.
func (a *API) withPreviewLinks(ctx context.Context, assets ...*media.Asset) {
	for _, as := range assets {
		if as == nil || as.Preview == nil {
			continue
		}
		if a.deps.PreviewKeys == nil || as.Preview.HLS == "" {
			as.Preview = nil
			continue
		}
		exp := previewExpiry(time.Now())
		link := func(rel string) string {
			q, err := PreviewSignature(ctx, a.deps.PreviewKeys, as.ID, rel, exp)
			if err != nil {
				a.logger().ErrorContext(ctx, "signing a preview link", "err", err)
				return ""
			}
			return previewPath(as.ID, rel) + "?" + q
		}
		p := &media.Preview{HLS: link(media.PreviewHLSDir + media.PreviewMaster)}
		if as.Preview.Poster != "" {
			p.Poster = link(media.PreviewPoster)
		}
		p.Storyboard = link(media.PreviewStoryboard)
		if p.HLS == "" {
			p = nil
		}
		as.Preview = p
	}
}

// preview serves one preview file of an asset, from dir of its derived
// files: to a signed link's holder, or to a caller who may read the title.
func (a *API) preview(dir string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, name := chi.URLParam(r, "id"), chi.URLParam(r, "file")
		rel := dir + name
		if !media.ValidPreviewName(name) || len(id) > 64 {
			writeProblem(w, r, http.StatusNotFound, string(apperr.NotFound), "no such preview file")
			return
		}
		ctx := r.Context()
		q := r.URL.Query()
		signed := q.Has("sig") || q.Has("exp")
		if signed {
			if status, msg := checkLinkSignature(ctx, a.deps.PreviewKeys, purposePreview, id, rel, q.Get("exp"), q.Get("sig"),
				"the link has expired; fetch the asset again for a new one"); status != 0 {
				writeProblem(w, r, status, string(apperr.Forbidden), msg)
				return
			}
		} else {
			p, err := a.principal(r)
			if err != nil || p == nil {
				w.Header().Set("WWW-Authenticate", `Bearer realm="silkbridge"`)
				writeProblem(w, r, http.StatusUnauthorized, "unauthenticated", "authentication required: send Authorization: Bearer <token> or use the signed link from the asset")
				return
			}
			ctx = auth.WithPrincipal(ctx, p)
			if _, err := a.deps.Media.Get(ctx, id); err != nil {
				pe := a.assetError(ctx, err).(*ProblemError)
				writeProblem(w, r, pe.Status, pe.Code, pe.Detail)
				return
			}
		}
		// A deleted asset's links die with it, and an asset without a
		// preview has no files to show.
		as, _, err := a.deps.Media.Store().AssetGet(ctx, id)
		if err != nil || as.Preview == nil || as.Preview.HLS == "" {
			writeProblem(w, r, http.StatusNotFound, string(apperr.NotFound), "this asset has no preview")
			return
		}
		a.servePreviewFile(w, r, id, rel, name)
	}
}

func (a *API) servePreviewFile(w http.ResponseWriter, r *http.Request, id, rel, name string) {
	ctx := r.Context()
	rc, err := a.deps.Media.Blobs().NewRangeReader(ctx, media.DerivedPrefix(id)+rel, 0, -1)
	if err != nil {
		writeProblem(w, r, http.StatusNotFound, string(apperr.NotFound), "no such preview file")
		return
	}
	defer rc.Close()
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	switch path.Ext(name) {
	case ".m3u8", ".vtt":
		// Text that names other files: every name gets a fresh signature.
		body, err := io.ReadAll(io.LimitReader(rc, previewMaxPlaylist+1))
		if err == nil && len(body) > previewMaxPlaylist {
			err = errors.New("playlist too large")
		}
		if err == nil {
			body, err = a.signReferences(ctx, id, path.Dir("/" + rel)[1:], name, body)
		}
		if err == nil && rel == media.PreviewHLSDir+media.PreviewMaster {
			body, err = a.withSubtitleRenditions(ctx, id, body) // subtitle_hls.go
		}
		if err != nil {
			a.logger().ErrorContext(ctx, "serving a preview playlist", "asset", id, "file", rel, "err", err)
			writeProblem(w, r, http.StatusInternalServerError, string(apperr.Internal), "internal error")
			return
		}
		h.Set("Content-Type", map[bool]string{true: "application/vnd.apple.mpegurl", false: "text/vtt; charset=utf-8"}[path.Ext(name) == ".m3u8"])
		// The links inside expire: a cached copy must not outlive them.
		h.Set("Cache-Control", "private, max-age=60")
		h.Set("Content-Length", strconv.Itoa(len(body)))
		w.Write(body)
	default:
		h.Set("Content-Type", map[string]string{".mp4": "video/mp4", ".m4s": "video/iso.segment", ".jpg": "image/jpeg"}[path.Ext(name)])
		// A preview file never changes under its name while its link lives.
		h.Set("Cache-Control", "private, max-age=3600")
		io.Copy(&deadlineWriter{ResponseWriter: w, rc: http.NewResponseController(w)}, rc)
	}
}

// signReferences rewrites the file names in a playlist or storyboard (all
// relative names in the same directory, as processing writes them) into
// signed relative URLs.
func (a *API) signReferences(ctx context.Context, id, dir, name string, body []byte) ([]byte, error) {
	if dir != "" {
		dir += "/"
	}
	exp := previewExpiry(time.Now())
	sign := func(ref string) (string, error) {
		file, frag, _ := strings.Cut(ref, "#")
		if !media.ValidPreviewName(file) {
			return "", errors.New("unexpected reference " + strconv.Quote(ref))
		}
		q, err := PreviewSignature(ctx, a.deps.PreviewKeys, id, dir+file, exp)
		if err != nil {
			return "", err
		}
		if frag != "" {
			frag = "#" + frag
		}
		return file + "?" + q + frag, nil
	}
	if strings.HasSuffix(name, ".m3u8") {
		return playlist.Rewrite(body, sign)
	}
	return rewriteStoryboard(body, sign)
}

// rewriteStoryboard signs the image reference of each WebVTT cue
// ("sprite.jpg#xywh=…"): the line after a timing line.
func rewriteStoryboard(body []byte, sign func(string) (string, error)) ([]byte, error) {
	var out strings.Builder
	sc := bufio.NewScanner(strings.NewReader(string(body)))
	afterTiming := false
	for sc.Scan() {
		line := sc.Text()
		if afterTiming && strings.TrimSpace(line) != "" {
			s, err := sign(strings.TrimSpace(line))
			if err != nil {
				return nil, err
			}
			line = s
		}
		afterTiming = strings.Contains(line, "-->")
		out.WriteString(line + "\n")
	}
	return []byte(out.String()), sc.Err()
}

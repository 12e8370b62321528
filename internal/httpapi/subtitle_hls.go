package httpapi

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/subtitles"
)

// A subtitle track joins an asset's HLS preview as a WebVTT rendition. The
// player fetches its playlist and its VTT without credentials, so (as for
// preview files) each URL is signed: an HMAC over the track id, the file
// and the expiry, with a key of its own purpose.

const purposeSubtitleLink = "silkbridge subtitle link v1"

// Files of a track's HLS rendition.
const (
	subtitlePlaylist = "index.m3u8"
	subtitleVTT      = "track.vtt"
)

func (a *API) mountSubtitleHLS(r chi.Router) {
	if a.deps.PreviewKeys == nil {
		return
	}
	r.Get("/api/v1/subtitles/{id}/hls/{file}", a.subtitleHLS)
}

// subtitleLink is the signed path of one file of a track's rendition.
func (a *API) subtitleLink(ctx context.Context, id, file string, exp time.Time) (string, error) {
	q, err := signLinkQuery(ctx, a.deps.PreviewKeys, purposeSubtitleLink, id, file, exp)
	if err != nil {
		return "", err
	}
	return "/api/v1/subtitles/" + url.PathEscape(id) + "/hls/" + file + "?" + q, nil
}

// withSubtitleRenditions adds the tracks shown with an asset's preview to
// its master playlist (already signed).
func (a *API) withSubtitleRenditions(ctx context.Context, assetID string, master []byte) ([]byte, error) {
	if a.deps.Subtitles == nil {
		return master, nil
	}
	as, _, err := a.deps.Media.Store().AssetGet(ctx, assetID)
	if err != nil {
		return nil, err
	}
	tracks, err := a.deps.Subtitles.PreviewTracks(ctx, as)
	if err != nil {
		return nil, err
	}
	exp := previewExpiry(time.Now())
	var rs []subtitles.Rendition
	for _, t := range tracks {
		link, err := a.subtitleLink(ctx, t.ID, subtitlePlaylist, exp)
		if err != nil {
			return nil, err
		}
		rs = append(rs, subtitles.Rendition{Language: t.Language, Usage: t.Usage, URI: link})
	}
	return subtitles.AddRenditions(master, rs), nil
}

// subtitleHLS serves a track's WebVTT media playlist or its VTT: to a
// signed link's holder, or to a caller who may read the title.
func (a *API) subtitleHLS(w http.ResponseWriter, r *http.Request) {
	id, file := chi.URLParam(r, "id"), chi.URLParam(r, "file")
	if (file != subtitlePlaylist && file != subtitleVTT) || len(id) > 64 {
		writeProblem(w, r, http.StatusNotFound, string(apperr.NotFound), "no such file")
		return
	}
	ctx := r.Context()
	q := r.URL.Query()
	var t *subtitles.Track
	var err error
	if q.Has("sig") || q.Has("exp") {
		if status, msg := checkLinkSignature(ctx, a.deps.PreviewKeys, purposeSubtitleLink, id, file, q.Get("exp"), q.Get("sig"),
			"the link has expired; load the master playlist again for a new one"); status != 0 {
			writeProblem(w, r, status, string(apperr.Forbidden), msg)
			return
		}
		t, err = a.deps.Subtitles.Store().SubtitleGet(ctx, id)
	} else {
		p, perr := a.principal(r)
		if perr != nil || p == nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="silkbridge"`)
			writeProblem(w, r, http.StatusUnauthorized, "unauthenticated", "authentication required: send Authorization: Bearer <token> or use the signed link from the master playlist")
			return
		}
		t, err = a.deps.Subtitles.Get(auth.WithPrincipal(ctx, p), id)
	}
	if err != nil {
		pe := Problem(err).(*ProblemError)
		if pe.Status >= 500 {
			a.logger().ErrorContext(ctx, "serving a subtitle rendition", "track", id, "err", err)
		}
		writeProblem(w, r, pe.Status, pe.Code, pe.Detail)
		return
	}
	var body []byte
	if file == subtitlePlaylist {
		link, err := a.subtitleLink(ctx, id, subtitleVTT, previewExpiry(time.Now()))
		if err != nil {
			writeProblem(w, r, http.StatusInternalServerError, string(apperr.Internal), "internal error")
			return
		}
		w.Header().Set("Content-Type", "application/vnd.apple.mpegurl")
		body = subtitles.MediaPlaylist(t.Cues, link)
	} else {
		w.Header().Set("Content-Type", "text/vtt; charset=utf-8")
		body = subtitles.WriteVTT(t.Cues)
	}
	w.Header().Set("X-Content-Type-Options", "nosniff")
	// Edits change the cues and the links inside expire: keep copies short.
	w.Header().Set("Cache-Control", "private, max-age=60")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.Write(body)
}

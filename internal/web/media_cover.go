package web

import (
	"io"
	"net/http"
	"net/url"

	"github.com/go-chi/chi/v5"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/media"
)

func init() {
	addRoutes(func(h *Handler, r chi.Router) {
		r.Get("/media/{asset}/cover", h.mediaCover)
	})
}

// coverURLs returns the cover picture's URL of each title that has one.
// A failure only costs the pictures: the catalogue still lists the titles.
func (h *Handler) coverURLs(r *http.Request, titleIDs []string) map[string]string {
	out := map[string]string{}
	if h.deps.Media == nil || len(titleIDs) == 0 {
		return out
	}
	covers, err := h.deps.Media.Covers(r.Context(), titleIDs)
	if err != nil {
		h.log.Warn("finding catalogue covers", "err", err)
		return out
	}
	for t, a := range covers {
		out[t] = "/media/" + url.PathEscape(a.ID) + "/cover"
	}
	return out
}

// mediaCover serves an asset's picture to anyone who may read its title: a
// poster or still image itself, else the poster frame processing made.
// Originals are otherwise only for the owner and licensees; a cover image
// is what the catalogue shows of a title, like its synopsis.
func (h *Handler) mediaCover(w http.ResponseWriter, r *http.Request) {
	if h.deps.Media == nil {
		h.fail(w, r, apperr.New(apperr.NotFound, "media is not enabled"))
		return
	}
	ctx := r.Context()
	a, err := h.deps.Media.Get(ctx, chi.URLParam(r, "asset"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	var key, ctype string
	switch {
	case media.IsCoverImage(a):
		if _, key, err = h.deps.Media.Store().AssetGet(ctx, a.ID); err != nil {
			h.fail(w, r, err)
			return
		}
		ctype = a.ContentType
	case media.HasPreviewPoster(a):
		key, ctype = media.DerivedPrefix(a.ID)+media.PreviewPoster, "image/jpeg"
	default:
		h.fail(w, r, apperr.New(apperr.NotFound, "this asset has no picture"))
		return
	}
	rc, err := h.deps.Media.Blobs().NewRangeReader(ctx, key, 0, -1)
	if err != nil {
		h.fail(w, r, apperr.New(apperr.NotFound, "the picture is not stored"))
		return
	}
	defer rc.Close()
	hd := w.Header()
	hd.Set("Content-Type", ctype)
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	hd.Set("Cache-Control", "private, max-age=3600")
	io.Copy(w, rc)
}

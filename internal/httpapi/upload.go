package httpapi

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/tus/tusd/v2/pkg/handler"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/blobstore"
	"github.com/silkbridge/silkbridge/internal/media"
)

// UploadsPath is where the tus 1.0 resumable upload endpoint is mounted.
const UploadsPath = "/api/v1/uploads/"

// AssetHeader names the asset a completed upload became (in the answer to
// the request that sent the last byte).
const AssetHeader = "Silkbridge-Asset-Id"

// NewUploadStore builds the tus data store over blobs: each new upload is
// checked and recorded by svc before any byte is stored. locker may be nil
// on a single machine.
func NewUploadStore(blobs *blobstore.Store, svc *media.Service, locker handler.Locker) (*blobstore.Tus, error) {
	return blobs.Tus(blobstore.TusOptions{
		States: svc.Store(),
		Create: func(ctx context.Context, info handler.FileInfo) error {
			return svc.BeginUpload(ctx, info.ID, uploadRequest(info))
		},
		Locker: locker,
		TTL:    svc.Limits().UploadTTL,
	})
}

func uploadRequest(info handler.FileInfo) media.UploadRequest {
	m := info.MetaData
	return media.UploadRequest{TitleID: m["title"], Kind: m["kind"], Filename: m["filename"], Language: m["language"], Size: info.Size}
}

type uploads struct {
	api *API
}

// mountUploads serves tus 1.0 (core, creation, creation-with-upload,
// termination, expiration, checksum with sha256) at UploadsPath.
func mountUploads(api *API, r chi.Router) {
	if api.deps.Uploads == nil {
		return
	}
	u := &uploads{api: api}
	h, err := handler.NewHandler(handler.Config{
		StoreComposer:             api.deps.Uploads.Composer(),
		BasePath:                  UploadsPath,
		MaxSize:                   api.deps.Media.Limits().MaxUpload,
		Logger:                    tusLogger(api.logger()),
		DisableDownload:           true,
		DisableConcatenation:      true,
		Cors:                      &handler.CorsConfig{Disable: true},
		PreUploadCreateCallback:   u.preCreate,
		PreFinishResponseCallback: u.preFinish,
	})
	if err != nil {
		panic("tus handler: " + err.Error()) // configuration defect, not input
	}
	hh := u.guard(http.StripPrefix(strings.TrimSuffix(UploadsPath, "/"), h))
	r.Handle(strings.TrimSuffix(UploadsPath, "/"), hh)
	r.Handle(UploadsPath+"*", hh)
}

// guard authenticates every tus request (bearer token or web session),
// keeps callers to their organisation's uploads, reads Upload-Checksum and
// announces the checksum and expiration extensions tusd does not know.
func (u *uploads) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w = &tusHeaders{ResponseWriter: w}
		if r.Method == http.MethodOptions {
			next.ServeHTTP(w, r)
			return
		}
		p, err := u.api.principal(r)
		if err != nil || p == nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="silkbridge"`)
			writeProblem(w, r, http.StatusUnauthorized, string(apperr.Unauthenticated), "authentication required: send Authorization: Bearer <token>")
			return
		}
		ctx := auth.WithPrincipal(r.Context(), p)
		if !p.CanWrite() {
			writeProblem(w, r, http.StatusForbidden, string(apperr.Forbidden), "uploading needs the admin or editor role")
			return
		}
		if id := strings.Trim(strings.TrimPrefix(r.URL.Path, UploadsPath), "/"); id != "" && r.URL.Path != strings.TrimSuffix(UploadsPath, "/") {
			up, err := u.api.deps.Media.Store().UploadGet(ctx, id)
			switch {
			case apperr.Is(err, apperr.NotFound), err == nil && up.Org != p.Org:
				// Another organisation's upload is not acknowledged at all.
				writeProblem(w, r, http.StatusNotFound, string(apperr.NotFound), "upload not found")
				return
			case err != nil:
				u.api.logger().ErrorContext(ctx, "reading upload", "err", err)
				writeProblem(w, r, http.StatusInternalServerError, string(apperr.Internal), "internal error")
				return
			case time.Now().After(up.ExpiresAt):
				writeProblem(w, r, http.StatusGone, "upload_expired", "the upload expired; start it again")
				return
			}
		}
		if r.Method == http.MethodPost {
			// tusd would refuse an oversized upload itself, in plain text.
			if n, err := strconv.ParseInt(r.Header.Get("Upload-Length"), 10, 64); err == nil && n > u.api.deps.Media.Limits().MaxUpload {
				pe := assetProblem(apperr.New(media.CodeTooLarge, "the file is %d bytes; the largest accepted is %d bytes", n, u.api.deps.Media.Limits().MaxUpload))
				writeProblem(w, r, pe.Status, pe.Code, pe.Detail)
				return
			}
		}
		if h := r.Header.Get("Upload-Checksum"); h != "" {
			algo, b64, _ := strings.Cut(h, " ")
			if algo != "sha256" {
				writeProblem(w, r, http.StatusBadRequest, "checksum_algorithm", "Upload-Checksum supports sha256 only")
				return
			}
			sum, err := base64.StdEncoding.DecodeString(strings.TrimSpace(b64))
			if err != nil || len(sum) != 32 {
				writeProblem(w, r, http.StatusBadRequest, "checksum_invalid", "Upload-Checksum must be 'sha256 <base64 of 32 bytes>'")
				return
			}
			ctx = blobstore.WithChecksum(ctx, sum)
		}
		if r.Method == http.MethodPost || r.Method == http.MethodPatch {
			ttl := u.api.deps.Media.Limits().UploadTTL
			w.Header().Set("Upload-Expires", time.Now().Add(ttl).UTC().Format(http.TimeFormat))
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// preCreate refuses an upload before any byte is stored: unknown or
// unreadable title (404), a title of another organisation or a viewer
// (403), bad metadata (422), too large or over quota (413).
func (u *uploads) preCreate(hook handler.HookEvent) (handler.HTTPResponse, handler.FileInfoChanges, error) {
	if hook.Upload.SizeIsDeferred {
		return handler.HTTPResponse{}, handler.FileInfoChanges{}, tusProblem(apperr.New(apperr.Invalid, "Upload-Length is required"))
	}
	if _, err := u.api.deps.Media.CheckUpload(hook.Context, uploadRequest(hook.Upload)); err != nil {
		return handler.HTTPResponse{}, handler.FileInfoChanges{}, u.tusError(hook.Context, err)
	}
	return handler.HTTPResponse{}, handler.FileInfoChanges{}, nil
}

// preFinish registers the completed upload as an asset (and enqueues its
// processing) before the answer to its last byte is sent.
func (u *uploads) preFinish(hook handler.HookEvent) (handler.HTTPResponse, error) {
	ctx := hook.Context
	svc := u.api.deps.Media
	st, err := svc.Store().UploadGet(ctx, hook.Upload.ID)
	if err != nil {
		return handler.HTTPResponse{}, u.tusError(ctx, err)
	}
	checked, err := svc.CheckFinish(ctx, st)
	if err != nil {
		return handler.HTTPResponse{}, u.tusError(ctx, err)
	}
	content, err := u.api.deps.Uploads.Finish(ctx, hook.Upload)
	defer svc.Store().UploadDelete(context.WithoutCancel(ctx), hook.Upload.ID)
	if err != nil {
		if content.Key != "" {
			svc.Blobs().Delete(context.WithoutCancel(ctx), content.Key)
		}
		return handler.HTTPResponse{}, u.tusError(ctx, err)
	}
	a, err := svc.Register(ctx, checked, content)
	if err != nil {
		return handler.HTTPResponse{}, u.tusError(ctx, err)
	}
	return handler.HTTPResponse{Header: handler.HTTPHeader{AssetHeader: a.ID, "Content-Location": "/api/v1/assets/" + a.ID}}, nil
}

func (u *uploads) tusError(ctx context.Context, err error) error {
	pe := assetProblem(err)
	if pe.Status >= 500 && u.api.deps.Logger != nil {
		u.api.logger().ErrorContext(ctx, "upload", "err", err)
	}
	return tusProblemOf(pe)
}

func tusProblem(err error) error { return tusProblemOf(assetProblem(err)) }

func tusProblemOf(pe *ProblemError) error {
	body, _ := json.Marshal(pe)
	e := handler.NewError("ERR_"+strings.ToUpper(pe.Code), pe.Detail, pe.Status)
	e.HTTPResponse.Header = handler.HTTPHeader{"Content-Type": "application/problem+json"}
	e.HTTPResponse.Body = string(body)
	return e
}

// writeProblem answers a plain handler's request with a problem.
func writeProblem(w http.ResponseWriter, r *http.Request, status int, code, detail string) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write([]byte(blobstore.ProblemJSON(status, code, detail)))
	}
}

// tusHeaders adds the extensions implemented around tusd to its answers.
type tusHeaders struct {
	http.ResponseWriter
	wrote bool
}

func (t *tusHeaders) WriteHeader(code int) {
	if !t.wrote {
		t.wrote = true
		h := t.Header()
		// tusd builds an absolute Location from the request's Host, which
		// behind a reverse proxy names the inner address; the path alone
		// resolves against whatever URL the client used.
		if loc := h.Get("Location"); loc != "" {
			if u, err := url.Parse(loc); err == nil && u.Path != "" {
				h.Set("Location", u.RequestURI())
			}
		}
		if ext := h.Get("Tus-Extension"); ext != "" {
			h.Set("Tus-Extension", ext+",checksum,expiration")
			h.Set("Tus-Checksum-Algorithm", "sha256")
		}
	}
	t.ResponseWriter.WriteHeader(code)
}

func (t *tusHeaders) Write(b []byte) (int, error) {
	if !t.wrote {
		t.WriteHeader(http.StatusOK)
	}
	return t.ResponseWriter.Write(b)
}

// Unwrap lets tusd extend read deadlines through http.ResponseController.
func (t *tusHeaders) Unwrap() http.ResponseWriter { return t.ResponseWriter }

// SweepUploads terminates uploads untouched past their expiry; the server
// runs it now and then.
func SweepUploads(ctx context.Context, svc *media.Service, tus *blobstore.Tus) (int, error) {
	ids, err := svc.Store().UploadsExpired(ctx, time.Now())
	if err != nil {
		return 0, err
	}
	for _, id := range ids {
		if err := tus.Terminate(ctx, id); err != nil {
			return 0, err
		}
		if err := svc.Store().UploadDelete(ctx, id); err != nil {
			return 0, err
		}
	}
	return len(ids), nil
}

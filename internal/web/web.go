// Package web is silkbridge's browser interface: server-rendered pages
// (html/template) in Chinese, Russian and English, progressively enhanced
// with htmx. Every page is one file here (title_view.go, member_add.go …)
// with its template in templates/ and its strings in locales/; assets and
// templates are embedded, so the binary needs nothing beside it.
//
// Pages call the same domain services as the JSON API, with the signed-in
// user's principal in the context, so access rules and validation are
// enforced once, in the domain.
package web

import (
	"embed"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"

	"github.com/go-chi/chi/v5"
	"github.com/nicksnyder/go-i18n/v2/i18n"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/avails"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/events"
	"github.com/silkbridge/silkbridge/internal/exchange"
	"github.com/silkbridge/silkbridge/internal/licensing"
	"github.com/silkbridge/silkbridge/internal/media"
	"github.com/silkbridge/silkbridge/internal/org"
	"github.com/silkbridge/silkbridge/internal/people"
	"github.com/silkbridge/silkbridge/internal/rights"
	"github.com/silkbridge/silkbridge/internal/search"
	"github.com/silkbridge/silkbridge/internal/subtitles"
	"github.com/silkbridge/silkbridge/internal/translation"
)

//go:embed templates locales static
var files embed.FS

// Deps are the services the pages call.
type Deps struct {
	Catalog  *catalog.Service
	Orgs     *org.Service
	Tokens   *auth.TokenService
	Users    *auth.UserService
	Sessions *auth.SessionService
	// Rights draws the availability timeline on title pages; Search serves
	// the search page and the header's suggestions. Either may be nil.
	Rights *rights.Service
	Search *search.Service
	// Licensing serves the request inbox, outbox and request pages; nil
	// leaves them out.
	Licensing *licensing.Service
	// Media serves the title page's Media panel (assets, upload, preview)
	// and the covers on catalogue cards; Links its delivery links. Either
	// may be nil.
	Media *media.Service
	Links *media.Links
	// Avails serves the avails import pages (imports.go); nil leaves them out.
	Avails *avails.Service
	// Subtitles serves the title page's Subtitles panel and track pages;
	// nil leaves them out.
	Subtitles *subtitles.Service
	// Translations serves translation tasks (the title page's panel and
	// the cue-aligned editor); nil leaves them out.
	Translations *translation.Service
	// Events serves the programme editor and the public programme (/e/);
	// nil leaves them out.
	Events *events.Service
	// People serves the people directory, person pages and the title page's
	// People panel; nil leaves them out.
	People *people.Service
	// Exchanges serves personnel-exchange programmes, their participants,
	// itineraries and letters (exchange_*.go); nil leaves them out.
	Exchanges *exchange.Service
	// Limiter slows password guessing; nil uses auth.NewLoginLimiter().
	Limiter *auth.LoginLimiter
	Logger  *slog.Logger
	// TrustProxy believes X-Forwarded-Proto and X-Forwarded-For, which only a
	// reverse proxy in front of the hub may set (Secure cookies, client address).
	TrustProxy bool
}

// Handler serves the web interface.
type Handler struct {
	deps   Deps
	log    *slog.Logger
	tpl    *templates
	bundle *i18n.Bundle
	assets *assets
}

// New loads the templates, messages and assets and returns the handler.
func New(d Deps) (*Handler, error) {
	h := &Handler{deps: d, log: d.Logger}
	if h.log == nil {
		h.log = slog.Default()
	}
	if h.deps.Limiter == nil {
		h.deps.Limiter = auth.NewLoginLimiter()
	}
	var err error
	if h.assets, err = loadAssets(files); err != nil {
		return nil, err
	}
	if h.bundle, err = newBundle(files); err != nil {
		return nil, err
	}
	funcs := template.FuncMap{"asset": h.assets.url, "inputID": inputID, "autonym": Autonym,
		"add1": func(i int) int { return i + 1 }}
	if h.tpl, err = parseTemplates(files, funcs); err != nil {
		return nil, err
	}
	return h, nil
}

// routeFuncs lets later pages register their routes from their own files.
var routeFuncs []func(h *Handler, r chi.Router)

func addRoutes(fn func(h *Handler, r chi.Router)) { routeFuncs = append(routeFuncs, fn) }

// publicRouteFuncs are pages served without sign-in (the public programme).
var publicRouteFuncs []func(h *Handler, r chi.Router)

func addPublicRoutes(fn func(h *Handler, r chi.Router)) {
	publicRouteFuncs = append(publicRouteFuncs, fn)
}

// Mount adds the web routes to r and makes unknown paths a friendly 404.
func (h *Handler) Mount(r chi.Router) {
	r.Handle("/static/*", h.assets)
	r.Group(func(r chi.Router) {
		r.Use(h.withState, h.checkCSRF)
		r.Get("/login", h.loginForm)
		r.Post("/login", h.login)
		r.Post("/logout", h.logout)
		r.Post("/lang", h.switchLanguage)
		for _, fn := range publicRouteFuncs {
			fn(h, r)
		}
		r.Group(func(r chi.Router) {
			r.Use(h.requireUser)
			r.Get("/", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/titles", http.StatusSeeOther) })
			r.Get("/titles", h.catalogList)
			r.Get("/titles/new", h.titleNew)
			r.Post("/titles/new", h.titleCreate)
			r.Get("/titles/{id}", h.titleView)
			r.Get("/titles/{id}/edit", h.titleEdit)
			r.Post("/titles/{id}/edit", h.titleSave)
			r.Get("/org/members", h.members)
			r.Post("/org/members", h.memberAdd)
			r.Post("/org/members/{id}/role", h.memberRole)
			r.Get("/org/tokens", h.tokens)
			r.Post("/org/tokens", h.tokenCreate)
			r.Post("/org/tokens/{id}/revoke", h.tokenRevoke)
			r.Get("/org/partners", h.partners)
			for _, fn := range routeFuncs {
				fn(h, r)
			}
		})
	})
	r.NotFound(h.notFound)
	r.MethodNotAllowed(h.notFound)
}

// fail renders the page for a domain error: 404 and 403 as friendly pages,
// sign-in for expired sessions, and anything unexpected as a logged 500.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	switch apperr.ErrorCode(err) {
	case apperr.NotFound:
		h.errorPage(w, r, http.StatusNotFound, "error.notfound.title", "error.notfound.body")
	case apperr.Forbidden:
		h.errorPage(w, r, http.StatusForbidden, "error.forbidden.title", "error.forbidden.body")
	case apperr.Unauthenticated:
		http.Redirect(w, r, "/login", http.StatusSeeOther)
	case apperr.TooMany:
		h.errorPage(w, r, http.StatusTooManyRequests, "error.toomany.title", "error.toomany.body")
	case apperr.Invalid:
		h.errorPage(w, r, http.StatusBadRequest, "error.invalid.title", "error.invalid.body")
	case apperr.Conflict, apperr.PreconditionFailed:
		h.errorPage(w, r, http.StatusConflict, "error.conflict.title", "error.conflict.body")
	default:
		h.log.Error("web request failed", "err", err, "path", r.URL.Path)
		h.errorPage(w, r, http.StatusInternalServerError, "error.internal.title", "error.internal.body")
	}
}

// ErrorView is the view of error pages.
type ErrorView struct {
	*Base
	Status  int
	Heading string
	Message string
}

func (h *Handler) errorPage(w http.ResponseWriter, r *http.Request, status int, titleKey, bodyKey string) {
	r = h.attachState(w, r)
	b := h.base(r, titleKey, "")
	h.render(w, r, status, "error", &ErrorView{Base: b, Status: status, Heading: b.PageTitle, Message: b.T(bodyKey)})
}

// notFound serves unknown paths: a problem document under /api/, else a page.
func (h *Handler) notFound(w http.ResponseWriter, r *http.Request) {
	if len(r.URL.Path) >= 5 && r.URL.Path[:5] == "/api/" {
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"title":"Not Found","status":404,"detail":"no such API path"}`)
		return
	}
	h.errorPage(w, r, http.StatusNotFound, "error.notfound.title", "error.notfound.body")
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }

// localPath accepts only same-site paths as redirect targets, so ?next= can
// never send a user to another site.
func localPath(s string) string {
	if s == "" || s[0] != '/' || (len(s) > 1 && (s[1] == '/' || s[1] == '\\')) {
		return "/titles"
	}
	if u, err := url.Parse(s); err != nil || u.Host != "" || u.Scheme != "" {
		return "/titles"
	}
	return s
}

var errNoOrg = apperr.New(apperr.NotFound, "your organisation no longer exists")

// Package httpapi is silkbridge's JSON API (/api/v1): a thin layer that parses
// requests, calls the domain services and renders their results. The OpenAPI
// 3.1 document is generated from the operations registered here.
package httpapi

import (
	"context"
	"errors"
	"log/slog"
	"net/http"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humachi"
	"github.com/go-chi/chi/v5"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/audit"
	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/avails"
	"github.com/silkbridge/silkbridge/internal/blobstore"
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
	"github.com/silkbridge/silkbridge/internal/webhook"
)

// Version is reported in the OpenAPI document; set at build time.
var Version = "dev"

// Authenticator resolves a request's credentials to a principal. It returns
// (nil, nil) when the request carries none of the kind it understands.
type Authenticator func(r *http.Request) (*auth.Principal, error)

// Deps are the services the API calls.
type Deps struct {
	Orgs    *org.Service
	Tokens  *auth.TokenService
	Catalog *catalog.Service
	Audit   *audit.Service
	// Webhooks manages webhook endpoints.
	Webhooks *webhook.Service
	// Rights records holdings and licences and answers availability.
	Rights *rights.Service
	// Avails imports and exports EMA Avails sheets.
	Avails *avails.Service
	// Search finds titles across languages and scripts.
	Search *search.Service
	// Licensing runs requests between partners and their notifications.
	Licensing *licensing.Service
	Logger    *slog.Logger
	// Media holds titles' assets; with Uploads it adds the asset API, the
	// tus upload endpoint and original downloads.
	Media   *media.Service
	Uploads *blobstore.Tus
	// PreviewKeys signs the links to assets' previews (HLS, poster,
	// storyboard); without it no preview is served.
	PreviewKeys *auth.Keys
	// Subtitles holds titles' subtitle tracks; their renditions join the
	// asset previews.
	Subtitles *subtitles.Service
	// Translations runs translation tasks between partners and their
	// glossaries; nil leaves them out.
	Translations *translation.Service
	// Events runs festivals and their public programmes; nil leaves them out.
	Events *events.Service
	// People is the directory of people and titles' credits; nil leaves it out.
	People *people.Service
	// Exchanges runs personnel-exchange programmes between partners; with
	// ExchangeOrgs (who is whose partner). Nil leaves them out.
	Exchanges    *exchange.Service
	ExchangeOrgs exchange.Orgs
	// Extra authenticators tried after bearer tokens (the web session cookie).
	Authenticators []Authenticator
}

// API is the registered huma API; other packages add their operations to it
// with Register so that they appear in the same OpenAPI document.
type API struct {
	huma.API
	deps Deps
}

// New creates the API on router r and registers the core operations.
func New(r chi.Router, deps Deps) *API {
	cfg := huma.DefaultConfig("silkbridge", Version)
	cfg.Info.Description = "Content exchange hub for partner broadcasters: multilingual catalogue, rights and licensing."
	cfg.OpenAPIPath = "/api/v1/openapi"
	cfg.SchemasPath = ""
	cfg.DocsPath = "" // huma's docs page loads scripts from a CDN; air-gapped users read openapi.json instead
	cfg.CreateHooks = nil
	cfg.Formats = strictUTF8(cfg.Formats)
	cfg.Components.SecuritySchemes = map[string]*huma.SecurityScheme{
		"bearer": {Type: "http", Scheme: "bearer", Description: "API token from `silkbridge token create`"},
	}
	applyConventions(&cfg) // conventions.go, docs/api.md
	api := &API{API: humachi.New(r, cfg), deps: deps}
	api.UseMiddleware(api.authenticate)
	documentServerRoutes(api)
	serveOpenAPI30(api, r)
	registerMe(api)
	registerOrgs(api)
	registerTokens(api)
	registerTitles(api)
	registerAudit(api)
	registerWebhooks(api)
	registerRights(api)
	registerRightsConditions(api)
	registerAvailability(api)
	registerAvails(api)
	registerSearch(api)
	registerRequests(api)
	registerNotifications(api)
	registerAssets(api, r)
	registerAssetLinks(api, r)
	registerSubtitles(api, r)
	registerTranslations(api)
	registerPeople(api)
	registerEvents(api)
	registerPublicEvents(api)
	if deps.Exchanges != nil {
		registerExchanges(api, deps.Exchanges, deps.ExchangeOrgs)
	}
	return api
}

// secured marks an operation as needing a principal.
var secured = []map[string][]string{{"bearer": {}}}

// authenticate attaches the caller's principal to secured operations and
// refuses them with 401 when there is none.
func (a *API) authenticate(ctx huma.Context, next func(huma.Context)) {
	if len(ctx.Operation().Security) == 0 {
		next(ctx)
		return
	}
	r, _ := humachi.Unwrap(ctx)
	p, err := a.principal(r)
	if err != nil && !apperr.Is(err, apperr.Unauthenticated) {
		// The credentials could not be checked (the database did not
		// answer): a logged 500 or a 429, never a claim that they are wrong.
		status := statusOf(apperr.ErrorCode(err))
		if status >= 500 {
			status = http.StatusInternalServerError
			// A client that hung up while waiting is not a fault to report.
			if a.deps.Logger != nil && r.Context().Err() == nil {
				a.deps.Logger.ErrorContext(ctx.Context(), "authentication failed", "err", err)
			}
		}
		huma.WriteErr(a, ctx, status, publicMessage(err, status))
		return
	}
	if err != nil || p == nil {
		msg := "authentication required: send Authorization: Bearer <token>"
		if err != nil {
			msg = err.Error()
		}
		ctx.SetHeader("WWW-Authenticate", `Bearer realm="silkbridge"`)
		huma.WriteErr(a, ctx, http.StatusUnauthorized, msg)
		return
	}
	next(huma.WithContext(ctx, auth.WithPrincipal(ctx.Context(), p)))
}

func (a *API) principal(r *http.Request) (*auth.Principal, error) {
	if h := r.Header.Get("Authorization"); h != "" {
		token, ok := cutBearer(h)
		if !ok {
			return nil, errBadAuthHeader
		}
		p, err := a.deps.Tokens.Authenticate(r.Context(), token)
		if err != nil {
			return nil, err
		}
		return p, nil
	}
	for _, fn := range a.deps.Authenticators {
		if p, err := fn(r); p != nil || err != nil {
			return p, err
		}
	}
	return nil, nil
}

// publicMessage is what a client may read of err: internal details stay in the log.
func publicMessage(err error, status int) string {
	var ae *apperr.Error
	if status >= 500 || !errors.As(err, &ae) {
		return "internal error"
	}
	return ae.Message
}

// PrincipalFrom returns the authenticated caller of an operation.
func PrincipalFrom(ctx context.Context) (*auth.Principal, error) { return auth.Require(ctx) }

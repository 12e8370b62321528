package main

import (
	"fmt"
	"os"
	"strconv"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/httpapi"
	"github.com/silkbridge/silkbridge/internal/media"
	"github.com/silkbridge/silkbridge/internal/server"
	"github.com/silkbridge/silkbridge/internal/web"
)

// The web interface is mounted beside the API; its session cookie is also
// accepted by the API, so pages can call it with htmx.
func init() {
	mounters = append(mounters, func(a *app, deps *httpapi.Deps) server.Mounter {
		h, err := newWeb(a, deps)
		if err != nil {
			// Templates and messages are embedded: failing here is a build defect.
			panic(fmt.Sprintf("web interface: %v", err))
		}
		deps.Authenticators = append(deps.Authenticators, h.Authenticator())
		return h.Mount
	})
}

func newWeb(a *app, deps *httpapi.Deps) (*web.Handler, error) {
	users := auth.NewUserService(a.db)
	// SILKBRIDGE_TRUST_PROXY=1 when a TLS-terminating reverse proxy sets
	// X-Forwarded-Proto/For; never set it when clients reach the hub directly.
	trust, _ := strconv.ParseBool(os.Getenv("SILKBRIDGE_TRUST_PROXY"))
	return web.New(web.Deps{
		Catalog: a.catalog, Orgs: a.orgs, Tokens: a.tokens, Users: users,
		Sessions: auth.NewSessionService(a.db, a.db, auth.WithSecret(a.secret)), Logger: deps.Logger, TrustProxy: trust,
		Rights: a.rights, Search: a.search, Licensing: deps.Licensing, Avails: a.avails,
		Media: deps.Media, Links: webLinks(a, deps), Subtitles: deps.Subtitles, Translations: deps.Translations,
		Events:    deps.Events,
		People:    deps.People,
		Exchanges: a.exchangeService(),
	})
}

// webLinks is the delivery link service the API uses too (tokens hashed
// with the server-secret keys that sign preview links), or nil without media.
func webLinks(a *app, deps *httpapi.Deps) *media.Links {
	if deps.Media == nil || deps.PreviewKeys == nil {
		return nil
	}
	return media.NewLinks(deps.Media, a.db, deps.PreviewKeys)
}

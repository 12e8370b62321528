package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/silkbridge/silkbridge/internal/audit"
	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/avails"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/org"
	"github.com/silkbridge/silkbridge/internal/rights"
	"github.com/silkbridge/silkbridge/internal/search"
	"github.com/silkbridge/silkbridge/internal/store"
	"github.com/silkbridge/silkbridge/internal/webhook"
)

// globalFlags are shared by every command, so each works on the same data as serve.
type globalFlags struct {
	db       string
	data     string
	logLevel string
	// webhookAllowPrivate lets webhooks target loopback and private networks
	// (for deployments whose partners' receivers sit on a private network).
	webhookAllowPrivate bool
	// secretKey, when set, is the server secret instead of the one kept in
	// the database (server_secrets); every process must then be given it.
	secretKey string
}

func newRootCmd() *cobra.Command {
	g := &globalFlags{}
	root := &cobra.Command{
		Use:           "silkbridge",
		Short:         "Content-exchange hub for partner broadcasters and film distributors",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	pf := root.PersistentFlags()
	pf.StringVar(&g.db, "db", os.Getenv("SILKBRIDGE_DB"), "database: a postgres:// URL, or empty for SQLite in --data (env SILKBRIDGE_DB)")
	pf.StringVar(&g.data, "data", envOr("SILKBRIDGE_DATA", "silkbridge-data"), "directory for the SQLite database and stored files (env SILKBRIDGE_DATA)")
	pf.BoolVar(&g.webhookAllowPrivate, "webhook-allow-private", os.Getenv("SILKBRIDGE_WEBHOOK_ALLOW_PRIVATE") == "1",
		"allow webhook endpoints on loopback and private addresses, and plain http (env SILKBRIDGE_WEBHOOK_ALLOW_PRIVATE=1)")
	pf.StringVar(&g.secretKey, "secret-key", os.Getenv("SILKBRIDGE_SECRET_KEY"),
		"server secret keying API token hashes and CSRF tokens, at least 32 characters; empty keeps a random one in the database (prefer env SILKBRIDGE_SECRET_KEY to the flag)")
	pf.StringVar(&g.logLevel, "log-level", envOr("SILKBRIDGE_LOG_LEVEL", "info"), "debug, info, warn or error")
	root.AddCommand(newServeCmd(g), newOrgCmd(g), newTokenCmd(g), newTitlesCmd(g), newMigrateCmd(g))
	for _, extra := range extraCommands {
		root.AddCommand(extra(g))
	}
	return root
}

// extraCommands lets each capability's command file add itself.
var extraCommands []func(*globalFlags) *cobra.Command

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

// envBool reads a true/false environment variable, def when it is unset or
// empty; a value strconv.ParseBool refuses gives def and an error naming it.
func envBool(key string, def bool) (bool, error) {
	v := os.Getenv(key)
	if v == "" {
		return def, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return def, fmt.Errorf("%s=%q: want true or false (or 1 or 0)", key, v)
	}
	return b, nil
}

func (g *globalFlags) logger() (*slog.Logger, error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(g.logLevel)); err != nil {
		return nil, fmt.Errorf("--log-level: %q is not debug, info, warn or error", g.logLevel)
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level})), nil
}

// app is the domain wired over one open database.
type app struct {
	db      *store.DB
	orgs    *org.Service
	tokens  *auth.TokenService
	catalog *catalog.Service
	audit   *audit.Service
	// webhooks and guard share the operator's SSRF policy.
	webhooks *webhook.Service
	guard    *webhook.Guard
	search   *search.Service
	rights   *rights.Service
	avails   *avails.Service
	// secret is the operator's server secret, or nil for the database's.
	secret auth.SecretStore
}

func (g *globalFlags) open(ctx context.Context) (*app, error) {
	var secret auth.SecretStore
	if g.secretKey != "" {
		k, err := auth.ParseStaticSecret(g.secretKey)
		if err != nil {
			return nil, fmt.Errorf("--secret-key / SILKBRIDGE_SECRET_KEY: %w", err)
		}
		secret = k
	}
	dsn := store.DSNFor(g.db, g.data)
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", redact(dsn), err)
	}
	guard := &webhook.Guard{AllowPrivate: g.webhookAllowPrivate}
	a := &app{db: db, orgs: org.NewService(db), tokens: auth.NewTokenService(db, auth.WithSecret(secret)), secret: secret, catalog: catalog.NewService(db),
		audit: audit.NewService(db), webhooks: webhook.NewService(db, guard), guard: guard, search: search.NewService(db)}
	a.rights = rights.NewService(db, a.catalog)
	a.avails = avails.NewService(a.rights, a.catalog).WithJobs(db).WithDeals(a.licensingService()).WithOrgs(db)
	return a, nil
}

// redact hides a password in a database URL before it is printed.
func redact(dsn string) string {
	if i := strings.Index(dsn, "://"); i >= 0 {
		if at := strings.Index(dsn[i+3:], "@"); at >= 0 {
			userinfo := dsn[i+3 : i+3+at]
			if user, _, ok := strings.Cut(userinfo, ":"); ok {
				return dsn[:i+3] + user + ":***" + dsn[i+3+at:]
			}
		}
	}
	return dsn
}

// asOrgAdmin returns a context acting as an admin of org, for CLI commands run
// by the operator (who has the database credentials anyway).
func asOrgAdmin(ctx context.Context, slug string) context.Context {
	return auth.WithPrincipal(ctx, &auth.Principal{Org: slug, Role: auth.RoleAdmin, Name: "cli"})
}

// withApp opens the database for a command, closes it afterwards and turns
// domain errors into readable CLI messages.
func (g *globalFlags) withApp(fn func(cmd *cobra.Command, args []string, a *app) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		a, err := g.open(cmd.Context())
		if err != nil {
			return err
		}
		defer a.db.Close()
		return describe(fn(cmd, args, a))
	}
}

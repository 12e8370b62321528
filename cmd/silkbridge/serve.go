package main

import (
	"fmt"
	"net"
	"os"

	"github.com/go-chi/chi/v5"
	"github.com/spf13/cobra"

	"github.com/silkbridge/silkbridge/internal/demo"
	"github.com/silkbridge/silkbridge/internal/httpapi"
	"github.com/silkbridge/silkbridge/internal/people"
	"github.com/silkbridge/silkbridge/internal/server"
)

type serveFlags struct {
	addr      string
	demo      bool
	rate      float64
	rateBurst int
	media     mediaFlags
	process   processingFlags
	// trustedProxies lists the reverse proxies whose X-Forwarded-For names the client.
	trustedProxies string
	mt             mtFlags // translation.go
	cpuProfile     string
	searchMemory   bool
	searchEnvErr   error // SILKBRIDGE_SEARCH_MEMORY set to something not true or false
}

func newServeCmd(g *globalFlags) *cobra.Command {
	f := &serveFlags{}
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the hub (JSON API and web interface)",
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runServe(cmd, g, f)
		},
	}
	cmd.Flags().StringVar(&f.addr, "addr", envOr("SILKBRIDGE_ADDR", "127.0.0.1:8080"), "listen address (env SILKBRIDGE_ADDR)")
	cmd.Flags().BoolVar(&f.demo, "demo", false, "load the demo organisations and catalogue and print demo credentials")
	cmd.Flags().Float64Var(&f.rate, "rate-limit", 50, "requests per second allowed per client")
	cmd.Flags().IntVar(&f.rateBurst, "rate-burst", 200, "burst of requests allowed per client")
	f.media.register(cmd)
	f.process.register(cmd)
	f.mt.register(cmd)
	cmd.Flags().StringVar(&f.trustedProxies, "trusted-proxies", os.Getenv("SILKBRIDGE_TRUSTED_PROXIES"),
		"comma-separated CIDRs of reverse proxies whose X-Forwarded-For is believed (env SILKBRIDGE_TRUSTED_PROXIES; see docs/security.md)")
	var memory bool
	memory, f.searchEnvErr = envBool("SILKBRIDGE_SEARCH_MEMORY", true)
	cmd.Flags().BoolVar(&f.searchMemory, "search-memory", memory,
		"answer title and people searches from in-memory copies of the search indexes, loaded at start and kept current from the change logs; on by default, --search-memory=false or env SILKBRIDGE_SEARCH_MEMORY=0 turns it off (it costs memory in proportion to the catalogue and directory, about 1 GB at a million titles; see docs/search.md)")
	cmd.Flags().StringVar(&f.cpuProfile, "cpuprofile", "", "write a CPU profile of the hub to this file until it stops (for diagnosing load; see docs/benchmarks.md)")
	return cmd
}

// mounters lets capabilities (the web interface) add routes to the server.
// Each runs before the API is built, so it may add API authenticators to deps.
var mounters []func(a *app, deps *httpapi.Deps) server.Mounter

func runServe(cmd *cobra.Command, g *globalFlags, f *serveFlags) error {
	ctx := cmd.Context()
	if f.searchEnvErr != nil && !cmd.Flags().Changed("search-memory") {
		return f.searchEnvErr
	}
	log, err := g.logger()
	if err != nil {
		return err
	}
	if f.cpuProfile != "" {
		stop, err := startCPUProfile(f.cpuProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	a, err := g.open(ctx)
	if err != nil {
		return err
	}
	defer a.db.Close()
	var creds []demo.Credential
	if f.demo {
		if creds, err = demo.Load(ctx, a.db); err != nil {
			return fmt.Errorf("load demo: %w", err)
		}
	}
	assets, err := openMedia(ctx, g, a, &f.media)
	if err != nil {
		return err
	}
	defer assets.Close()
	setupProcessing(a, g, &f.process, log)
	queue, err := startJobs(ctx, a, log)
	if err != nil {
		return err
	}
	defer stopJobs(queue, log)
	stopIndexer, searchMemory := startIndexer(ctx, a, log, f.searchMemory)
	defer stopIndexer()
	deps := &httpapi.Deps{Orgs: a.orgs, Tokens: a.tokens, Catalog: a.catalog, Audit: a.audit, Webhooks: a.webhooks, Search: a.search,
		Rights: a.rights, Avails: a.avails, Licensing: a.licensingService(), Logger: log, PreviewKeys: a.previewKeys()}
	if err := assets.wire(ctx, a, deps, log); err != nil {
		return err
	}
	deps.Subtitles = a.subtitlesService(deps.Media) // subtitles.go
	// Translation tasks and their machine drafts (translation.go).
	if deps.Translations, err = a.translationService(deps.Subtitles, &f.mt); err != nil {
		return err
	}
	deps.Events = a.eventsService(deps.Licensing)
	deps.People = people.NewService(a.db, a.catalog, a.exchangeHosts()) // exchange.go
	deps.Exchanges, deps.ExchangeOrgs = a.exchangeService(), a.db       // exchange.go
	mounts := []server.Mounter{func(r chi.Router) { httpapi.New(r, *deps) }}
	for _, m := range mounters {
		mounts = append(mounts, m(a, deps))
	}
	proxies, err := trustedProxies(f.trustedProxies)
	if err != nil {
		return err
	}
	srv := server.New(server.Config{
		Addr: f.addr, RatePerSecond: f.rate, RateBurst: f.rateBurst, TrustedProxies: proxies, Logger: log, Ready: a.db.Ping,
	}, mounts...)
	if searchMemory != nil {
		registerSearchMemoryMetrics(srv.Registry(), searchMemory)
	}
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", f.addr, err)
	}
	url := "http://" + ln.Addr().String()
	log.Info("silkbridge listening", "url", url, "database", string(a.db.Dialect()))
	out := cmd.OutOrStdout()
	fmt.Fprintf(out, "silkbridge is listening on %s\n", url)
	for _, c := range creds {
		fmt.Fprintf(out, "demo API token for %s (admin): %s\n", c.Org, c.Token)
		for _, u := range c.Users {
			fmt.Fprintf(out, "demo sign-in for %s (%s): %s / %s\n", c.Org, u.Role, u.Email, u.Password)
		}
	}
	if len(creds) > 0 {
		fmt.Fprintf(out, "try:\n  curl -H 'Authorization: Bearer %s' '%s/api/v1/titles?lang=en'\n", creds[0].Token, url)
	}
	if err := srv.Run(ctx, ln); err != nil {
		fmt.Fprintln(os.Stderr, "server:", err)
		return err
	}
	return nil
}

// Package searchbench measures search on a generated catalogue: indexing
// rate, index size and query latency. It runs on demand (`silkbridge bench
// search`), never in the test suite.
package searchbench

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/search"
	"github.com/silkbridge/silkbridge/internal/search/relevance"
	"github.com/silkbridge/silkbridge/internal/store"
)

// Config says what to measure.
type Config struct {
	Titles  int // generated titles
	Queries int // timed queries
	Seed    uint64
	Out     io.Writer
}

// Report holds the figures of one run.
type Report struct {
	Engine         string
	Titles         int
	LoadRate       float64 // titles/s stored through the catalogue store
	IndexRate      float64 // titles/s indexed by a full rebuild
	IndexBytes     int64
	SearchP50      time.Duration
	SearchP99      time.Duration
	SuggestP50     time.Duration
	SuggestP99     time.Duration
	RelevancePass  int
	RelevanceTotal int
}

// Run generates the catalogue into db (which must be empty apart from the
// organisations it creates), indexes it and times queries.
func Run(ctx context.Context, db *store.DB, cfg Config) (*Report, error) {
	r := rand.New(rand.NewPCG(cfg.Seed, 42))
	rep := &Report{Engine: string(db.Dialect()), Titles: cfg.Titles}
	if err := seedOrg(ctx, db); err != nil {
		return nil, err
	}
	gen := newGenerator(r)
	start := time.Now()
	const batch = 2000
	var samples []map[string]string // localized titles of some generated titles, for queries
	for done := 0; done < cfg.Titles; {
		n := min(batch, cfg.Titles-done)
		titles := make([]*catalog.Title, n)
		for i := range titles {
			titles[i] = gen.title()
			if r.IntN(max(1, cfg.Titles/2000)) == 0 {
				texts := map[string]string{}
				for lang, l := range titles[i].Localizations {
					texts[lang] = l.Title
				}
				samples = append(samples, texts)
			}
		}
		if err := db.TitleImport(ctx, titles); err != nil {
			return nil, err
		}
		done += n
		fmt.Fprintf(cfg.Out, "\rgenerated %d/%d titles", done, cfg.Titles)
	}
	rep.LoadRate = float64(cfg.Titles) / time.Since(start).Seconds()
	fmt.Fprintln(cfg.Out)

	before, err := db.SearchIndexBytes(ctx)
	if err != nil {
		return nil, err
	}
	start = time.Now()
	n, err := search.Rebuild(ctx, db, 1000)
	if err != nil {
		return nil, err
	}
	rep.IndexRate = float64(n) / time.Since(start).Seconds()
	after, err := db.SearchIndexBytes(ctx)
	if err != nil {
		return nil, err
	}
	rep.IndexBytes = after - before
	fmt.Fprintf(cfg.Out, "indexed %d titles at %.0f titles/s\n", n, rep.IndexRate)

	svc := search.NewService(db)
	viewer := auth.WithPrincipal(ctx, &auth.Principal{Org: "viewerco", Role: auth.RoleViewer, Name: "bench"})
	queries := makeQueries(r, samples, cfg.Queries)
	var searchT, suggestT []time.Duration
	for _, q := range queries {
		t0 := time.Now()
		if _, err := svc.Search(viewer, search.Params{Query: q, Limit: 20}); err != nil {
			return nil, fmt.Errorf("search %q: %w", q, err)
		}
		searchT = append(searchT, time.Since(t0))
		prefix := q[:len(q)-len(q)/3]
		t0 = time.Now()
		if _, err := svc.Suggest(viewer, prefix, nil); err != nil && !strings.Contains(err.Error(), "invalid") {
			return nil, fmt.Errorf("suggest %q: %w", prefix, err)
		}
		suggestT = append(suggestT, time.Since(t0))
	}
	rep.SearchP50, rep.SearchP99 = percentile(searchT, 50), percentile(searchT, 99)
	rep.SuggestP50, rep.SuggestP99 = percentile(suggestT, 50), percentile(suggestT, 99)
	return rep, nil
}

// Relevance loads the relevance fixture into db (an empty database), indexes
// it and scores the suite.
func Relevance(ctx context.Context, db *store.DB) (relevance.Result, error) {
	if err := seedOrg(ctx, db); err != nil {
		return relevance.Result{}, err
	}
	svc := catalog.NewService(db)
	owner := auth.WithPrincipal(ctx, &auth.Principal{Org: "benchco", Role: auth.RoleEditor, Name: "bench"})
	key := map[string]string{}
	for _, f := range relevance.Titles() {
		t, err := svc.Create(owner, f)
		if err != nil {
			return relevance.Result{}, err
		}
		key[t.ID] = relevance.Key(f)
	}
	if _, err := search.Rebuild(ctx, db, 0); err != nil {
		return relevance.Result{}, err
	}
	s := search.NewService(db)
	return relevance.Evaluate(func(q string) ([]string, error) {
		page, err := s.Search(owner, search.Params{Query: q, Limit: 3})
		if err != nil {
			return nil, err
		}
		var out []string
		for _, h := range page.Hits {
			out = append(out, key[h.ID])
		}
		return out, nil
	})
}

func seedOrg(ctx context.Context, db *store.DB) error {
	_, err := db.Writer().ExecContext(ctx, `INSERT INTO orgs (slug, country, names, created_at) VALUES
		('benchco', 'RU', '{"en":"Bench"}', '2025-01-01T00:00:00.000000Z'),
		('viewerco', 'CN', '{"en":"Viewer"}', '2025-01-01T00:00:00.000000Z')`)
	return err
}

// makeQueries takes 1–3 consecutive words (or 1–3 Chinese characters) of
// sampled titles. The mix: 30% Chinese, 30% Russian and 25% English in the
// title's own script, 8% the pinyin of Chinese characters (half with spaces,
// half joined up) and 7% a romanization of Russian words (GOST, BGN/PCGN,
// ICAO or popular, picked at random).
func makeQueries(r *rand.Rand, samples []map[string]string, n int) []string {
	var out []string
	for len(out) < n && len(samples) > 0 {
		texts := samples[r.IntN(len(samples))]
		switch p := r.IntN(100); {
		case p < 30:
			out = append(out, hanRun(r, texts["zh-Hans"]))
		case p < 60:
			out = append(out, wordRun(r, texts["ru"]))
		case p < 85:
			out = append(out, wordRun(r, texts["en"]))
		case p < 93:
			sep := " "
			if r.IntN(2) == 0 {
				sep = ""
			}
			out = append(out, strings.Join(search.Pinyin(hanRun(r, texts["zh-Hans"])), sep))
		default:
			rs := search.Romanize(wordRun(r, texts["ru"]))
			out = append(out, rs[r.IntN(len(rs))])
		}
	}
	return out
}

func wordRun(r *rand.Rand, text string) string {
	words := strings.Fields(text)
	k := 1 + r.IntN(min(3, len(words)))
	i := r.IntN(len(words) - k + 1)
	return strings.Join(words[i:i+k], " ")
}

func hanRun(r *rand.Rand, text string) string {
	rs := []rune(text)
	k := 1 + r.IntN(min(3, len(rs)))
	i := r.IntN(len(rs) - k + 1)
	return string(rs[i : i+k])
}

func percentile(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[min(len(s)-1, len(s)*p/100)]
}

// Package searchbench measures search on a generated catalogue: indexing
// rate, index size and query latency, for silkbridge's index and for the
// stock full-text setups a user would otherwise pick (baselines.go). It runs
// on demand (`silkbridge bench search`), never in the test suite.
package searchbench

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/benchkit"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/search"
	"github.com/silkbridge/silkbridge/internal/search/relevance"
	"github.com/silkbridge/silkbridge/internal/store"
)

// Config says what to measure.
type Config struct {
	Titles  int // generated titles
	Queries int // timed queries
	// Warmup queries run untimed before the timed ones, so the figures
	// describe a running server rather than the first requests of a new
	// process (connections opened, statements prepared).
	Warmup []string
	Seed   uint64
	Out    io.Writer
	// Reindex rebuilds silkbridge's index even when a reused database has
	// a current one.
	Reindex bool
	// Memory searches through an in-memory copy of the index
	// (search.MemoryIndex), loaded before the timed queries.
	Memory bool
}

// Report holds the figures of one engine in one run.
type Report struct {
	Engine         string
	Titles         int
	LoadRate       float64 // titles/s stored through the catalogue store (0: reused)
	IndexRate      float64 // titles/s indexed by a full rebuild (0: reused)
	IndexBytes     int64
	SearchP50      time.Duration
	SearchP99      time.Duration
	SuggestP50     time.Duration
	SuggestP99     time.Duration
	RelevancePass  int
	RelevanceTotal int
	// Memory is the same queries through an in-memory copy of the index
	// (Config.Memory), in the same run.
	Memory *Report
}

// viewerOrg is the organisation whose viewer runs the timed queries; about a
// tenth of the generated titles are private to benchco and hidden from it.
const viewerOrg = "viewerco"

// Load generates cfg.Titles titles into db (with bulkLoad) unless it
// already holds titles (a database kept from an earlier run), and returns
// the load rate (0 when reused) and the number of titles.
func Load(ctx context.Context, db *store.DB, cfg Config) (float64, int, error) {
	var have int
	if err := db.Writer().QueryRowContext(ctx, `SELECT COUNT(*) FROM titles`).Scan(&have); err != nil {
		return 0, 0, err
	}
	if have > 0 {
		fmt.Fprintf(cfg.Out, "reusing %d titles\n", have)
		return 0, have, nil
	}
	if err := seedOrg(ctx, db); err != nil {
		return 0, 0, err
	}
	gen := newGenerator(rand.New(rand.NewPCG(cfg.Seed, 42)))
	start := time.Now()
	const batch = 2000
	for done := 0; done < cfg.Titles; {
		n := min(batch, cfg.Titles-done)
		titles := make([]*catalog.Title, n)
		for i := range titles {
			titles[i] = gen.title()
		}
		if err := bulkLoad(ctx, db.Writer(), db.Dialect(), titles); err != nil {
			return 0, 0, err
		}
		done += n
		if done%20000 == 0 || done == cfg.Titles {
			fmt.Fprintf(cfg.Out, "generated %d/%d titles\n", done, cfg.Titles)
		}
	}
	rate := float64(cfg.Titles) / time.Since(start).Seconds()
	if db.Dialect() == store.Postgres {
		// A catalogue in use has been vacuumed and analyzed; a freshly
		// loaded one has neither statistics nor all-visible pages.
		if _, err := db.Writer().ExecContext(ctx, `VACUUM ANALYZE`); err != nil {
			return 0, 0, err
		}
	}
	return rate, cfg.Titles, nil
}

// Queries draws n queries (see makeQueries) from a uniform sample of the
// catalogue: title ids are random, so the first ones in id order are one.
func Queries(ctx context.Context, db *store.DB, seed uint64, n int) ([]string, error) {
	rows, err := db.Writer().QueryContext(ctx, `SELECT l.title_id, l.lang, l.title FROM title_localizations l
		WHERE l.title_id IN (SELECT id FROM titles ORDER BY id LIMIT 2000) ORDER BY l.title_id, l.lang`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var samples []map[string]string
	last := ""
	for rows.Next() {
		var id, lang, title string
		if err := rows.Scan(&id, &lang, &title); err != nil {
			return nil, err
		}
		if id != last {
			samples = append(samples, map[string]string{})
			last = id
		}
		samples[len(samples)-1][lang] = title
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return makeQueries(rand.New(rand.NewPCG(seed, 7)), samples, n), nil
}

// Run indexes the catalogue in db with silkbridge's index (unless a reused
// database has a current one) and times queries through search.Service as
// a viewer of another organisation, with facets and totals.
func Run(ctx context.Context, db *store.DB, queries []string, cfg Config) (*Report, error) {
	rep := &Report{Engine: "silkbridge (" + string(db.Dialect()) + ")"}
	st, err := db.SearchIndexStatus(ctx)
	if cfg.Reindex || err != nil || st.Analyzer != search.AnalyzerVersion {
		before, err := db.SearchIndexBytes(ctx)
		if err != nil {
			return nil, err
		}
		start, cpu, load := time.Now(), cpuTime(), loadAverage()
		n, err := search.Rebuild(ctx, db, 0)
		if err != nil {
			return nil, err
		}
		rep.IndexRate = float64(n) / time.Since(start).Seconds()
		fmt.Fprintf(cfg.Out, "indexed %d titles at %.0f titles/s (this process: %.0f titles per CPU-second; load average %s → %s)\n",
			n, rep.IndexRate, float64(n)/(cpuTime()-cpu).Seconds(), load, loadAverage())
		if db.Dialect() == store.Postgres {
			// As autovacuum would soon after a rebuild.
			if _, err := db.Writer().ExecContext(ctx, `VACUUM ANALYZE search_docs, search_terms`); err != nil {
				return nil, err
			}
		}
		after, err := db.SearchIndexBytes(ctx)
		if err != nil {
			return nil, err
		}
		rep.IndexBytes = after - before
	}

	if err := timeQueries(ctx, search.NewService(db), queries, cfg, rep); err != nil {
		return nil, err
	}
	if !cfg.Memory {
		return rep, nil
	}
	// The same queries again in the same process, through in-memory copies
	// (of the people index too: a title search also looks for people).
	mem := search.NewMemoryIndex(db, db, search.MemoryConfig{})
	if err := loadCopy(ctx, "titles", mem.Load, mem.Stats, cfg.Out); err != nil {
		return nil, err
	}
	memPeople := search.NewMemoryPeople(db, db, search.MemoryConfig{})
	if err := loadCopy(ctx, "people", memPeople.Load, memPeople.Stats, cfg.Out); err != nil {
		return nil, err
	}
	rep.Memory = &Report{Engine: rep.Engine + ", in memory", Titles: rep.Titles}
	if err := timeQueries(ctx, search.NewService(db).WithMemoryIndex(mem).WithMemoryPeople(memPeople), queries, cfg, rep.Memory); err != nil {
		return nil, err
	}
	used, usedPeople := mem.Stats(), memPeople.Stats()
	fmt.Fprintf(cfg.Out, "in-memory indexes: %d title and %d people look-ups answered in memory, %d and %d by the database\n",
		used.Answered, usedPeople.Answered, used.Deferred, usedPeople.Deferred)
	return rep, nil
}

// timeQueries runs the warm-up queries, then times each query as a search
// and a prefix of it as a suggestion, as a viewer of another organisation.
func timeQueries(ctx context.Context, svc *search.Service, queries []string, cfg Config, rep *Report) error {
	viewer := auth.WithPrincipal(ctx, &auth.Principal{Org: viewerOrg, Role: auth.RoleViewer, Name: "bench"})
	var warmT []time.Duration
	for _, q := range cfg.Warmup {
		t0 := time.Now()
		if _, err := svc.Search(viewer, search.Params{Query: q, Limit: 20}); err != nil {
			return fmt.Errorf("search %q: %w", q, err)
		}
		warmT = append(warmT, time.Since(t0))
		svc.Suggest(viewer, string([]rune(q)[:len([]rune(q))-len([]rune(q))/3]), nil)
	}
	// The machine's own jitter beside the p99 (benchkit.Loop): a fixed CPU
	// loop as long as the warm-up's median search, timed after each one.
	loop := benchkit.Calibrate(benchkit.Percentile(warmT, 50))
	var searchT, suggestT, machT []time.Duration
	var searchCPU time.Duration
	load := loadAverage()
	for _, q := range queries {
		t0, c0 := time.Now(), cpuTime()
		if _, err := svc.Search(viewer, search.Params{Query: q, Limit: 20}); err != nil {
			return fmt.Errorf("search %q: %w", q, err)
		}
		searchT = append(searchT, time.Since(t0))
		searchCPU += cpuTime() - c0
		machT = append(machT, loop.Time())
		rs := []rune(q)
		prefix := string(rs[:len(rs)-len(rs)/3])
		t0 = time.Now()
		if _, err := svc.Suggest(viewer, prefix, nil); err != nil {
			if _, perr := search.ParseQuery(prefix, search.ModeSuggest); perr == nil {
				return fmt.Errorf("suggest %q: %w", prefix, err)
			}
		}
		suggestT = append(suggestT, time.Since(t0))
	}
	rep.SearchP50, rep.SearchP99 = benchkit.Percentile(searchT, 50), benchkit.Percentile(searchT, 99)
	fmt.Fprintf(cfg.Out, "%s searches: %.1f ms CPU per query in this process on average; load average %s → %s\n",
		rep.Engine, float64(searchCPU.Microseconds())/1000/float64(max(1, len(queries))), load, loadAverage())
	rep.SuggestP50, rep.SuggestP99 = benchkit.Percentile(suggestT, 50), benchkit.Percentile(suggestT, 99)
	if len(warmT) > 0 {
		fmt.Fprintf(cfg.Out, "%s machine baseline, a fixed CPU loop of the warm-up's median search timed after each search: p50 %.2f ms p99 %.2f ms\n",
			rep.Engine, float64(benchkit.Percentile(machT, 50).Microseconds())/1000, float64(benchkit.Percentile(machT, 99).Microseconds())/1000)
	}
	if cfg.Out != nil {
		slowest(cfg.Out, queries, searchT)
	}
	return nil
}

// loadCopy loads an in-memory copy of db's title or people index and prints
// what it took: time, and the heap it holds (live heap after a collection,
// before and after).
func loadCopy(ctx context.Context, what string, load func(context.Context) error, stats func() search.MemoryStats, out io.Writer) error {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start, cpu := time.Now(), cpuTime()
	if err := load(ctx); err != nil {
		return fmt.Errorf("load the in-memory %s index: %w", what, err)
	}
	took, used := time.Since(start), cpuTime()-cpu
	runtime.GC()
	runtime.ReadMemStats(&after)
	st := stats()
	fmt.Fprintf(out, "in-memory %s index: %d %s, %d entries, %d keys, %d terms loaded in %.1f s (%.1f CPU-s); heap %.0f MB more\n",
		what, st.Live, what, st.Entries, st.Keys, st.Terms, took.Seconds(), used.Seconds(), float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/(1<<20))
	return nil
}

// slowest prints the five slowest queries, to see what the p99 is made of.
func slowest(w io.Writer, queries []string, ts []time.Duration) {
	idx := make([]int, len(ts))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return int(ts[b] - ts[a]) })
	for _, i := range idx[:min(5, len(idx))] {
		fmt.Fprintf(w, "  slow: %q %.1f ms\n", queries[i], float64(ts[i].Microseconds())/1000)
	}
}

// LoadRelevance loads the relevance fixture into db (an empty database) and
// returns the fixture key of each title id.
func LoadRelevance(ctx context.Context, db *store.DB) (map[string]string, error) {
	if err := seedOrg(ctx, db); err != nil {
		return nil, err
	}
	svc := catalog.NewService(db)
	owner := auth.WithPrincipal(ctx, &auth.Principal{Org: "benchco", Role: auth.RoleEditor, Name: "bench"})
	key := map[string]string{}
	for _, f := range relevance.Titles() {
		t, err := svc.Create(owner, f)
		if err != nil {
			return nil, err
		}
		key[t.ID] = relevance.Key(f)
	}
	return key, nil
}

// Relevance indexes the relevance fixture loaded by LoadRelevance and scores
// the suite through the stored index and, when memory is set, through an
// in-memory copy of it too (inMemory is zero otherwise).
func Relevance(ctx context.Context, db *store.DB, key map[string]string, memory bool) (stored, inMemory relevance.Result, err error) {
	if _, err := search.Rebuild(ctx, db, 0); err != nil {
		return stored, inMemory, err
	}
	if stored, err = evaluate(ctx, search.NewService(db), key); err != nil || !memory {
		return stored, inMemory, err
	}
	mem := search.NewMemoryIndex(db, db, search.MemoryConfig{})
	if err := mem.Load(ctx); err != nil {
		return stored, inMemory, err
	}
	inMemory, err = evaluate(ctx, search.NewService(db).WithMemoryIndex(mem), key)
	return stored, inMemory, err
}

// evaluate scores the relevance suite through s.
func evaluate(ctx context.Context, s *search.Service, key map[string]string) (relevance.Result, error) {
	owner := auth.WithPrincipal(ctx, &auth.Principal{Org: "benchco", Role: auth.RoleEditor, Name: "bench"})
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
		var q string
		switch p := r.IntN(100); {
		case p < 30:
			q = hanRun(r, texts["zh-Hans"])
		case p < 60:
			q = wordRun(r, texts["ru"])
		case p < 85:
			q = wordRun(r, texts["en"])
		case p < 93:
			sep := " "
			if r.IntN(2) == 0 {
				sep = ""
			}
			q = strings.Join(search.Pinyin(hanRun(r, texts["zh-Hans"])), sep)
		default:
			rs := search.Romanize(wordRun(r, texts["ru"]))
			q = rs[r.IntN(len(rs))]
		}
		if _, err := search.ParseQuery(q, search.ModeSearch); err == nil {
			out = append(out, q)
		}
	}
	return out
}

func wordRun(r *rand.Rand, text string) string {
	words := strings.Fields(text)
	if len(words) == 0 {
		return ""
	}
	k := 1 + r.IntN(min(3, len(words)))
	i := r.IntN(len(words) - k + 1)
	return strings.Join(words[i:i+k], " ")
}

func hanRun(r *rand.Rand, text string) string {
	rs := []rune(text)
	if len(rs) == 0 {
		return ""
	}
	k := 1 + r.IntN(min(3, len(rs)))
	i := r.IntN(len(rs) - k + 1)
	return string(rs[i : i+k])
}

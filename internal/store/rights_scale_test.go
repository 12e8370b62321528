package store

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/benchkit"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/org"
	"github.com/silkbridge/silkbridge/internal/rights"
)

// TestRightsScale measures availability queries over a generated catalogue,
// side by side with the straightforward SQL over the same tables. It runs
// only on demand, as it builds a large database:
//
//	SILKBRIDGE_BENCH_RIGHTS_TITLES=100000 go test ./internal/store -run TestRightsScale -v -timeout 2h
//
// with SILKBRIDGE_BENCH_POSTGRES_URL set to also run on PostgreSQL. Each
// title gets ten records (five holdings, five licences). With
// SILKBRIDGE_BENCH_RIGHTS_SERIES=1 the catalogue is series instead of films:
// blocks of 20 titles, a series with two seasons of eight and nine episodes
// (use another database than the films'). Before measuring it reads the
// whole database into the page cache (warmPageCache), unless
// SILKBRIDGE_BENCH_RIGHTS_COLD=1. Figures are logged, never asserted; see
// docs/benchmarks.md.
func TestRightsScale(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("SILKBRIDGE_BENCH_RIGHTS_TITLES"))
	if n <= 0 {
		t.Skip("set SILKBRIDGE_BENCH_RIGHTS_TITLES to run")
	}
	path := os.Getenv("SILKBRIDGE_BENCH_RIGHTS_SQLITE")
	if path == "" {
		path = filepath.Join(t.TempDir(), "scale.db")
	}
	engines := map[string]string{"sqlite": path}
	if u := os.Getenv("SILKBRIDGE_BENCH_POSTGRES_URL"); u != "" {
		engines["postgres"] = u
	}
	for _, name := range []string{"sqlite", "postgres"} {
		dsn, ok := engines[name]
		if !ok {
			continue
		}
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			db, err := Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			start := time.Now()
			made, err := generate(ctx, db, n)
			if err != nil {
				t.Fatal(err)
			}
			if made {
				t.Logf("%s: generated %d titles, %d holdings+licences in %s", name, n, 10*n, time.Since(start).Round(time.Second))
			} else {
				t.Logf("%s: reusing %d titles, %d holdings+licences", name, n, 10*n)
			}
			if os.Getenv("SILKBRIDGE_BENCH_RIGHTS_COLD") != "1" {
				start := time.Now()
				read, err := warmPageCache(ctx, db, dsn)
				if err != nil {
					t.Fatal(err)
				}
				t.Logf("page cache: read the database's %d MB once before measuring, in %s (SILKBRIDGE_BENCH_RIGHTS_COLD=1 leaves it as it is)",
					read>>20, time.Since(start).Round(time.Millisecond))
			}
			load := func() string { b, _ := os.ReadFile("/proc/loadavg"); return strings.TrimSpace(string(b)) }
			t.Logf("load average before measuring: %s", load())
			measure(t, db, n)
			t.Logf("load average after measuring: %s", load())
		})
	}
}

// benchKind returns the generated title i's kind and parent: films, or
// with series blocks of 20 (series, season, 8 episodes, season, 9 episodes).
func benchKind(i int, series bool) (catalog.Kind, string) {
	if !series {
		return catalog.KindFilm, ""
	}
	base := i - i%20
	switch i % 20 {
	case 0:
		return catalog.KindSeries, ""
	case 1, 10:
		return catalog.KindSeason, fmt.Sprintf("t%09d", base)
	case 2, 3, 4, 5, 6, 7, 8, 9:
		return catalog.KindEpisode, fmt.Sprintf("t%09d", base+1)
	}
	return catalog.KindEpisode, fmt.Sprintf("t%09d", base+10)
}

// generate fills the store with n titles of ten records each, unless it
// already holds them (a kept SQLite file, or a PostgreSQL database from an
// earlier run), so the engine can be measured again on the same data.
// Rows go in as multi-row INSERTs of 500, many per transaction: the store's
// one-row path takes minutes per 100,000 titles.
func generate(ctx context.Context, db *DB, n int) (bool, error) {
	series := os.Getenv("SILKBRIDGE_BENCH_RIGHTS_SERIES") == "1"
	var have, episodes int
	db.reader().queryRow(ctx, `SELECT COUNT(*) FROM titles WHERE kind = 'episode'`).Scan(&episodes)
	if err := db.reader().queryRow(ctx, `SELECT COUNT(*) FROM titles`).Scan(&have); err == nil && have == n && (episodes > 0) == series {
		var recs int
		if err := db.reader().queryRow(ctx, `SELECT (SELECT COUNT(*) FROM holdings) + (SELECT COUNT(*) FROM licences)`).Scan(&recs); err == nil && recs == 10*n {
			return false, nil
		}
	}
	for _, tbl := range []string{"licences", "holdings", "title_producers", "titles", "partnerships", "orgs"} {
		if _, err := db.writer().exec(ctx, "DELETE FROM "+tbl); err != nil && have > 0 {
			return false, err
		}
	}
	os := org.NewService(db)
	for _, o := range []*org.Organisation{
		{Slug: "cmg", Country: "CN", Names: map[string]string{"en": "CMG"}},
		{Slug: "vgtrk", Country: "RU", Names: map[string]string{"en": "VGTRK"}, Partners: []string{"cmg"}},
	} {
		if err := os.Create(ctx, o); err != nil {
			return false, err
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	places := [][2][]string{{{"WORLD"}, {"CN"}}, {{"CIS"}, nil}, {{"RU"}, nil}, {{"EU"}, nil}, {{"CN"}, nil}, {{"ASEAN", "CN"}, nil}}
	randTerms := func() rights.Terms {
		p := places[rng.IntN(len(places))]
		var media []rights.Media
		for _, i := range rng.Perm(len(rights.AllMedia))[:1+rng.IntN(3)] {
			media = append(media, rights.AllMedia[i])
		}
		y := 2020 + rng.IntN(12)
		tm := rights.Terms{Territories: p[0], ExceptTerritories: p[1], Media: media, Start: fmt.Sprintf("%d-%02d-01", y, 1+rng.IntN(12)),
			Exclusive: rng.IntN(3) == 0}
		if rng.IntN(5) > 0 {
			e := fmt.Sprintf("%d-12-31", y+1+rng.IntN(5))
			tm.End = &e
		}
		tm.Normalize()
		return tm
	}
	now := fmtTime(time.Now())
	// Each table batches its rows into INSERTs of at most 500 rows.
	type table struct {
		head  string
		width int
		args  []any
	}
	flush := func(c conn, t *table) error {
		if len(t.args) == 0 {
			return nil
		}
		row := "(" + placeholders(t.width) + ")"
		rows := len(t.args) / t.width
		q := t.head + " VALUES " + strings.TrimSuffix(strings.Repeat(row+", ", rows), ", ")
		_, err := c.exec(ctx, q, t.args...)
		t.args = t.args[:0]
		return err
	}
	var titles, producers *table
	add := func(c conn, t *table, row ...any) error {
		t.args = append(t.args, row...)
		if len(t.args) < 500*t.width {
			return nil
		}
		// Records refer to their titles: those go in first.
		for _, x := range []*table{titles, producers, t} {
			if err := flush(c, x); err != nil {
				return err
			}
		}
		return nil
	}
	titles = &table{head: `INSERT INTO titles (id, owner_org, kind, visibility, original_language, version, doc, created_at, updated_at, parent_id)`, width: 10}
	producers = &table{head: `INSERT INTO title_producers (title_id, org)`, width: 2}
	holdings := &table{head: `INSERT INTO holdings (id, title_id, holder, doc, media_mask, t0, t1, t2, t3,
			start_date, end_date, exclusive, avail_id, created_at, created_by)`, width: 15}
	licences := &table{head: `INSERT INTO licences (id, title_id, licensor, licensee, doc, media_mask, t0, t1, t2, t3,
			start_date, end_date, exclusive, avail_id, source, created_at, created_by)`, width: 17}
	const batch = 20000
	for lo := 0; lo < n; lo += batch {
		err := db.inTx(ctx, func(c conn) error {
			for i := lo; i < min(lo+batch, n); i++ {
				id := fmt.Sprintf("t%09d", i)
				owner := []string{"cmg", "vgtrk"}[i%2]
				kind, parent := benchKind(i, series)
				if series {
					owner = []string{"cmg", "vgtrk"}[(i/20)%2] // a series' owner owns its seasons and episodes
				}
				var parentArg any
				if parent != "" {
					parentArg = parent
				}
				ti := catalog.Title{ID: id, Owner: owner, Version: 1, Fields: catalog.Fields{Kind: kind, ParentID: parent, OriginalLanguage: "zh",
					Visibility: catalog.VisibilityPartners, Producers: []string{owner},
					Localizations: map[string]catalog.Localization{"en": {Title: "Title " + id}}}}
				doc, _ := json.Marshal(ti)
				if err := add(c, titles, id, owner, string(kind), "partners", "zh", 1, string(doc), now, now, parentArg); err != nil {
					return err
				}
				if err := add(c, producers, id, owner); err != nil {
					return err
				}
				for k := range 5 {
					tm := randTerms()
					doc, cols, err := termColumns(&tm)
					if err != nil {
						return err
					}
					row := append([]any{fmt.Sprintf("%s-h%d", id, k), id, []string{"cmg", "vgtrk"}[rng.IntN(2)], doc}, cols...)
					if err := add(c, holdings, append(row, nil, now, "bench")...); err != nil {
						return err
					}
					tm = randTerms()
					if doc, cols, err = termColumns(&tm); err != nil {
						return err
					}
					row = append([]any{fmt.Sprintf("%s-l%d", id, k), id, owner, "buyer" + strconv.Itoa(rng.IntN(50)), doc}, cols...)
					if err := add(c, licences, append(row, nil, "bench", now, "bench")...); err != nil {
						return err
					}
				}
			}
			for _, t := range []*table{titles, producers, holdings, licences} {
				if err := flush(c, t); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return false, err
		}
	}
	if db.Dialect() == Postgres {
		// VACUUM sets the visibility map, so covering indexes answer without
		// visiting the table, as they would on a settled database.
		_, err := db.writer().exec(ctx, "VACUUM ANALYZE")
		return true, err
	}
	return true, nil
}

func measure(t *testing.T, db *DB, n int) {
	ctx := auth.WithPrincipal(context.Background(), &auth.Principal{Org: "cmg", Role: auth.RoleViewer})
	// The store is wrapped to time what a page spends in its two kinds of
	// reads (see timedRightsStore).
	ts := &timedRightsStore{DB: db}
	svc := rights.NewService(ts, catalog.NewService(db))
	// The same engine over whole families (every episode's licences in a
	// series' family), as before questions were scoped: the baseline of the
	// same run. Wrapping hides DB.RightsFamiliesScoped.
	whole := rights.NewService(struct{ rights.Store }{db}, catalog.NewService(db))
	rng := rand.New(rand.NewPCG(3, 4))
	ru, _ := rights.Country("RU")
	mediaBit, _ := rights.MediaBit(rights.FreeTV)
	word, bit := 0, int64(0)
	for w := range ru {
		if ru[w] != 0 {
			word, bit = w, int64(ru[w])
		}
	}
	end := "2025-12-31"
	q := rights.Query{Territories: []string{"RU"}, Media: []rights.Media{rights.FreeTV}, Start: "2025-09-01", End: &end, Exclusive: false}
	col := "t" + strconv.Itoa(word)
	// The straightforward SQL: a holding covering the request and no
	// exclusive licence overlapping it, for one title or a page of titles.
	one := `SELECT CASE WHEN EXISTS (SELECT 1 FROM holdings h WHERE h.title_id = ? AND (h.media_mask & ?) <> 0
			AND h.start_date <= ? AND (h.end_date IS NULL OR h.end_date >= ?) AND (h.` + col + ` & ?) <> 0)
		AND NOT EXISTS (SELECT 1 FROM licences l WHERE l.title_id = ? AND l.exclusive = 1 AND (l.media_mask & ?) <> 0
			AND l.start_date <= ? AND (l.end_date IS NULL OR l.end_date >= ?) AND (l.` + col + ` & ?) <> 0) THEN 1 ELSE 0 END`
	readable, rargs := ReadableClause("cmg")
	page := `SELECT t.id FROM titles t WHERE ` + readable + ` AND t.id > ?
		AND EXISTS (SELECT 1 FROM holdings h WHERE h.title_id = t.id AND (h.media_mask & ?) <> 0
			AND h.start_date <= ? AND (h.end_date IS NULL OR h.end_date >= ?) AND (h.` + col + ` & ?) <> 0)
		AND NOT EXISTS (SELECT 1 FROM licences l WHERE l.title_id = t.id AND l.exclusive = 1 AND (l.media_mask & ?) <> 0
			AND l.start_date <= ? AND (l.end_date IS NULL OR l.end_date >= ?) AND (l.` + col + ` & ?) <> 0)
		ORDER BY t.id LIMIT 50`
	const singles, pages = 2000, 200
	const warmSingles, warmPages = 200, 20
	var eng, sqlOne, engPage, sqlPage, wholeOne, wholePage []time.Duration
	agree, found := 0, 0
	// timed asks s and keeps the answer, to compare with the baseline's.
	type asked struct {
		q      rights.Query
		answer string
	}
	var questions []asked
	timed := func(s *rights.Service, q rights.Query, into *[]time.Duration) *rights.QueryResult {
		t0 := time.Now()
		res, err := s.Query(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		*into = append(*into, time.Since(t0))
		return res
	}
	keep := func(q rights.Query, res *rights.QueryResult) {
		b, _ := json.Marshal(res)
		questions = append(questions, asked{q, string(b)})
	}
	// SILKBRIDGE_BENCH_RIGHTS_PROFILE=prefix writes a CPU profile of each
	// measured pass (prefix-single.prof, prefix-page.prof).
	profile := func(pass string) func() {
		prefix := os.Getenv("SILKBRIDGE_BENCH_RIGHTS_PROFILE")
		if prefix == "" {
			return func() {}
		}
		f, err := os.Create(prefix + "-" + pass + ".prof")
		if err != nil {
			t.Fatal(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			t.Fatal(err)
		}
		return func() { pprof.StopCPUProfile(); f.Close() }
	}
	// Untimed questions on other titles first, as the search benchmark's
	// warm-up: a process's first reads open connections, prepare
	// statements and fill an empty page cache, which a serving hub has
	// long done. Other titles, so the measured questions' own records are
	// not what it brings into memory.
	warm := rand.New(rand.NewPCG(5, 6))
	var warmOne, warmPage []time.Duration
	for i := range warmSingles + warmPages {
		wq := q
		wq.Titles = []string{fmt.Sprintf("t%09d", warm.IntN(n))}
		if i >= warmSingles {
			wq.Titles, wq.Limit = nil, 50
			wq.Cursor = catalog.EncodeCursor(catalog.CursorAvailability, fmt.Sprintf("t%09d", warm.IntN(n)))
		}
		into := &warmOne
		if i >= warmSingles {
			into = &warmPage
		}
		timed(svc, wq, into)
		if _, err := whole.Query(ctx, wq); err != nil {
			t.Fatal(err)
		}
	}
	// The machine's own jitter, the baseline of the p99s: a fixed CPU loop
	// as long as the warm-up's median question, timed after each measured
	// one (see benchkit.Loop).
	loopOne, loopPage := benchkit.Calibrate(benchkit.Percentile(warmOne, 50)), benchkit.Calibrate(benchkit.Percentile(warmPage, 50))
	var machOne, machPage []time.Duration
	stop := profile("single")
	// byKind keeps the same durations by the asked title's kind, so a tail
	// made by one kind (a series' question reads its twenty titles'
	// licences) shows apart from the others.
	series := os.Getenv("SILKBRIDGE_BENCH_RIGHTS_SERIES") == "1"
	byKind := map[string][]time.Duration{}
	// noGC keeps the questions during which no garbage collection ended.
	var noGC []time.Duration
	withGC := 0
	for range singles {
		i := rng.IntN(n)
		id := fmt.Sprintf("t%09d", i)
		q.Titles = []string{id}
		gc := benchkit.GCCycles()
		res := timed(svc, q, &eng)
		took := eng[len(eng)-1]
		if benchkit.GCCycles() != gc {
			withGC++
		} else {
			noGC = append(noGC, took)
		}
		kind, _ := benchKind(i, series)
		byKind[string(kind)] = append(byKind[string(kind)], took)
		keep(q, res)
		t0 := time.Now()
		var ok int
		if err := db.reader().queryRow(context.Background(), one, id, int64(mediaBit), "2025-12-31", "2025-09-01", bit,
			id, int64(mediaBit), "2025-12-31", "2025-09-01", bit).Scan(&ok); err != nil {
			t.Fatal(err)
		}
		sqlOne = append(sqlOne, time.Since(t0))
		machOne = append(machOne, loopOne.Time())
		if res.Results[0].Available == (ok == 1) {
			agree++
		}
	}
	stop()
	q.Titles = nil
	q.Limit = 50
	stop = profile("page")
	*ts = timedRightsStore{DB: db}
	for range pages {
		q.Cursor = catalog.EncodeCursor(catalog.CursorAvailability, fmt.Sprintf("t%09d", rng.IntN(n)))
		res := timed(svc, q, &engPage)
		keep(q, res)
		found += len(res.Results)
		after, _ := catalog.DecodeCursor(catalog.CursorAvailability, q.Cursor)
		args := append(append([]any{}, rargs...), after, int64(mediaBit), "2025-12-31", "2025-09-01", bit, int64(mediaBit), "2025-12-31", "2025-09-01", bit)
		t0 := time.Now()
		rows, err := db.reader().query(context.Background(), page, args...)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
		}
		rows.Close()
		sqlPage = append(sqlPage, time.Since(t0))
		machPage = append(machPage, loopPage.Time())
	}
	stop()
	pageReads := *ts
	t.Logf("single title (%d queries): engine p50 %s p99 %s | straightforward SQL p50 %s p99 %s | same answer in %d of %d",
		singles, benchkit.Percentile(eng, 50), benchkit.Percentile(eng, 99), benchkit.Percentile(sqlOne, 50), benchkit.Percentile(sqlOne, 99), agree, singles)
	t.Logf("single title, %d questions during which no collection ended: engine p50 %s p99 %s (%d had one end)",
		len(noGC), benchkit.Percentile(noGC, 50), benchkit.Percentile(noGC, 99), withGC)
	for _, kind := range []string{"film", "series", "season", "episode"} {
		if d := byKind[kind]; len(d) > 0 {
			t.Logf("single title, %s (%d queries): engine p50 %s p99 %s", kind, len(d), benchkit.Percentile(d, 50), benchkit.Percentile(d, 99))
		}
	}
	t.Logf("catalogue page of 50 (%d pages): engine p50 %s p99 %s | straightforward SQL p50 %s p99 %s | %.1f results per engine page",
		pages, benchkit.Percentile(engPage, 50), benchkit.Percentile(engPage, 99), benchkit.Percentile(sqlPage, 50), benchkit.Percentile(sqlPage, 99), float64(found)/pages)
	t.Logf("catalogue page reads, mean per page: candidates %s in %.1f calls, families %s in %.1f calls",
		pageReads.candidates/pages, float64(pageReads.candidateCalls)/pages, pageReads.families/pages, float64(pageReads.familyCalls)/pages)
	t.Logf("machine baseline, a fixed CPU loop of the warm-up's median timed after each question: single title p50 %s p99 %s | catalogue page p50 %s p99 %s",
		benchkit.Percentile(machOne, 50), benchkit.Percentile(machOne, 99), benchkit.Percentile(machPage, 50), benchkit.Percentile(machPage, 99))
	// The baseline pass asks the same questions after the measured one, so
	// any pages the first pass brought into memory favour the baseline.
	differ := 0
	for _, a := range questions {
		into := &wholeOne
		if len(a.q.Titles) == 0 {
			into = &wholePage
		}
		b, _ := json.Marshal(timed(whole, a.q, into))
		if string(b) != a.answer {
			differ++
		}
	}
	t.Logf("baseline, engine over whole families: single title p50 %s p99 %s | catalogue page p50 %s p99 %s | answers differing from the scoped engine's: %d of %d",
		benchkit.Percentile(wholeOne, 50), benchkit.Percentile(wholeOne, 99), benchkit.Percentile(wholePage, 50), benchkit.Percentile(wholePage, 99), differ, singles+pages)
}

// timedRightsStore sums the time the engine spends in the store's two reads
// of a catalogue page: the candidates, and the candidates' families.
type timedRightsStore struct {
	*DB
	candidates, families        time.Duration
	candidateCalls, familyCalls int
}

func (s *timedRightsStore) RightsCandidates(ctx context.Context, p rights.CandidateParams) ([]string, string, error) {
	defer func(t0 time.Time) { s.candidates += time.Since(t0); s.candidateCalls++ }(time.Now())
	return s.DB.RightsCandidates(ctx, p)
}

func (s *timedRightsStore) RightsFamiliesScoped(ctx context.Context, viewer string, ids []string, sc rights.Scope) ([]*rights.Family, error) {
	defer func(t0 time.Time) { s.families += time.Since(t0); s.familyCalls++ }(time.Now())
	return s.DB.RightsFamiliesScoped(ctx, viewer, ids, sc)
}

package store

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/silkbridge/silkbridge/internal/auth"
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
// title gets ten records (five holdings, five licences). Figures are logged,
// never asserted; see docs/benchmarks.md.
func TestRightsScale(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("SILKBRIDGE_BENCH_RIGHTS_TITLES"))
	if n <= 0 {
		t.Skip("set SILKBRIDGE_BENCH_RIGHTS_TITLES to run")
	}
	engines := map[string]string{"sqlite": filepath.Join(t.TempDir(), "scale.db")}
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
			if err := generate(ctx, db, n); err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: generated %d titles, %d holdings+licences in %s", name, n, 10*n, time.Since(start).Round(time.Second))
			measure(t, db, n)
		})
	}
}

func generate(ctx context.Context, db *DB, n int) error {
	if db.Dialect() == Postgres {
		for _, tbl := range []string{"licences", "holdings", "title_producers", "titles", "partnerships", "orgs"} {
			if _, err := db.writer().exec(ctx, "DELETE FROM "+tbl); err != nil {
				return err
			}
		}
	}
	os := org.NewService(db)
	for _, o := range []*org.Organisation{
		{Slug: "cmg", Country: "CN", Names: map[string]string{"en": "CMG"}},
		{Slug: "vgtrk", Country: "RU", Names: map[string]string{"en": "VGTRK"}, Partners: []string{"cmg"}},
	} {
		if err := os.Create(ctx, o); err != nil {
			return err
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
	const batch = 2000
	for lo := 0; lo < n; lo += batch {
		err := db.inTx(ctx, func(c conn) error {
			for i := lo; i < min(lo+batch, n); i++ {
				id := fmt.Sprintf("t%09d", i)
				owner := []string{"cmg", "vgtrk"}[i%2]
				ti := catalog.Title{ID: id, Owner: owner, Version: 1, Fields: catalog.Fields{Kind: catalog.KindFilm, OriginalLanguage: "zh",
					Visibility: catalog.VisibilityPartners, Producers: []string{owner},
					Localizations: map[string]catalog.Localization{"en": {Title: "Film " + id}}}}
				doc, _ := json.Marshal(ti)
				if _, err := c.exec(ctx, `INSERT INTO titles (id, owner_org, kind, visibility, original_language, version, doc, created_at, updated_at)
					VALUES (?, ?, 'film', 'partners', 'zh', 1, ?, ?, ?)`, id, owner, string(doc), now, now); err != nil {
					return err
				}
				if _, err := c.exec(ctx, `INSERT INTO title_producers (title_id, org) VALUES (?, ?)`, id, owner); err != nil {
					return err
				}
				ch := &rights.Change{}
				for k := range 5 {
					ch.AddHoldings = append(ch.AddHoldings, &rights.Holding{ID: fmt.Sprintf("%s-h%d", id, k), TitleID: id,
						Holder: []string{"cmg", "vgtrk"}[rng.IntN(2)], Terms: randTerms(), CreatedBy: "bench"})
					ch.AddLicences = append(ch.AddLicences, &rights.Licence{ID: fmt.Sprintf("%s-l%d", id, k), TitleID: id,
						Licensor: owner, Licensee: "buyer" + strconv.Itoa(rng.IntN(50)), Terms: randTerms(), Source: "bench", CreatedBy: "bench"})
				}
				if err := applyChange(ctx, c, ch); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	if db.Dialect() == Postgres {
		_, err := db.writer().exec(ctx, "ANALYZE")
		return err
	}
	_, err := db.writer().exec(ctx, "ANALYZE")
	return err
}

func pct(d []time.Duration, p float64) time.Duration {
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	return d[int(float64(len(d)-1)*p)]
}

func measure(t *testing.T, db *DB, n int) {
	ctx := auth.WithPrincipal(context.Background(), &auth.Principal{Org: "cmg", Role: auth.RoleViewer})
	svc := rights.NewService(db, catalog.NewService(db))
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
	var eng, sqlOne, engPage, sqlPage []time.Duration
	agree, found := 0, 0
	for i := range singles {
		id := fmt.Sprintf("t%09d", rng.IntN(n))
		q.Titles = []string{id}
		t0 := time.Now()
		res, err := svc.Query(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		eng = append(eng, time.Since(t0))
		t0 = time.Now()
		var ok int
		if err := db.reader().queryRow(context.Background(), one, id, int64(mediaBit), "2025-12-31", "2025-09-01", bit,
			id, int64(mediaBit), "2025-12-31", "2025-09-01", bit).Scan(&ok); err != nil {
			t.Fatal(err)
		}
		sqlOne = append(sqlOne, time.Since(t0))
		if res.Results[0].Available == (ok == 1) {
			agree++
		}
		_ = i
	}
	q.Titles = nil
	q.Limit = 50
	for range pages {
		q.Cursor = catalog.EncodeCursor(fmt.Sprintf("t%09d", rng.IntN(n)))
		t0 := time.Now()
		res, err := svc.Query(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		engPage = append(engPage, time.Since(t0))
		found += len(res.Results)
		after, _ := catalog.DecodeCursor(q.Cursor)
		args := append(append([]any{}, rargs...), after, int64(mediaBit), "2025-12-31", "2025-09-01", bit, int64(mediaBit), "2025-12-31", "2025-09-01", bit)
		t0 = time.Now()
		rows, err := db.reader().query(context.Background(), page, args...)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
		}
		rows.Close()
		sqlPage = append(sqlPage, time.Since(t0))
	}
	t.Logf("single title (%d queries): engine p50 %s p99 %s | straightforward SQL p50 %s p99 %s | same answer in %d of %d",
		singles, pct(eng, .5), pct(eng, .99), pct(sqlOne, .5), pct(sqlOne, .99), agree, singles)
	t.Logf("catalogue page of 50 (%d pages): engine p50 %s p99 %s | straightforward SQL p50 %s p99 %s | %.1f results per engine page",
		pages, pct(engPage, .5), pct(engPage, .99), pct(sqlPage, .5), pct(sqlPage, .99), float64(found)/pages)
}

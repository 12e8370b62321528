package searchbench

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"sort"
	"strings"
	"time"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/benchkit"
	"github.com/silkbridge/silkbridge/internal/search"
	"github.com/silkbridge/silkbridge/internal/store"
)

// PeopleReport holds the people search figures of one engine.
type PeopleReport struct {
	SearchP50, SearchP99   time.Duration
	SuggestP50, SuggestP99 time.Duration
	Passed, Total          int
	Failures               []string
	// Memory is the same queries through an in-memory copy of the people
	// index, when asked for.
	Memory *PeopleReport
}

// PeopleQueries draws n people queries from a uniform sample of the
// directory (people ids are random): a third surnames alone, a third full
// names in the person's own script, a third the name typed in another
// script or romanization (pinyin with or without spaces, the Cyrillic or
// Chinese transcription, a popular Latin romanization of a Russian name).
func PeopleQueries(ctx context.Context, db *store.DB, seed uint64, n int) ([]string, error) {
	rows, err := db.Writer().QueryContext(ctx, `SELECT doc FROM people WHERE visibility = 'public' AND id > '00000000-0000-7000-8000-999999999999' ORDER BY id LIMIT 2000`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	type name struct {
		Name      string `json:"name"`
		Suggested bool   `json:"suggested"`
	}
	var samples []map[string]name
	for rows.Next() {
		var doc string
		if err := rows.Scan(&doc); err != nil {
			return nil, err
		}
		var d struct {
			Localizations map[string]name `json:"localizations"`
		}
		if err := json.Unmarshal([]byte(doc), &d); err != nil {
			return nil, err
		}
		samples = append(samples, d.Localizations)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	r := rand.New(rand.NewPCG(seed, 11))
	var out []string
	for len(out) < n && len(samples) > 0 {
		s := samples[r.IntN(len(samples))]
		native, other := "", []string{}
		for tag, l := range s {
			if !l.Suggested {
				native = tag
			} else {
				other = append(other, tag)
			}
		}
		name := s[native].Name
		var q string
		switch k := r.IntN(3); {
		case k == 0 && native == "zh-Hans":
			q = string([]rune(name)[:1]) // the surname (one character for all but 欧阳)
		case k == 0:
			f := strings.Fields(name)
			q = f[len(f)-1]
		case k == 1 || len(other) == 0:
			q = name
		default:
			sort.Strings(other) // map order would change the list between runs
			tag := other[r.IntN(len(other))]
			q = s[tag].Name
			switch {
			case tag == "en" && native == "zh-Hans" && r.IntN(2) == 0:
				q = strings.ToLower(strings.ReplaceAll(q, " ", "")) // typed joined up
			case tag == "en" && native == "ru":
				rs := search.Romanize(name) // a romanization the directory does not store
				q = rs[r.IntN(len(rs))]
			}
		}
		if _, err := search.ParseQuery(q, search.ModeSearch); err == nil {
			out = append(out, q)
		}
	}
	return out, nil
}

// RunPeople times people searches (type=person, 20 hits) and people
// suggestions (the first two thirds of each query) as the viewer the title
// benchmark uses; with memory, then again in the same process through an
// in-memory copy of the people index.
func RunPeople(ctx context.Context, db *store.DB, queries, warmup []string, memory bool, out io.Writer) (*PeopleReport, error) {
	rep, err := timePeople(ctx, search.NewService(db), queries, warmup, out)
	if err != nil || !memory {
		return rep, err
	}
	mem := search.NewMemoryPeople(db, db, search.MemoryConfig{})
	if err := loadCopy(ctx, "people", mem.Load, mem.Stats, out); err != nil {
		return nil, err
	}
	if rep.Memory, err = timePeople(ctx, search.NewService(db).WithMemoryPeople(mem), queries, warmup, out); err != nil {
		return nil, err
	}
	used := mem.Stats()
	fmt.Fprintf(out, "in-memory people index: %d look-ups answered in memory, %d by the database\n", used.Answered, used.Deferred)
	return rep, nil
}

func timePeople(ctx context.Context, svc *search.Service, queries, warmup []string, out io.Writer) (*PeopleReport, error) {
	viewer := auth.WithPrincipal(ctx, &auth.Principal{Org: viewerOrg, Role: auth.RoleViewer, Name: "bench"})
	prefix := func(q string) string {
		rs := []rune(q)
		return string(rs[:max(1, len(rs)-len(rs)/3)])
	}
	for _, q := range warmup {
		if _, err := svc.Search(viewer, search.Params{Query: q, Limit: 20, Type: search.TypePerson}); err != nil {
			return nil, fmt.Errorf("people search %q: %w", q, err)
		}
		svc.SuggestPeople(viewer, prefix(q), nil)
	}
	var searchT, suggestT []time.Duration
	load := loadAverage()
	for _, q := range queries {
		t0 := time.Now()
		if _, err := svc.Search(viewer, search.Params{Query: q, Limit: 20, Type: search.TypePerson}); err != nil {
			return nil, fmt.Errorf("people search %q: %w", q, err)
		}
		searchT = append(searchT, time.Since(t0))
		p := prefix(q)
		t0 = time.Now()
		if _, err := svc.SuggestPeople(viewer, p, nil); err != nil {
			if _, perr := search.ParseQuery(p, search.ModeSuggest); perr == nil {
				return nil, fmt.Errorf("people suggest %q: %w", p, err)
			}
		}
		suggestT = append(suggestT, time.Since(t0))
	}
	fmt.Fprintf(out, "people queries: load average %s → %s\n", load, loadAverage())
	slowest(out, queries, searchT)
	rep := &PeopleReport{SearchP50: benchkit.Percentile(searchT, 50), SearchP99: benchkit.Percentile(searchT, 99),
		SuggestP50: benchkit.Percentile(suggestT, 50), SuggestP99: benchkit.Percentile(suggestT, 99)}
	key := fixtureKey()
	owner := auth.WithPrincipal(ctx, &auth.Principal{Org: viewerOrg, Role: auth.RoleViewer, Name: "bench"})
	for _, c := range peopleRelevance {
		page, err := svc.Search(owner, search.Params{Query: c.q, Limit: 3, Type: search.TypePerson})
		if err != nil {
			return nil, err
		}
		rep.Total++
		var got []string
		for _, h := range page.Hits {
			got = append(got, key[h.ID]+" "+h.Name)
		}
		if len(page.Hits) > 0 && key[page.Hits[0].ID] == c.want {
			rep.Passed++
		} else {
			rep.Failures = append(rep.Failures, fmt.Sprintf("%q: want %s first, got %v", c.q, c.want, got))
		}
	}
	return rep, nil
}

// PeopleBaseline is a stock full-text setup over the same names: one
// document per person (its names joined with spaces), the same visibility
// rule, 20 best by the engine's rank.
type PeopleBaseline struct {
	Name  string
	build []string
	query string
	arg   func(q string) string
}

// PeopleBaselines returns the baselines for db's engine.
func PeopleBaselines(d store.Dialect) []PeopleBaseline {
	const readable = `(pe.owner_org = $2 OR pe.org = $2 OR pe.visibility = 'public'
		OR (pe.visibility = 'partners' AND EXISTS (SELECT 1 FROM partnerships p WHERE p.org = pe.owner_org AND p.partner = $2)))`
	if d == store.Postgres {
		return []PeopleBaseline{{
			Name: "PostgreSQL pg_trgm word_similarity + GIN",
			build: []string{
				`CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public`,
				`DROP TABLE IF EXISTS base_people_trgm`,
				`CREATE TABLE base_people_trgm (person_id TEXT PRIMARY KEY, doc TEXT NOT NULL)`,
				`INSERT INTO base_people_trgm SELECT pe.id, (SELECT string_agg(value->>'name', ' ') FROM jsonb_each(pe.doc::jsonb->'localizations')) FROM people pe`,
				`CREATE INDEX base_people_trgm_doc ON base_people_trgm USING GIN (doc public.gin_trgm_ops)`,
				`ANALYZE base_people_trgm`,
			},
			query: `SELECT pe.id FROM base_people_trgm b JOIN people pe ON pe.id = b.person_id
				WHERE $1 OPERATOR(public.<%) b.doc AND pe.erased = 0 AND ` + readable + ` ORDER BY public.word_similarity($1, b.doc) DESC, pe.id LIMIT 20`,
			arg: func(q string) string { return q },
		}}
	}
	return []PeopleBaseline{{
		Name: "SQLite FTS5 unicode61",
		build: []string{
			`DROP TABLE IF EXISTS base_people_fts`,
			`CREATE VIRTUAL TABLE base_people_fts USING fts5(doc, tokenize='unicode61 remove_diacritics 2')`,
			`INSERT INTO base_people_fts (rowid, doc) SELECT pe.rowid, (SELECT group_concat(json_extract(value, '$.name'), ' ') FROM json_each(pe.doc, '$.localizations')) FROM people pe`,
		},
		query: `SELECT pe.id FROM base_people_fts JOIN people pe ON pe.rowid = base_people_fts.rowid
			WHERE base_people_fts MATCH ?1 AND pe.erased = 0 AND ` + strings.ReplaceAll(readable, "$2", "?2") + ` ORDER BY base_people_fts.rank, pe.id LIMIT 20`,
		arg: func(q string) string {
			var words []string
			for _, w := range strings.Fields(q) {
				words = append(words, `"`+strings.ReplaceAll(w, `"`, `""`)+`"`)
			}
			return strings.Join(words, " ")
		},
	}}
}

// Build creates the baseline's index and returns how long it took.
func (b PeopleBaseline) Build(ctx context.Context, db *sql.DB) (time.Duration, error) {
	start := time.Now()
	for _, q := range b.build {
		if _, err := db.ExecContext(ctx, q); err != nil {
			return 0, fmt.Errorf("%s: %w", q, err)
		}
	}
	return time.Since(start), nil
}

func (b PeopleBaseline) search(ctx context.Context, db *sql.DB, q string) ([]string, error) {
	arg := b.arg(q)
	if arg == "" {
		return nil, nil
	}
	return queryIDs(ctx, db, b.query, q, arg, viewerOrg)
}

// Time runs the warm-up queries untimed, then times the queries, and
// scores the relevance queries.
func (b PeopleBaseline) Time(ctx context.Context, db *sql.DB, warmup, queries []string) (*PeopleReport, error) {
	for _, q := range warmup {
		if _, err := b.search(ctx, db, q); err != nil {
			return nil, err
		}
	}
	var ts []time.Duration
	for _, q := range queries {
		t0 := time.Now()
		if _, err := b.search(ctx, db, q); err != nil {
			return nil, err
		}
		ts = append(ts, time.Since(t0))
	}
	rep := &PeopleReport{SearchP50: benchkit.Percentile(ts, 50), SearchP99: benchkit.Percentile(ts, 99)}
	key := fixtureKey()
	for _, c := range peopleRelevance {
		ids, err := b.search(ctx, db, c.q)
		if err != nil {
			return nil, err
		}
		rep.Total++
		if len(ids) > 0 && key[ids[0]] == c.want {
			rep.Passed++
		}
	}
	return rep, nil
}

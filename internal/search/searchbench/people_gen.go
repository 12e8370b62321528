package searchbench

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/silkbridge/silkbridge/internal/people"
	"github.com/silkbridge/silkbridge/internal/search"
	"github.com/silkbridge/silkbridge/internal/store"
	"github.com/silkbridge/silkbridge/internal/transcribe"
)

// PeopleConfig says how many people and credits to generate and how many
// people queries to time.
type PeopleConfig struct {
	People, Credits int
	Queries, Warmup int
	Seed            uint64
	Out             interface{ Write([]byte) (int, error) }
}

// personGen makes people whose names are distributed as in real
// directories: 45% Chinese (surnames by their real frequency, given names of
// one or two characters, with the pinyin and Palladius Cyrillic forms that
// transcribe suggests), 40% Russian (Zipf-distributed surnames, feminine
// forms for women, with the Xinhua Chinese and ICAO Latin forms) and 15%
// English (Latin only). Common names repeat, as 王伟 and Иванов do.
type personGen struct {
	r        *rand.Rand
	zhCum    []float64
	zRu, zEn *rand.Zipf
	at       time.Time
}

func newPersonGen(r *rand.Rand) *personGen {
	g := &personGen{r: r, at: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
	sum := 0.0
	for _, s := range chineseSurnames {
		sum += s.perMille
		g.zhCum = append(g.zhCum, sum)
	}
	g.zRu = rand.NewZipf(r, 1.1, 2, uint64(len(russianSurnames)-1))
	g.zEn = rand.NewZipf(r, 1.1, 2, uint64(len(englishSurnames)-1))
	return g
}

func (g *personGen) chineseName() string {
	x := g.r.Float64() * g.zhCum[len(g.zhCum)-1]
	i, _ := slices.BinarySearch(g.zhCum, x)
	given := string(chineseGiven[g.r.IntN(len(chineseGiven))])
	if g.r.IntN(10) < 6 {
		given += string(chineseGiven[g.r.IntN(len(chineseGiven))])
	}
	return chineseSurnames[min(i, len(chineseSurnames)-1)].name + given
}

func (g *personGen) russianName() string {
	sur := russianSurnames[g.zRu.Uint64()]
	if g.r.IntN(2) == 0 {
		return russianMale[g.r.IntN(len(russianMale))] + " " + sur
	}
	switch {
	case strings.HasSuffix(sur, "ский"):
		sur = strings.TrimSuffix(sur, "ий") + "ая"
	case strings.HasSuffix(sur, "ов"), strings.HasSuffix(sur, "ев"), strings.HasSuffix(sur, "ёв"), strings.HasSuffix(sur, "ин"):
		sur += "а"
	}
	return russianFemale[g.r.IntN(len(russianFemale))] + " " + sur
}

func (g *personGen) englishName() string {
	return englishFirst[g.r.IntN(len(englishFirst))] + " " + englishSurnames[g.zEn.Uint64()]
}

// person makes one person; transcriptions are marked as suggestions, as the
// hub marks them until someone confirms them.
func (g *personGen) person() *people.Person {
	p := &people.Person{ID: people.NewID(), Owner: "benchco", Version: 1, CreatedAt: g.at, UpdatedAt: g.at}
	p.Visibility = people.Visibility("public")
	if g.r.IntN(10) == 0 {
		p.Visibility = people.Visibility("private")
	}
	p.Localizations = map[string]people.PersonName{}
	var name, lang string
	switch x := g.r.IntN(100); {
	case x < 45:
		name, lang = g.chineseName(), "zh-Hans"
	case x < 85:
		name, lang = g.russianName(), "ru"
	default:
		name, lang = g.englishName(), "en"
	}
	p.Localizations[lang] = people.PersonName{Name: name}
	for tag, v := range transcribe.Suggest(name, lang) {
		p.Localizations[tag] = people.PersonName{Name: v, Suggested: true}
	}
	p.Roles = []people.PersonRole{[]people.PersonRole{"director", "actor", "actor", "screenwriter", "producer", "composer"}[g.r.IntN(6)]}
	return p
}

// LoadPeople generates cfg.People people and cfg.Credits credits on the
// titles already in db, unless db holds people (a kept catalogue), and
// returns the people loaded per second (0 when reused) and the counts.
func LoadPeople(ctx context.Context, db *store.DB, cfg PeopleConfig) (float64, int, int, error) {
	var have, credits int
	w := db.Writer()
	if err := w.QueryRowContext(ctx, `SELECT COUNT(*) FROM people`).Scan(&have); err != nil {
		return 0, 0, 0, err
	}
	if have > 0 {
		if err := w.QueryRowContext(ctx, `SELECT COUNT(*) FROM title_credits`).Scan(&credits); err != nil {
			return 0, 0, 0, err
		}
		fmt.Fprintf(cfg.Out, "reusing %d people and %d credits\n", have, credits)
		return 0, have, credits, nil
	}
	titles, err := titleIDs(ctx, w)
	if err != nil {
		return 0, 0, 0, err
	}
	if len(titles) == 0 && cfg.Credits > 0 {
		return 0, 0, 0, fmt.Errorf("no titles to credit people on")
	}
	g := newPersonGen(rand.New(rand.NewPCG(cfg.Seed, 77)))
	start := time.Now()
	ids := make([]string, 0, cfg.People)
	const batch = 2000
	for done := 0; done < cfg.People; {
		n := min(batch, cfg.People-done)
		ps := make([]*people.Person, n)
		for i := range ps {
			ps[i] = g.person()
			ids = append(ids, ps[i].ID)
		}
		if err := bulkPeople(ctx, w, db.Dialect(), ps); err != nil {
			return 0, 0, 0, err
		}
		done += n
		if done%50000 == 0 || done == cfg.People {
			fmt.Fprintf(cfg.Out, "generated %d/%d people\n", done, cfg.People)
		}
	}
	if err := loadPeopleFixture(ctx, w, db.Dialect()); err != nil {
		return 0, 0, 0, err
	}
	rate := float64(cfg.People) / time.Since(start).Seconds()
	if err := bulkCredits(ctx, w, db.Dialect(), g.r, titles, ids, cfg.Credits, cfg.Out); err != nil {
		return 0, 0, 0, err
	}
	// SQLite is left without statistics, as the hub runs it (see
	// store.Open).
	if db.Dialect() == store.Postgres {
		if _, err := w.ExecContext(ctx, `VACUUM ANALYZE people, person_search_keys, person_roles, title_credits`); err != nil {
			return 0, 0, 0, err
		}
	}
	return rate, cfg.People, cfg.Credits, nil
}

func titleIDs(ctx context.Context, db *sql.DB) ([]string, error) {
	rows, err := db.QueryContext(ctx, `SELECT id FROM titles ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// bulkPeople writes people with their roles and search keys (the rows
// PersonCreate writes, without the audit entries) in multi-row INSERTs.
func bulkPeople(ctx context.Context, db *sql.DB, d store.Dialect, ps []*people.Person) error {
	const at = "2025-01-01T00:00:00.000000Z"
	var peopleRows, roleRows, keyRows [][]any
	for _, p := range ps {
		doc, err := json.Marshal(map[string]any{"localizations": p.Localizations, "roles": p.Roles})
		if err != nil {
			return err
		}
		peopleRows = append(peopleRows, []any{p.ID, p.Owner, string(p.Visibility), 0, p.Version, string(doc), at, at})
		for _, r := range p.Roles {
			roleRows = append(roleRows, []any{p.ID, string(r)})
		}
		keys := search.PersonKeys(p.Names()...)
		slices.Sort(keys)
		for _, k := range slices.Compact(keys) {
			keyRows = append(keyRows, []any{p.ID, k})
		}
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, ins := range []struct {
		head string
		rows [][]any
	}{
		{`INSERT INTO people (id, owner_org, visibility, erased, version, doc, created_at, updated_at) VALUES `, peopleRows},
		{`INSERT INTO person_roles (person_id, role) VALUES `, roleRows},
		{`INSERT INTO person_search_keys (person_id, search_key) VALUES `, keyRows},
	} {
		if err := insertRows(ctx, tx, d, ins.head, ins.rows); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// bulkCredits gives every title about credits/len(titles) credits, the
// first a director. People are drawn with a power law (index N·u^1.5), so a
// few hundred people have hundreds of credits and most have a handful, as
// in real filmographies.
func bulkCredits(ctx context.Context, db *sql.DB, d store.Dialect, r *rand.Rand, titles, ids []string, credits int, out interface{ Write([]byte) (int, error) }) error {
	if credits == 0 || len(ids) == 0 {
		return nil
	}
	pick := func() string { return ids[min(len(ids)-1, int(float64(len(ids))*math.Pow(r.Float64(), 1.5)))] }
	roles := []string{"actor", "actor", "actor", "screenwriter", "producer", "composer", "cinematographer", "editor"}
	per := float64(credits) / float64(len(titles))
	done := 0
	var rows [][]any
	flush := func() error {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		if err := insertRows(ctx, tx, d, `INSERT INTO title_credits (title_id, seq, role, person_id) VALUES `, rows); err != nil {
			return err
		}
		rows = rows[:0]
		return tx.Commit()
	}
	for i, t := range titles {
		// Spread the remainder evenly: title i gets the credits that bring
		// the total to round(per·(i+1)).
		n := int(math.Round(per*float64(i+1))) - done
		if n <= 0 {
			continue
		}
		seen := map[string]bool{}
		for seq := 0; seq < n; seq++ {
			role := "director"
			if seq > 0 {
				role = roles[r.IntN(len(roles))]
			}
			p := pick()
			for seen[p+role] {
				p = pick()
			}
			seen[p+role] = true
			rows = append(rows, []any{t, seq, role, p})
		}
		done += n
		if len(rows) >= 20000 {
			if err := flush(); err != nil {
				return err
			}
		}
		if (i+1)%200000 == 0 {
			fmt.Fprintf(out, "credited %d/%d titles\n", i+1, len(titles))
		}
	}
	return flush()
}

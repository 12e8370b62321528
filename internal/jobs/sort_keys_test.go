package jobs_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/jobs"
	"github.com/silkbridge/silkbridge/internal/store"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

// TestSortKeysFillJob: a catalogue whose titles lack their sort keys (as
// one stored before the keys existed) gets one fill job however many
// servers start on it; the job fills every key in several batches, records
// its progress, and afterwards titles list in collated order. Once filled,
// a start queues nothing.
func TestSortKeysFillJob(t *testing.T) {
	storetest.ForEachEngine(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		ctx := context.Background()
		db, pg := openWithQueue(t, open)
		svc := storetest.NewServices(db)
		storetest.SeedOrgs(t, svc)
		cmg := storetest.As("cmg", auth.RoleEditor)
		const n = 450 // more than one batch
		var jsonl []byte
		for i := range n {
			f := storetest.TitleFields(fmt.Sprintf("Film %03d", i), catalog.VisibilityPartners)
			f.Localizations["ru"] = catalog.Localization{Title: fmt.Sprintf("Фильм %03d", n-1-i)}
			line, err := json.Marshal(f)
			if err != nil {
				t.Fatal(err)
			}
			jsonl = append(append(jsonl, line...), '\n')
		}
		if got, err := svc.Catalog.Import(cmg, bytes.NewReader(jsonl)); err != nil || got != n {
			t.Fatalf("import: %d, %v", got, err)
		}
		if err := db.ExecForTest(ctx, `DELETE FROM title_sort_keys`); err != nil {
			t.Fatal(err)
		}
		if err := db.ResetTitleSortKeys(ctx); err != nil {
			t.Fatal(err)
		}

		newQueue := func() *jobs.Queue {
			q, err := jobs.New(db.Writer(), jobs.Config{Postgres: pg, PollInterval: 50 * time.Millisecond}, jobs.Deps{SortKeys: db})
			if err != nil {
				t.Fatal(err)
			}
			return q
		}
		a, b := newQueue(), newQueue()
		if queued, err := a.EnqueueSortKeysFill(ctx, db); err != nil || !queued {
			t.Fatalf("first server: queued %v, %v", queued, err)
		}
		if queued, err := b.EnqueueSortKeysFill(ctx, db); err != nil || queued {
			t.Fatalf("second server: queued %v, %v; want the first one's job only", queued, err)
		}
		if err := a.Start(ctx); err != nil {
			t.Fatal(err)
		}
		defer a.Stop(context.Background())

		var state string
		var metadata []byte
		md := "metadata"
		if !pg {
			md = "json(metadata)" // River keeps SQLite's binary JSON
		}
		waitFor(t, "the fill job to finish", func() bool {
			err := db.Writer().QueryRowContext(ctx, `SELECT state, `+md+` FROM river_job WHERE kind = 'fill_title_sort_keys'`).Scan(&state, &metadata)
			if err != nil {
				t.Fatal(err)
			}
			return state != "available" && state != "running"
		})
		if state != "completed" {
			t.Fatalf("job %s: %s", state, metadata)
		}
		var out struct {
			Output struct{ Done, Total, Percent int } `json:"output"`
		}
		if err := json.Unmarshal(metadata, &out); err != nil || out.Output.Done != n || out.Output.Total != n || out.Output.Percent != 100 {
			t.Errorf("recorded progress %s (%v)", metadata, err)
		}
		if f, err := db.TitleSortKeysStatus(ctx); err != nil || !f.Complete {
			t.Fatalf("after the job: %+v, %v", f, err)
		}
		var keys int
		if err := db.Writer().QueryRowContext(ctx, `SELECT COUNT(*) FROM title_sort_keys`).Scan(&keys); err != nil || keys != n*len(catalog.SortLanguages) {
			t.Fatalf("%d keys (%v), want %d", keys, err, n*len(catalog.SortLanguages))
		}
		// Russian titles run the other way from ids: listed by id they would
		// come last to first.
		var got []string
		p := catalog.ListParams{Sort: catalog.SortTitle, Limit: 200}
		for {
			items, next, err := svc.Catalog.List(cmg, p, []string{"ru"})
			if err != nil {
				t.Fatal(err)
			}
			for _, ti := range items {
				got = append(got, ti.DisplayTitle)
			}
			if next == "" {
				break
			}
			p.After = next
		}
		if len(got) != n || !slices.IsSorted(got) || !strings.HasPrefix(got[0], "Фильм 000") {
			t.Errorf("after the fill: %d titles, sorted %v, first %q", len(got), slices.IsSorted(got), got[0])
		}
		if queued, err := b.EnqueueSortKeysFill(ctx, db); err != nil || queued {
			t.Errorf("a start after the fill: queued %v, %v", queued, err)
		}
	})
}

package jobs_test

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/avails"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/jobs"
	"github.com/silkbridge/silkbridge/internal/rights"
	"github.com/silkbridge/silkbridge/internal/store"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

// TestImportDoesNotBlockOtherWriters: while an import job applies 3,000 rows
// on one title, another organisation keeps creating titles. Every create
// succeeds, and creates complete while the import is still running: the
// import holds the write lock a chunk at a time, never for the whole file.
func TestImportDoesNotBlockOtherWriters(t *testing.T) {
	storetest.ForEachEngine(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		ctx := context.Background()
		db, pg := openWithQueue(t, open)
		svc := storetest.NewServices(db)
		storetest.SeedOrgs(t, svc)
		rs := rights.NewService(db, svc.Catalog)
		av := avails.NewService(rs, svc.Catalog).WithJobs(db)
		q, err := jobs.New(db.Writer(), jobs.Config{Postgres: pg, PollInterval: 50 * time.Millisecond}, jobs.Deps{Importer: av})
		if err != nil {
			t.Fatal(err)
		}
		av.SetScheduler(q.EnqueueImport)
		cmg := storetest.As("cmg", auth.RoleEditor)
		film, err := svc.Catalog.Create(cmg, storetest.TitleFields("Film", catalog.VisibilityPartners))
		if err != nil {
			t.Fatal(err)
		}
		const n = 3_000
		var sb strings.Builder
		sb.WriteString("Territory\tLicenseType\tStart\tEnd\tContentID\tAvailID\tExclusive\n")
		for i := range n {
			fmt.Fprintf(&sb, "RU\tSVOD\t2025-01-01\t2026-12-31\t%s\tA-%d\tNo\n", film.ID, i)
		}
		j, err := av.Submit(cmg, []byte(sb.String()), avails.ImportOptions{Kind: rights.KindHoldings})
		if err != nil {
			t.Fatal(err)
		}
		if j.Status != avails.ImportQueued || j.RowsTotal != n {
			t.Fatalf("submitted = %+v", j)
		}
		if err := q.Start(ctx); err != nil {
			t.Fatal(err)
		}
		defer q.Stop(context.Background())

		vg := storetest.As("vgtrk", auth.RoleEditor)
		var created, duringImport atomic.Int64
		var status *avails.ImportJob
		for i := 0; ; i++ {
			if _, err := svc.Catalog.Create(vg, storetest.TitleFields(fmt.Sprintf("Created during import %d", i), catalog.VisibilityPartners)); err != nil {
				t.Fatalf("create %d while importing: %v", i, err)
			}
			created.Add(1)
			if status, err = av.ImportStatus(cmg, j.ID); err != nil {
				t.Fatal(err)
			}
			if status.Status == avails.ImportRunning && status.RowsDone > 0 && status.RowsDone < n {
				duringImport.Add(1)
			}
			if status.Status.Finished() {
				break
			}
			if i > 100_000 {
				t.Fatal("the import never finished")
			}
		}
		if status.Status != avails.ImportSucceeded || status.Report.Created != n || status.RowsDone != n {
			t.Fatalf("import = %+v, error %q", status, status.Error)
		}
		if duringImport.Load() < 3 {
			t.Fatalf("only %d of %d creates completed while the import was applying rows", duringImport.Load(), created.Load())
		}
		if hs, _ := db.HoldingsOf(ctx, "cmg"); len(hs) != n {
			t.Fatalf("%d holdings stored", len(hs))
		}
		// The status is the importing organisation's alone.
		if _, err := av.ImportStatus(vg, j.ID); err == nil {
			t.Fatal("another organisation read the import")
		}
	})
}

package avails_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/avails"
	"github.com/silkbridge/silkbridge/internal/rights"
	"github.com/silkbridge/silkbridge/internal/store"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

// TestImportJobResumesAfterDyingMidApply: a job cut off after its first
// chunk (the process died) leaves the import unfinished with that chunk
// stored; running it again (River's retry, or the queue at the next start)
// finishes it with every row stored exactly once, as rows replace the
// records of their AvailID.
func TestImportJobResumesAfterDyingMidApply(t *testing.T) {
	storetest.ForEachEngine(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		b := setup(t, open)
		svc := avails.NewService(b.rights, b.svc.Catalog).WithJobs(b.svc.DB)
		var queued []string
		svc.SetScheduler(func(_ context.Context, id string) error { queued = append(queued, id); return nil })
		ctx := storetest.As("cmg", auth.RoleEditor)
		const n = 3 * rights.DefaultImportChunk
		var sb strings.Builder
		sb.WriteString(header)
		for i := range n {
			fmt.Fprintf(&sb, "ntv\tRU\t\tMovie\tCreate\tSVOD\t2025-01-01\t2026-12-31\t%s\tR-%d\tNo\tru\tsub\n", b.film, i)
		}
		j, err := svc.Submit(ctx, []byte(sb.String()), avails.ImportOptions{Kind: rights.KindHoldings})
		if err != nil || len(queued) != 1 || j.Status != avails.ImportQueued {
			t.Fatalf("submit = %+v, %v, queued %v", j, err, queued)
		}
		// The first run dies once a chunk is stored: its context ends (the
		// process is killed) while the second chunk is being applied.
		dying, kill := context.WithCancel(context.Background())
		wrapped := &killAfterChunk{JobStore: b.svc.DB, kill: kill}
		first := avails.NewService(b.rights, b.svc.Catalog).WithJobs(wrapped)
		if err := first.RunImport(dying, j.ID, false); err == nil {
			t.Fatal("the cut-off run reported success")
		}
		mid, _ := svc.ImportStatus(ctx, j.ID)
		if mid.Status != avails.ImportRunning || mid.RowsDone != rights.DefaultImportChunk || mid.Report != nil {
			t.Fatalf("after dying: %+v", mid)
		}
		if ids, _ := svc.UnfinishedImports(context.Background()); len(ids) != 1 || ids[0] != j.ID {
			t.Fatalf("unfinished = %v", ids)
		}
		hs, _ := b.svc.DB.HoldingsOf(context.Background(), "cmg")
		if len(hs) != rights.DefaultImportChunk {
			t.Fatalf("%d holdings stored by the cut-off run", len(hs))
		}
		// The retry finishes it; nothing is stored twice.
		if err := svc.RunImport(context.Background(), j.ID, false); err != nil {
			t.Fatal(err)
		}
		done, _ := svc.ImportStatus(ctx, j.ID)
		if done.Status != avails.ImportSucceeded || done.RowsDone != n || done.Report.Created+done.Report.Updated != n ||
			done.Report.Updated != rights.DefaultImportChunk {
			t.Fatalf("after the retry: %+v, report %+v", done, done.Report)
		}
		if hs, _ := b.svc.DB.HoldingsOf(context.Background(), "cmg"); len(hs) != n {
			t.Fatalf("%d holdings after the retry, want %d", len(hs), n)
		}
		// A finished import is left alone when run again.
		if err := svc.RunImport(context.Background(), j.ID, false); err != nil {
			t.Fatal(err)
		}
		if again, _ := svc.ImportStatus(ctx, j.ID); again.Report.Updated != done.Report.Updated {
			t.Fatalf("a finished import ran again: %+v", again.Report)
		}
	})
}

// killAfterChunk ends the run's context once the first chunk's progress is
// recorded, as a process killed mid-import.
type killAfterChunk struct {
	avails.JobStore
	kill context.CancelFunc
}

func (k *killAfterChunk) ImportProgress(ctx context.Context, id string, status avails.ImportStatus, done int) error {
	err := k.JobStore.ImportProgress(ctx, id, status, done)
	if done > 0 {
		k.kill()
	}
	return err
}

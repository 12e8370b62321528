package storetest

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/avails"
	"github.com/silkbridge/silkbridge/internal/rights"
	"github.com/silkbridge/silkbridge/internal/store"
)

func init() { Register("Imports", exerciseImports) }

func exerciseImports(t *testing.T, open func(t testing.TB) *store.DB) {
	t.Run("KeepFileUntilFinishedThenReport", func(t *testing.T) {
		s := NewServices(open(t))
		SeedOrgs(t, s)
		ctx := context.Background()
		now := time.Now().UTC().Truncate(time.Microsecond)
		file := append([]byte("Territory\tLicenseType\n"), 0, 0xff, 'x') // any bytes survive
		j := &avails.ImportJob{ID: "imp-1", Org: "vgtrk", CreatedBy: "ed", Role: auth.RoleEditor, UserID: "u-1", Kind: rights.KindLicences,
			Format: avails.TSV, KeepGoodRows: true, Status: avails.ImportQueued, RowsTotal: 3, CreatedAt: now, UpdatedAt: now}
		if err := s.DB.ImportCreate(ctx, j, file); err != nil {
			t.Fatal(err)
		}
		got, err := s.DB.ImportGet(ctx, "imp-1")
		if err != nil || got.Org != "vgtrk" || got.Role != auth.RoleEditor || got.UserID != "u-1" || got.TokenID != "" ||
			got.Kind != rights.KindLicences || !got.KeepGoodRows ||
			got.Status != avails.ImportQueued || got.RowsTotal != 3 || got.Report != nil || !got.CreatedAt.Equal(now) {
			t.Fatalf("get = %+v, %v", got, err)
		}
		if f, err := s.DB.ImportFile(ctx, "imp-1"); err != nil || !bytes.Equal(f, file) {
			t.Fatalf("file = %q, %v", f, err)
		}
		if err := s.DB.ImportProgress(ctx, "imp-1", avails.ImportRunning, 2); err != nil {
			t.Fatal(err)
		}
		if ids, err := s.DB.ImportsUnfinished(ctx); err != nil || len(ids) != 1 || ids[0] != "imp-1" {
			t.Fatalf("unfinished = %v, %v", ids, err)
		}
		got, _ = s.DB.ImportGet(ctx, "imp-1")
		if got.Status != avails.ImportRunning || got.RowsDone != 2 {
			t.Fatalf("after progress = %+v", got)
		}
		got.Status, got.RowsDone, got.FinishedAt = avails.ImportSucceeded, 3, &now
		got.Report = &avails.Report{Kind: rights.KindLicences, Rows: 3, Created: 2, Committed: true,
			Errors: []avails.RowError{{Sheet: "Movies", Row: 4, Column: "Territory", Value: "XX", Message: "unknown"}}}
		if err := s.DB.ImportFinish(ctx, got); err != nil {
			t.Fatal(err)
		}
		done, err := s.DB.ImportGet(ctx, "imp-1")
		if err != nil || done.Status != avails.ImportSucceeded || done.FinishedAt == nil || done.Report == nil ||
			done.Report.Created != 2 || len(done.Report.Errors) != 1 || done.Report.Errors[0].Value != "XX" {
			t.Fatalf("finished = %+v, %v", done, err)
		}
		// A finished import keeps no file, takes no more progress and is not queued again.
		if _, err := s.DB.ImportFile(ctx, "imp-1"); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("file after finishing: %v", err)
		}
		if err := s.DB.ImportProgress(ctx, "imp-1", avails.ImportRunning, 1); err != nil {
			t.Fatal(err)
		}
		if again, _ := s.DB.ImportGet(ctx, "imp-1"); again.Status != avails.ImportSucceeded {
			t.Fatalf("progress revived a finished import: %+v", again)
		}
		if ids, _ := s.DB.ImportsUnfinished(ctx); len(ids) != 0 {
			t.Fatalf("unfinished after finishing = %v", ids)
		}
		if _, err := s.DB.ImportGet(ctx, "nope"); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("unknown import: %v", err)
		}
	})
}

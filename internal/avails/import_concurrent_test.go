package avails_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/avails"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/rights"
	"github.com/silkbridge/silkbridge/internal/store"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

// TestCLIImportDoesNotLockOutServer: a CLI import (its own connections to
// the SQLite file, as a second process has) runs beside a server creating
// titles. The server's writes never fail with "database is locked" and go
// on while the import applies its rows; before, the import held the write
// lock for the whole file, longer than the server's busy timeout.
func TestCLIImportDoesNotLockOutServer(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shared.db")
	ctx := context.Background()
	open := func() *store.DB {
		db, err := store.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	server := storetest.NewServices(open())
	storetest.SeedOrgs(t, server)
	cliDB := open()
	cli := storetest.NewServices(cliDB)
	svc := avails.NewService(rights.NewService(cliDB, cli.Catalog), cli.Catalog)
	cmg := storetest.As("cmg", auth.RoleAdmin)
	film, err := cli.Catalog.Create(cmg, storetest.TitleFields("Film", catalog.VisibilityPartners))
	if err != nil {
		t.Fatal(err)
	}
	const n = 3_000
	var sb strings.Builder
	sb.WriteString("Territory\tLicenseType\tStart\tEnd\tContentID\tAvailID\tExclusive\n")
	for i := range n {
		fmt.Fprintf(&sb, "RU\tSVOD\t2025-01-01\t2026-12-31\t%s\tA-%d\tNo\n", film.ID, i)
	}
	var applied atomic.Int64
	done := make(chan error, 1)
	go func() {
		rep, err := svc.Import(cmg, []byte(sb.String()), avails.ImportOptions{Kind: rights.KindHoldings,
			Progress: func(d, _ int) { applied.Store(int64(d)) }})
		if err == nil && (!rep.Committed || rep.Created != n) {
			err = fmt.Errorf("report %+v", rep)
		}
		done <- err
	}()
	vg := storetest.As("vgtrk", auth.RoleEditor)
	during := 0
	for i := 0; ; i++ {
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
			if during < 3 {
				t.Fatalf("only %d of %d server writes completed while the import applied rows", during, i)
			}
			return
		default:
		}
		if _, err := server.Catalog.Create(vg, storetest.TitleFields(fmt.Sprintf("Server title %d", i), catalog.VisibilityPartners)); err != nil {
			t.Fatalf("server write %d during a CLI import: %v", i, err)
		}
		if a := applied.Load(); a > 0 && a < n {
			during++
		}
	}
}

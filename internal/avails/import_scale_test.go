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

// countingStore counts the hierarchy reads of an import: one read to
// validate and one per applied chunk, however many rows a title has. An
// import that reloads the family for every row (quadratic: 9,500 rows on
// one title took four minutes) would show here as thousands of reads.
type countingStore struct {
	*store.DB
	reads, chunks, loaded int
}

func (s *countingStore) RightsHierarchies(ctx context.Context, ids []string) (map[string]*rights.Hierarchy, error) {
	hs, err := s.DB.RightsHierarchies(ctx, ids)
	s.reads++
	s.count(hs)
	return hs, err
}

func (s *countingStore) RightsApplyHierarchies(ctx context.Context, scope rights.HierarchyScope, decide func(map[string]*rights.Hierarchy) ([]*rights.Change, error)) error {
	s.chunks++
	return s.DB.RightsApplyHierarchies(ctx, scope, func(hs map[string]*rights.Hierarchy) ([]*rights.Change, error) {
		s.count(hs)
		return decide(hs)
	})
}

func (s *countingStore) count(hs map[string]*rights.Hierarchy) {
	seen := map[*rights.Hierarchy]bool{}
	for _, h := range hs {
		if !seen[h] {
			seen[h] = true
			s.loaded += len(h.Family.Holdings) + len(h.Family.Licences)
		}
	}
}

func TestImportTenThousandRowsOneTitle(t *testing.T) {
	storetest.ForEachEngine(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		b := setup(t, open)
		cs := &countingStore{DB: b.svc.DB}
		svc := avails.NewService(rights.NewService(cs, b.svc.Catalog), b.svc.Catalog)
		ctx := storetest.As("cmg", auth.RoleEditor)
		const n = 10_000
		countries := []string{"RU", "BY", "KZ", "CN", "DE", "FR", "IT", "ES", "BR", "IN"}
		var sb strings.Builder
		sb.WriteString(header)
		for i := range n {
			territory := countries[i%len(countries)]
			if i == 6_000 {
				territory = "XX" // one bad cell, deep in the file
			}
			fmt.Fprintf(&sb, "ntv\t%s\t\tMovie\tCreate\tSVOD\t2025-01-01\t2026-12-31\t%s\tA-%d\tNo\tru\tsub\n", territory, b.film, i)
		}
		file := []byte(sb.String())
		// All or nothing: the one bad row is reported where it is, and
		// nothing was written, after a single read.
		rep, err := svc.Import(ctx, file, avails.ImportOptions{Kind: rights.KindHoldings})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Committed || len(rep.Errors) != 1 || rep.Errors[0].Row != 6_002 || rep.Errors[0].Column != "Territory" {
			t.Fatalf("report = committed %v, %d errors: %+v", rep.Committed, len(rep.Errors), rep.Errors[:min(3, len(rep.Errors))])
		}
		if cs.reads != 1 || cs.chunks != 0 {
			t.Fatalf("validation read %d times and wrote %d chunks", cs.reads, cs.chunks)
		}
		if hs, _ := b.svc.DB.HoldingsOf(context.Background(), "cmg"); len(hs) != 0 {
			t.Fatalf("a refused import stored %d holdings", len(hs))
		}
		// Keeping the good rows stores the other 9,999, in bounded chunks,
		// with progress after each.
		var progress []int
		rep, err = svc.Import(ctx, file, avails.ImportOptions{Kind: rights.KindHoldings, KeepGoodRows: true,
			Progress: func(done, total int) {
				if total != n {
					t.Errorf("progress total %d", total)
				}
				progress = append(progress, done)
			}})
		if err != nil {
			t.Fatal(err)
		}
		if !rep.Committed || rep.Created != n-1 || len(rep.Errors) != 1 {
			t.Fatalf("keep-good report: created %d, %d errors", rep.Created, len(rep.Errors))
		}
		chunks := (n + rights.DefaultImportChunk - 1) / rights.DefaultImportChunk
		if cs.reads != 2 || cs.chunks != chunks || len(progress) != chunks+1 || progress[0] != 0 || progress[chunks] != n {
			t.Fatalf("%d reads, %d chunks, progress %v", cs.reads, cs.chunks, progress)
		}
		// Each chunk read only the records its rows replace or may clash
		// with: the whole title once to validate, then a chunk's worth each.
		if max := 2 * n; cs.loaded > max {
			t.Fatalf("loaded %d records, more than %d", cs.loaded, max)
		}
		hs, err := b.svc.DB.HoldingsOf(context.Background(), "cmg")
		if err != nil || len(hs) != n-1 {
			t.Fatalf("%d holdings stored, %v", len(hs), err)
		}
		// The same file again, fixed, replaces every record by its AvailID
		// and adds the one that was bad.
		fixed := []byte(strings.Replace(sb.String(), "\tXX\t", "\tRU\t", 1))
		rep, err = svc.Import(ctx, fixed, avails.ImportOptions{Kind: rights.KindHoldings})
		if err != nil || !rep.Committed || rep.Updated != n-1 || rep.Created != 1 || len(rep.Errors) != 0 {
			t.Fatalf("re-import = %+v, %v", rep, err)
		}
		if hs, _ := b.svc.DB.HoldingsOf(context.Background(), "cmg"); len(hs) != n {
			t.Fatalf("%d holdings after re-import, want %d", len(hs), n)
		}
	})
}

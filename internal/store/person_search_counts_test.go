package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/silkbridge/silkbridge/internal/search"
)

// TestPeopleCountsSteerPlansForAMinute: a costly count is remembered, so
// the next plan uses it without counting again, until countLifetime has
// passed; a cheap one is taken afresh every time. The plan shows which
// count it used: after the common key's entries are deleted, a fresh
// count (0) makes it the driver, the remembered one (300) does not.
func TestPeopleCountsSteerPlansForAMinute(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "counts.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	now := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	db.peopleCounts.now = func() time.Time { return now }
	w := db.Writer()
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := w.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec(`INSERT INTO orgs (slug, country, names, created_at) VALUES ('cmg', 'CN', '{}', '2026-01-01T00:00:00Z')`)
	person := func(i int, keys ...string) {
		id := fmt.Sprintf("00000000-0000-7000-8000-%012d", i)
		exec(`INSERT INTO people (id, owner_org, visibility, version, doc, created_at, updated_at)
			VALUES (?, 'cmg', 'public', 1, '{}', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`, id)
		for _, k := range keys {
			exec(`INSERT INTO person_search_keys (person_id, search_key) VALUES (?, ?)`, id, k)
		}
	}
	for i := range 300 {
		person(i, "~common")
	}
	for i := 300; i < 303; i++ {
		person(i, "~rare")
	}
	find := search.PeopleFind{Terms: [][]search.Alt{{{Keys: []string{"~common"}}}, {{Keys: []string{"~rare"}}}}, Limit: 20}
	driver := func() int {
		t.Helper()
		p, err := db.planPeople(ctx, find)
		if err != nil {
			t.Fatal(err)
		}
		return p.driver
	}
	if d := driver(); d != 1 {
		t.Fatalf("driver = term %d, want the rare term 1", d)
	}
	if n, ok := db.peopleCounts.get(countID(driverCountCap, false, "~common")); !ok || n != 300 {
		t.Fatalf("count of ~common remembered as %d (%v), want 300", n, ok)
	}
	if _, ok := db.peopleCounts.get(countID(driverCountCap, false, "~rare")); ok {
		t.Fatal("a count of 3 was remembered: it costs nothing to take again")
	}
	exec(`DELETE FROM person_search_keys WHERE search_key = '~common'`)
	now = now.Add(countLifetime - time.Second)
	if d := driver(); d != 1 {
		t.Fatalf("within the minute: driver = term %d, want 1 (the remembered count)", d)
	}
	now = now.Add(2 * time.Second)
	if d := driver(); d != 0 {
		t.Fatalf("after the minute: driver = term %d, want 0 (counted again: no entries left)", d)
	}
}

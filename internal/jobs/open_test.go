package jobs_test

import (
	"context"
	"testing"

	"github.com/silkbridge/silkbridge/internal/jobs"
	"github.com/silkbridge/silkbridge/internal/store"
)

// openWithQueue opens a test database with the job queue's tables, and says
// whether it is PostgreSQL.
func openWithQueue(t *testing.T, open func(testing.TB) *store.DB) (*store.DB, bool) {
	t.Helper()
	db := open(t)
	pg := db.Dialect() == store.Postgres
	if err := jobs.Migrate(context.Background(), db.Writer(), pg); err != nil {
		t.Fatal(err)
	}
	return db, pg
}

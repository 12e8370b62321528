package store_test

import (
	"testing"

	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

// TestContractSQLite runs the whole store contract on embedded SQLite.
func TestContractSQLite(t *testing.T) { storetest.Exercise(t, storetest.OpenSQLite) }

// TestContractPostgres runs the same contract on PostgreSQL; it skips without
// SILKBRIDGE_TEST_POSTGRES_URL (and fails under SILKBRIDGE_REQUIRE_ALL=1).
func TestContractPostgres(t *testing.T) {
	storetest.PostgresURL(t)
	storetest.Exercise(t, storetest.OpenPostgres)
}

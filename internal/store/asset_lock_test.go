package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/silkbridge/silkbridge/internal/store"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

// TestUploadLockerAcrossProcesses: two databases handles (as two server
// processes) on one PostgreSQL: the second waits for the first's lock, asks
// it to let go, and gets it once it does; a timeout leaves it unlocked.
func TestUploadLockerAcrossProcesses(t *testing.T) {
	url := storetest.NewPostgresSchema(t)
	dbs := make([]*store.DB, 2)
	for i := range dbs {
		db, err := store.Open(context.Background(), url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		dbs[i] = db
	}
	if sqlite := storetest.OpenSQLite(t); sqlite.UploadLocker() != nil {
		t.Fatal("SQLite has a PostgreSQL locker")
	}
	first, _ := dbs[0].UploadLocker().NewLock("upload-1")
	second, _ := dbs[1].UploadLocker().NewLock("upload-1")
	other, _ := dbs[1].UploadLocker().NewLock("upload-2")
	released := make(chan struct{})
	if err := first.Lock(context.Background(), func() { close(released) }); err != nil {
		t.Fatal(err)
	}
	if err := other.Lock(context.Background(), func() {}); err != nil {
		t.Fatalf("another upload's lock: %v", err)
	}
	other.Unlock()

	short, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	if err := second.Lock(short, func() {}); err == nil {
		t.Fatal("second process took a held lock")
	}
	select {
	case <-released:
	case <-time.After(10 * time.Second):
		t.Fatal("the holder was never asked to release")
	}
	got := make(chan error, 1)
	go func() { got <- second.Lock(context.Background(), func() {}) }()
	if err := first.Unlock(); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-got:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("second process never got the released lock")
	}
	second.Unlock()
}

package store

import (
	"context"
	"database/sql"
	"hash/fnv"
	"sync"
	"time"

	"github.com/tus/tusd/v2/pkg/handler"
)

// UploadLocker returns a tus upload locker shared by every server process on
// this PostgreSQL database (session advisory locks on a dedicated
// connection), or nil on SQLite, whose single machine uses file locks.
func (db *DB) UploadLocker() handler.Locker {
	if db.dialect != Postgres {
		return nil
	}
	return pgLocker{db: db, poll: 100 * time.Millisecond}
}

type pgLocker struct {
	db   *DB
	poll time.Duration
}

func (l pgLocker) NewLock(id string) (handler.Lock, error) {
	h := fnv.New64a()
	h.Write([]byte("silkbridge-upload:" + id))
	return &pgLock{l: l, id: id, key: int64(h.Sum64())}, nil
}

type pgLock struct {
	l    pgLocker
	id   string
	key  int64
	conn *sql.Conn
	stop chan struct{}
	done sync.WaitGroup
}

// Lock waits for the advisory lock. While it waits it records a release
// request, which the holder (in any process) sees and answers by ending its
// request, as tusd's lock-release protocol expects.
func (k *pgLock) Lock(ctx context.Context, requestRelease func()) error {
	conn, err := k.l.db.w.Conn(ctx)
	if err != nil {
		return handler.ErrLockTimeout
	}
	asked := false
	for {
		var ok bool
		if err := conn.QueryRowContext(ctx, `SELECT pg_try_advisory_lock($1)`, k.key).Scan(&ok); err != nil {
			conn.Close()
			if ctx.Err() != nil {
				return handler.ErrLockTimeout
			}
			return interpretError(err)
		}
		if ok {
			break
		}
		if !asked {
			asked = true
			if _, err := k.l.db.writer().exec(ctx, `INSERT INTO asset_upload_release (id, requested_at) VALUES (?, ?)
				ON CONFLICT (id) DO UPDATE SET requested_at = excluded.requested_at`, k.id, fmtTimeNow()); err != nil {
				conn.Close()
				return err
			}
		}
		select {
		case <-ctx.Done():
			conn.Close()
			return handler.ErrLockTimeout
		case <-time.After(k.l.poll):
		}
	}
	k.conn = conn
	k.stop = make(chan struct{})
	acquired := fmtTimeNow()
	k.done.Add(1)
	go k.watch(acquired, requestRelease)
	return nil
}

// watch calls requestRelease once another process asks for the lock after
// this one took it.
func (k *pgLock) watch(acquired string, requestRelease func()) {
	defer k.done.Done()
	t := time.NewTicker(4 * k.l.poll)
	defer t.Stop()
	for {
		select {
		case <-k.stop:
			return
		case <-t.C:
		}
		var at string
		err := k.l.db.reader().queryRow(context.Background(), `SELECT requested_at FROM asset_upload_release WHERE id = ?`, k.id).Scan(&at)
		if err == nil && at > acquired {
			requestRelease()
			return
		}
	}
}

func (k *pgLock) Unlock() error {
	close(k.stop)
	k.done.Wait()
	defer k.conn.Close()
	_, err := k.conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock($1)`, k.key)
	return err
}

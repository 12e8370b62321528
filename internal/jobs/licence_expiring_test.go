package jobs_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/jobs"
	"github.com/silkbridge/silkbridge/internal/rights"
	"github.com/silkbridge/silkbridge/internal/store"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
	"github.com/silkbridge/silkbridge/internal/webhook"
)

// TestLicenceExpiringAcrossRestart: the periodic sweep sends a signed
// licence.expiring webhook for a licence ending in 20 days; after a restart
// further sweeps run but send nothing again.
func TestLicenceExpiringAcrossRestart(t *testing.T) {
	storetest.ForEachEngine(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		ctx := context.Background()
		db, pg := openWithQueue(t, open)
		x := storetest.NewLicensingFixture(t, db)
		rec := &receiver{}
		srv := httptest.NewServer(rec)
		defer srv.Close()
		guard := &webhook.Guard{AllowPrivate: true}
		hook, err := webhook.NewService(db, guard).Create(storetest.As("vgtrk", auth.RoleAdmin), srv.URL, []string{"licence.expiring"})
		if err != nil {
			t.Fatal(err)
		}
		end := (rights.DayOf(time.Now()) + 20).String()
		l, err := x.Rights.AddLicence(storetest.As("cmg", auth.RoleEditor), x.Film, rights.LicenceInput{Licensee: "vgtrk",
			Terms: rights.Terms{Territories: []string{"RU"}, Media: []rights.Media{rights.SVOD}, Start: "2025-01-01", End: &end}})
		if err != nil {
			t.Fatal(err)
		}
		sweeps := func() int {
			var n int
			if err := db.Writer().QueryRowContext(ctx, `SELECT COUNT(*) FROM river_job WHERE kind = 'licence_expiring' AND state = 'completed'`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		start := func() *jobs.Queue {
			q, err := jobs.New(db.Writer(), jobs.Config{Postgres: pg, PollInterval: 50 * time.Millisecond, SweepInterval: 300 * time.Millisecond},
				jobs.Deps{Deliverer: webhook.NewDeliverer(db, guard), Licensing: x.Licensing})
			if err != nil {
				t.Fatal(err)
			}
			db.SetEnqueuer(q.EnqueueDeliveryTx)
			if err := q.Start(ctx); err != nil {
				t.Fatal(err)
			}
			return q
		}
		q1 := start()
		waitFor(t, "the licence.expiring webhook", func() bool { return rec.count() >= 1 })
		stopCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
		q1.Stop(stopCtx)
		cancel()

		before := sweeps()
		q2 := start()
		defer q2.Stop(context.Background())
		waitFor(t, "two sweeps after the restart", func() bool { return sweeps() >= before+2 })
		if n := rec.count(); n != 1 {
			t.Fatalf("the notice was sent %d times", n)
		}
		rec.mu.Lock()
		got := rec.got[0]
		rec.mu.Unlock()
		if err := webhook.Verify(hook.Secret, got.id, got.ts, got.sig, got.body, time.Now(), 5*time.Minute); err != nil {
			t.Fatalf("signature: %v", err)
		}
		var payload struct {
			Type string `json:"type"`
			Data struct {
				Licence    rights.Licence `json:"licence"`
				DaysLeft   int            `json:"days_left"`
				NoticeDays int            `json:"notice_days"`
			} `json:"data"`
		}
		if err := json.Unmarshal([]byte(got.body), &payload); err != nil {
			t.Fatal(err)
		}
		if payload.Type != "licence.expiring" || payload.Data.Licence.ID != l.ID || payload.Data.DaysLeft != 20 || payload.Data.NoticeDays != 30 {
			t.Fatalf("payload = %s", got.body)
		}
	})
}

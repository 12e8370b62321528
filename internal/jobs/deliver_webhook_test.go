package jobs_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/jobs"
	"github.com/silkbridge/silkbridge/internal/store"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
	"github.com/silkbridge/silkbridge/internal/webhook"
)

// receiver records webhook requests and fails the first `fail` of them.
type receiver struct {
	mu   sync.Mutex
	fail int
	got  []received
}

type received struct {
	id, ts, sig, body string
	status            int
}

func (r *receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	defer r.mu.Unlock()
	status := 204
	if len(r.got) < r.fail {
		status = 500
	}
	r.got = append(r.got, received{req.Header.Get("webhook-id"), req.Header.Get("webhook-timestamp"), req.Header.Get("webhook-signature"), string(body), status})
	w.WriteHeader(status)
}

func (r *receiver) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.got)
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(45 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestWebhookRetriesAcrossRestart: the first delivery attempt fails, the
// queue is stopped (a server restart), and a new queue on the same database
// retries and succeeds; every attempt is correctly signed.
func TestWebhookRetriesAcrossRestart(t *testing.T) {
	storetest.ForEachEngine(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		ctx := context.Background()
		db, pg := openWithQueue(t, open)
		svc := storetest.NewServices(db)
		storetest.SeedOrgs(t, svc)
		rec := &receiver{fail: 1}
		srv := httptest.NewServer(rec)
		defer srv.Close()
		guard := &webhook.Guard{AllowPrivate: true} // the receiver is on loopback
		hooks := webhook.NewService(db, guard)
		partnerHook, err := hooks.Create(storetest.As("vgtrk", auth.RoleAdmin), srv.URL+"/hook", []string{"title.updated"})
		if err != nil {
			t.Fatal(err)
		}
		strangerRec := &receiver{}
		stranger := httptest.NewServer(strangerRec)
		defer stranger.Close()
		if _, err := hooks.Create(storetest.As("other", auth.RoleAdmin), stranger.URL, []string{"title.updated"}); err != nil {
			t.Fatal(err)
		}

		newQueue := func() *jobs.Queue {
			q, err := jobs.New(db.Writer(), jobs.Config{Postgres: pg, PollInterval: 50 * time.Millisecond, RetryBase: 300 * time.Millisecond},
				jobs.Deps{Deliverer: webhook.NewDeliverer(db, guard)})
			if err != nil {
				t.Fatal(err)
			}
			return q
		}
		q1 := newQueue()
		db.SetEnqueuer(q1.EnqueueDeliveryTx)
		editor := storetest.As("cmg", auth.RoleEditor)
		ti, err := svc.Catalog.Create(editor, storetest.TitleFields("Partners only", catalog.VisibilityPartners))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Catalog.Patch(editor, ti.ID, map[string]any{"production_year": 2024.0}, ""); err != nil {
			t.Fatal(err)
		}
		if err := q1.Start(ctx); err != nil {
			t.Fatal(err)
		}
		waitFor(t, "first attempt", func() bool { return rec.count() >= 1 })
		stopCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
		q1.Stop(stopCtx)
		cancel()

		q2 := newQueue()
		db.SetEnqueuer(q2.EnqueueDeliveryTx)
		if err := q2.Start(ctx); err != nil {
			t.Fatal(err)
		}
		defer q2.Stop(context.Background())
		waitFor(t, "retry after restart", func() bool { return rec.count() >= 2 })

		rec.mu.Lock()
		attempts := append([]received(nil), rec.got...)
		rec.mu.Unlock()
		if attempts[0].status != 500 || attempts[1].status != 204 {
			t.Fatalf("statuses = %d, %d", attempts[0].status, attempts[1].status)
		}
		if attempts[0].id == "" || attempts[0].id != attempts[1].id {
			t.Fatalf("webhook-id must be stable across retries: %q vs %q", attempts[0].id, attempts[1].id)
		}
		for i, a := range attempts {
			if err := webhook.Verify(partnerHook.Secret, a.id, a.ts, a.sig, a.body, time.Now(), 5*time.Minute); err != nil {
				t.Fatalf("attempt %d signature: %v", i+1, err)
			}
		}
		waitFor(t, "delivery recorded as succeeded", func() bool {
			ds, _ := hooks.Deliveries(storetest.As("vgtrk", auth.RoleAdmin), partnerHook.ID)
			return len(ds) == 1 && ds[0].Status == "succeeded" && ds[0].Attempts == 2
		})
		if strangerRec.count() != 0 {
			t.Fatal("an organisation that may not read the title received its webhook")
		}
	})
}

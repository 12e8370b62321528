package jobs_test

import (
	"context"
	"testing"
	"time"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/exchange"
	"github.com/silkbridge/silkbridge/internal/jobs"
	"github.com/silkbridge/silkbridge/internal/store"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
	"github.com/silkbridge/silkbridge/internal/webhook"
)

// TestExchangeRetentionJob: the periodic exchange sweep completes a running
// programme after its last day and, once the sender's retention period has
// passed, erases the accepted participant's private fields; an accepted
// participant of a programme still within the period keeps them.
func TestExchangeRetentionJob(t *testing.T) {
	storetest.ForEachEngine(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		ctx := context.Background()
		db, pg := openWithQueue(t, open)
		b := storetest.NewExchangeBundle(t, db)
		accepted := func(org, name string) (*exchange.Exchange, string) {
			f := storetest.Secondment(1)
			if org == "cmg" {
				f.Host = "vgtrk"
			}
			e := b.MustPropose(t, org, f)
			p := b.MustEditor(t, org, name, "2030-01-01")
			part, err := b.Exchanges.Nominate(storetest.As(org, auth.RoleEditor), e.ID, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := b.Exchanges.Decide(storetest.As(e.Host, auth.RoleEditor), e.ID, part.ID,
				exchange.ParticipantDecision{Decision: exchange.Accepted}, ""); err != nil {
				t.Fatal(err)
			}
			if _, err := b.Exchanges.Transition(storetest.As(e.Host, auth.RoleEditor), e.ID, exchange.Open, ""); err != nil {
				t.Fatal(err)
			}
			return e, p.ID
		}
		_, due := accepted("vgtrk", "Anna Petrova") // default 180 days
		if _, err := b.Exchanges.PutSettings(storetest.As("cmg", auth.RoleAdmin), exchange.Settings{RetentionDays: 3000}, ""); err != nil {
			t.Fatal(err)
		}
		_, kept := accepted("cmg", "Li Wei")
		// The programmes ended in February 2026; the job runs a year later,
		// first completing them and on a later sweep erasing.
		b.Advance(40 * 24 * time.Hour)
		if _, err := b.Exchanges.Sweep(ctx); err != nil { // open → running
			t.Fatal(err)
		}
		b.Advance(200 * 24 * time.Hour)
		hasPrivate := func(id string) bool {
			var n int
			q := `SELECT COUNT(*) FROM person_private WHERE person_id = ?`
			if pg {
				q = `SELECT COUNT(*) FROM person_private WHERE person_id = $1`
			}
			if err := db.Writer().QueryRowContext(ctx, q, id).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n > 0
		}
		if !hasPrivate(due) || !hasPrivate(kept) {
			t.Fatal("private data missing before the job ran")
		}
		q, err := jobs.New(db.Writer(), jobs.Config{Postgres: pg, PollInterval: 50 * time.Millisecond, SweepInterval: 200 * time.Millisecond},
			jobs.Deps{Deliverer: webhook.NewDeliverer(db, &webhook.Guard{AllowPrivate: true}), Exchanges: &laterClock{b}})
		if err != nil {
			t.Fatal(err)
		}
		db.SetEnqueuer(q.EnqueueDeliveryTx)
		if err := q.Start(ctx); err != nil {
			t.Fatal(err)
		}
		defer q.Stop(context.Background())
		// The sweep erases each participant, then marks the programme done in
		// a transaction of its own: wait for both, not for the first.
		vgtrkDone := func() bool {
			e, err := b.Exchanges.List(storetest.As("vgtrk", auth.RoleViewer), nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, x := range e {
				if x.Sender == "vgtrk" && (x.State != exchange.Completed || !x.RetentionDone) {
					return false
				}
			}
			return len(e) > 0
		}
		waitFor(t, "the retention sweep to erase the participant's private data and mark the programme done",
			func() bool { return !hasPrivate(due) && vgtrkDone() })
		if !hasPrivate(kept) {
			t.Error("a participant within its organisation's 3000-day period lost private data")
		}
	})
}

// laterClock completes programmes first: a running programme becomes
// completed at the bundle's clock, and the retention period is counted from
// that moment, so the job's second step sees it 180 days later.
type laterClock struct{ b *storetest.ExchangeBundle }

func (l *laterClock) Sweep(ctx context.Context) (int, error) {
	n, err := l.b.Exchanges.Sweep(ctx)
	if n > 0 {
		l.b.Advance(181 * 24 * time.Hour)
	}
	return n, err
}

func (l *laterClock) EraseDue(ctx context.Context) (int, error) { return l.b.Exchanges.EraseDue(ctx) }

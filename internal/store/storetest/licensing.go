package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/audit"
	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/licensing"
	"github.com/silkbridge/silkbridge/internal/rights"
	"github.com/silkbridge/silkbridge/internal/store"
	"github.com/silkbridge/silkbridge/internal/webhook"
)

func init() { Register("Licensing", exerciseLicensing) }

// LicensingFixture is a seeded hub where cmg owns a film visible to its
// partner vgtrk (not to "other") and holds it exclusively worldwide for free
// TV and SVOD from 2025 to 2030, as the demo's Detective Chinatown 1900.
type LicensingFixture struct {
	*Services
	Rights    *rights.Service
	Licensing *licensing.Service
	Film      string
	// Clock is the licensing service's time; tests move it.
	Clock *Clock
}

// Clock is a settable time source.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// Now returns the clock's time.
func (c *Clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

// Advance moves the clock forward.
func (c *Clock) Advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// NewLicensingFixture seeds db for licensing tests.
func NewLicensingFixture(t testing.TB, db *store.DB) *LicensingFixture {
	t.Helper()
	s := NewServices(db)
	SeedOrgs(t, s)
	x := &LicensingFixture{Services: s, Rights: rights.NewService(db, s.Catalog),
		Licensing: licensing.NewService(db, s.Catalog), Clock: &Clock{t: time.Now().UTC()}}
	x.Licensing.SetClock(x.Clock.Now)
	cm := As("cmg", auth.RoleEditor)
	f := TitleFields("Detective Chinatown 1900", catalog.VisibilityPartners)
	f.OriginalLanguage = "zh"
	ti, err := s.Catalog.Create(cm, f)
	if err != nil {
		t.Fatal(err)
	}
	x.Film = ti.ID
	if _, err := x.Rights.AddHolding(cm, x.Film, rights.HoldingInput{Terms: rights.Terms{Territories: []string{"WORLD"},
		Media: []rights.Media{rights.FreeTV, rights.SVOD}, Start: "2025-01-01", End: sp("2030-12-31"), Exclusive: true}}); err != nil {
		t.Fatal(err)
	}
	return x
}

// RussianFreeTV is the demo deal's opening request: Russian free TV for the
// last four months of 2025, exclusively.
func RussianFreeTV(title string) licensing.SubmitInput {
	return licensing.SubmitInput{Title: title, Licensor: "cmg", Message: "For our autumn schedule",
		Terms: rights.Terms{Territories: []string{"RU"}, Media: []rights.Media{rights.FreeTV}, Languages: []string{"ru"},
			Start: "2025-09-01", End: sp("2025-12-31"), Exclusive: true}}
}

func codeOf(err error) apperr.Code {
	if err == nil {
		return ""
	}
	return apperr.ErrorCode(err)
}

func reasonCodes(err error) []rights.Code {
	var ae *apperr.Error
	if !errors.As(err, &ae) {
		return nil
	}
	var out []rights.Code
	for _, r := range ae.Refs {
		if rr, ok := r.(rights.Reason); ok {
			out = append(out, rr.Code)
		}
	}
	return out
}

func exerciseLicensing(t *testing.T, open func(t testing.TB) *store.DB) {
	t.Run("RequestCounterAcceptCreatesTheLicence", func(t *testing.T) { licensingDeal(t, open(t)) })
	t.Run("WhoMayMakeEachMove", func(t *testing.T) { licensingPermissions(t, open(t)) })
	t.Run("RequestsAreRefusedUpFront", func(t *testing.T) { licensingSubmitChecks(t, open(t)) })
	t.Run("ConcurrentAcceptsOfConflictingRequestsYieldOneLicence", func(t *testing.T) { licensingRace(t, open(t)) })
	t.Run("AcceptRechecksAvailability", func(t *testing.T) { licensingRecheck(t, open(t)) })
	t.Run("StaleVersionIsRefused", func(t *testing.T) { licensingIfMatch(t, open(t)) })
	t.Run("DeadlinesExpireRequests", func(t *testing.T) { licensingExpiry(t, open(t)) })
	t.Run("CommentThread", func(t *testing.T) { licensingComments(t, open(t)) })
	t.Run("ListsByDirectionAndState", func(t *testing.T) { licensingLists(t, open(t)) })
	t.Run("NotificationsAreReadAndMarkedPerOrganisation", func(t *testing.T) { licensingNotifications(t, open(t)) })
	t.Run("LicenceExpiringIsSentOncePerMark", func(t *testing.T) { licensingReminders(t, open(t)) })
}

// hooks registers a webhook endpoint for every event for cmg and vgtrk and
// returns their ids.
func hooks(t *testing.T, db *store.DB) map[string]string {
	t.Helper()
	svc := webhook.NewService(db, &webhook.Guard{AllowPrivate: true})
	out := map[string]string{}
	for _, org := range []string{"cmg", "vgtrk", "other"} {
		e, err := svc.Create(As(org, auth.RoleAdmin), "http://127.0.0.1:9/"+org, webhook.EventTypes)
		if err != nil {
			t.Fatal(err)
		}
		out[org] = e.ID
	}
	return out
}

func deliveredTypes(t *testing.T, db *store.DB, endpoint string) map[string]int {
	t.Helper()
	ds, err := db.DeliveryList(context.Background(), endpoint, 100)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, d := range ds {
		out[d.EventType]++
	}
	return out
}

func licensingDeal(t *testing.T, db *store.DB) {
	x := NewLicensingFixture(t, db)
	eps := hooks(t, db)
	vg, cm := As("vgtrk", auth.RoleEditor), As("cmg", auth.RoleEditor)
	r, err := x.Licensing.Submit(vg, RussianFreeTV(x.Film))
	if err != nil {
		t.Fatal(err)
	}
	if r.State != licensing.Submitted || r.Licensee != "vgtrk" || r.Licensor != "cmg" || r.Awaiting != "cmg" || r.Version != 1 ||
		r.Territories[0] != "RU" || *r.End != "2025-12-31" || len(r.History) != 1 {
		t.Fatalf("submitted request = %+v", r)
	}
	if d := r.Deadline.Sub(x.Clock.Now()); d < 29*24*time.Hour || d > 31*24*time.Hour {
		t.Fatalf("default deadline %v from now, want 30 days", d)
	}
	// CMG answers with shorter, non-exclusive terms.
	counter := licensing.CounterInput{Message: "Non-exclusive, until November", Terms: rights.Terms{Territories: []string{"RU"},
		Media: []rights.Media{rights.FreeTV}, Languages: []string{"ru"}, Start: "2025-09-01", End: sp("2025-11-30")}}
	r, err = x.Licensing.Counter(cm, r.ID, counter, "")
	if err != nil {
		t.Fatal(err)
	}
	if r.State != licensing.Countered || r.ProposedBy != "cmg" || r.Awaiting != "vgtrk" || r.Exclusive || *r.End != "2025-11-30" ||
		r.Version != 2 || len(r.History) != 2 || r.History[1].Action != licensing.Counter || r.History[1].Terms == nil ||
		!r.Availability.Available {
		t.Fatalf("countered request = %+v", r)
	}
	r, err = x.Licensing.Accept(vg, r.ID, licensing.Move{Message: "Agreed"})
	if err != nil {
		t.Fatal(err)
	}
	if r.State != licensing.Accepted || r.LicenceID == "" || r.Awaiting != "" || r.Availability != nil || len(r.History) != 3 {
		t.Fatalf("accepted request = %+v", r)
	}
	ls, err := x.Rights.Licences(vg, x.Film)
	if err != nil || len(ls) != 1 {
		t.Fatalf("licences = %+v, %v", ls, err)
	}
	l := ls[0]
	if l.ID != r.LicenceID || l.Licensor != "cmg" || l.Licensee != "vgtrk" || *l.End != "2025-11-30" || l.Exclusive ||
		l.Source != "request:"+r.ID || l.CreatedBy != "vgtrk-editor" {
		t.Fatalf("licence = %+v", l)
	}
	// Reading it back gives the same request with its whole history.
	got, err := x.Licensing.Get(cm, r.ID)
	if err != nil || got.State != licensing.Accepted || got.LicenceID != l.ID || len(got.History) != 3 ||
		got.History[0].Message != "For our autumn schedule" || got.History[2].Org != "vgtrk" {
		t.Fatalf("get = %+v, %v", got, err)
	}
	// Every change is in both parties' audit logs.
	for _, org := range []string{"cmg", "vgtrk"} {
		es, err := audit.NewService(db).List(As(org, auth.RoleAdmin), audit.ListParams{Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]int{}
		for _, e := range es {
			if e.EntityID == r.ID || e.EntityID == l.ID {
				seen[e.Action]++
			}
		}
		// Exactly once each: the licence's entry is written by the rights
		// change that records it, and by nothing else.
		for _, a := range []string{"request.submitted", "request.countered", "request.accepted", "licence.created"} {
			if seen[a] != 1 {
				t.Errorf("%s's audit log has %d %s: %v", org, seen[a], a, seen)
			}
		}
	}
	// Both parties' endpoints got every event; the stranger's got none.
	for _, org := range []string{"cmg", "vgtrk"} {
		got := deliveredTypes(t, db, eps[org])
		for _, ev := range []string{"request.submitted", "request.countered", "request.accepted", "licence.created"} {
			if got[ev] != 1 {
				t.Errorf("%s's endpoint got %d %s deliveries: %v", org, got[ev], ev, got)
			}
		}
	}
	if got := deliveredTypes(t, db, eps["other"]); len(got) != 0 {
		t.Errorf("an unrelated organisation heard of the deal: %v", got)
	}
	// Each move notified the other party: CMG of the request and the
	// acceptance, VGTRK of the counter.
	kinds := func(org string) []string {
		ns, err := x.Licensing.Notifications(As(org, auth.RoleViewer), licensing.NotificationParams{})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, n := range ns {
			if n.RequestID != r.ID {
				t.Fatalf("notification about another request: %+v", n)
			}
			out = append(out, n.Kind)
		}
		return out
	}
	if k := kinds("cmg"); fmt.Sprint(k) != "[request.accepted request.submitted]" {
		t.Errorf("cmg notifications = %v", k)
	}
	if k := kinds("vgtrk"); fmt.Sprint(k) != "[request.countered]" {
		t.Errorf("vgtrk notifications = %v", k)
	}
	if k := kinds("other"); len(k) != 0 {
		t.Errorf("other notifications = %v", k)
	}
}

// licensingPermissions walks every move from every open state for every
// kind of caller, and every move on every closed state.
func licensingPermissions(t *testing.T, db *store.DB) {
	x := NewLicensingFixture(t, db)
	vg, cm := As("vgtrk", auth.RoleEditor), As("cmg", auth.RoleEditor)
	// Non-exclusive terms, so that every acceptance can succeed.
	in := RussianFreeTV(x.Film)
	in.Exclusive = false
	counterTerms := licensing.CounterInput{Terms: in.Terms}
	counterTerms.End = sp("2025-10-31")
	fresh := func(state string) *licensing.Request {
		t.Helper()
		r, err := x.Licensing.Submit(vg, in)
		if err != nil {
			t.Fatal(err)
		}
		var by context.Context
		switch state {
		case "countered by licensor":
			by = cm
		case "countered back by licensee":
			if _, err := x.Licensing.Counter(cm, r.ID, counterTerms, ""); err != nil {
				t.Fatal(err)
			}
			by = vg
		}
		if by != nil {
			if r, err = x.Licensing.Counter(by, r.ID, counterTerms, ""); err != nil {
				t.Fatal(err)
			}
		}
		return r
	}
	act := func(ctx context.Context, id string, a licensing.Action) error {
		var err error
		switch a {
		case licensing.Accept:
			_, err = x.Licensing.Accept(ctx, id, licensing.Move{})
		case licensing.Decline:
			_, err = x.Licensing.Decline(ctx, id, licensing.Move{})
		case licensing.Withdraw:
			_, err = x.Licensing.Withdraw(ctx, id, licensing.Move{})
		case licensing.Counter:
			_, err = x.Licensing.Counter(ctx, id, counterTerms, "")
		}
		return err
	}
	type caller struct {
		name string
		ctx  context.Context
	}
	callers := []caller{
		{"licensor editor", cm}, {"licensor admin", As("cmg", auth.RoleAdmin)}, {"licensor viewer", As("cmg", auth.RoleViewer)},
		{"licensee editor", vg}, {"licensee viewer", As("vgtrk", auth.RoleViewer)}, {"third org admin", As("other", auth.RoleAdmin)},
	}
	// want[state][caller][action]: "" allowed, else the error code.
	const (
		ok  = apperr.Code("")
		nf  = apperr.NotFound
		fb  = apperr.Forbidden
		cfl = apperr.Conflict
	)
	actions := []licensing.Action{licensing.Accept, licensing.Counter, licensing.Decline, licensing.Withdraw}
	want := map[string]map[string][4]apperr.Code{ // accept, counter, decline, withdraw
		"submitted": {
			"licensor editor": {ok, ok, ok, fb}, "licensor admin": {ok, ok, ok, fb}, "licensor viewer": {fb, fb, fb, fb},
			"licensee editor": {fb, fb, fb, ok}, "licensee viewer": {fb, fb, fb, fb}, "third org admin": {nf, nf, nf, nf},
		},
		"countered by licensor": {
			"licensor editor": {fb, fb, ok, fb}, "licensor admin": {fb, fb, ok, fb}, "licensor viewer": {fb, fb, fb, fb},
			"licensee editor": {ok, ok, fb, ok}, "licensee viewer": {fb, fb, fb, fb}, "third org admin": {nf, nf, nf, nf},
		},
		"countered back by licensee": {
			"licensor editor": {ok, ok, ok, fb}, "licensor admin": {ok, ok, ok, fb}, "licensor viewer": {fb, fb, fb, fb},
			"licensee editor": {fb, fb, fb, ok}, "licensee viewer": {fb, fb, fb, fb}, "third org admin": {nf, nf, nf, nf},
		},
	}
	for state, byCaller := range want {
		for _, c := range callers {
			for i, a := range actions {
				r := fresh(state)
				err := act(c.ctx, r.ID, a)
				if got := codeOf(err); got != byCaller[c.name][i] {
					t.Errorf("%s: %s %s: got %q (%v), want %q", state, c.name, a, got, err, byCaller[c.name][i])
					continue
				}
				after, gerr := x.Licensing.Get(vg, r.ID)
				if gerr != nil {
					t.Fatal(gerr)
				}
				switch {
				case err != nil && after.Version != r.Version:
					t.Errorf("%s: refused %s by %s still changed the request: %+v", state, a, c.name, after)
				case err == nil && a == licensing.Counter && after.State != licensing.Countered:
					t.Errorf("%s: counter left state %s", state, after.State)
				case err == nil && a != licensing.Counter && after.State != licensing.State(a):
					t.Errorf("%s: %s left state %s", state, a, after.State)
				}
			}
		}
	}
	// Closed requests refuse every move with 409 and the state as the reason;
	// the party that could never make the move still gets 403.
	closers := map[licensing.State]func(id string) error{
		licensing.Accepted:  func(id string) error { _, err := x.Licensing.Accept(cm, id, licensing.Move{}); return err },
		licensing.Declined:  func(id string) error { _, err := x.Licensing.Decline(cm, id, licensing.Move{}); return err },
		licensing.Withdrawn: func(id string) error { _, err := x.Licensing.Withdraw(vg, id, licensing.Move{}); return err },
	}
	for st, closeIt := range closers {
		r := fresh("submitted")
		if err := closeIt(r.ID); err != nil {
			t.Fatal(err)
		}
		for _, a := range actions {
			for _, c := range []caller{{"licensor", cm}, {"licensee", vg}} {
				err := act(c.ctx, r.ID, a)
				wantCode := cfl
				if (a == licensing.Decline && c.name == "licensee") || (a == licensing.Withdraw && c.name == "licensor") {
					wantCode = fb
				}
				if codeOf(err) != wantCode {
					t.Errorf("%s request: %s by %s: %v, want %s", st, a, c.name, err, wantCode)
				}
				if wantCode == cfl {
					var ae *apperr.Error
					if !errors.As(err, &ae) || len(ae.Refs) != 1 || ae.Refs[0].(licensing.StateReason).State != st {
						t.Errorf("%s request: %s by %s: reasons %v", st, a, c.name, err)
					}
				}
			}
		}
	}
	// A third organisation cannot even read it; viewers of both parties can.
	r := fresh("submitted")
	if _, err := x.Licensing.Get(As("other", auth.RoleAdmin), r.ID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("third org read a request: %v", err)
	}
	for _, org := range []string{"cmg", "vgtrk"} {
		if _, err := x.Licensing.Get(As(org, auth.RoleViewer), r.ID); err != nil {
			t.Errorf("%s viewer cannot read: %v", org, err)
		}
	}
	if _, err := x.Licensing.Get(vg, "no-such-request"); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("unknown request: %v", err)
	}
}

func licensingSubmitChecks(t *testing.T, db *store.DB) {
	x := NewLicensingFixture(t, db)
	vg := As("vgtrk", auth.RoleEditor)
	// Licensor omitted: CMG is the only holder that can grant it.
	in := RussianFreeTV(x.Film)
	in.Licensor = ""
	r, err := x.Licensing.Submit(vg, in)
	if err != nil || r.Licensor != "cmg" {
		t.Fatalf("submit without licensor = %+v, %v", r, err)
	}
	// Theatrical rights are not held: refused with the reasons.
	in = RussianFreeTV(x.Film)
	in.Media = []rights.Media{rights.Theatrical}
	_, err = x.Licensing.Submit(vg, in)
	if !apperr.Is(err, apperr.Conflict) || fmt.Sprint(reasonCodes(err)) != "[no_rights]" {
		t.Fatalf("request for unheld media: %v (reasons %v)", err, reasonCodes(err))
	}
	in.Licensor = ""
	if _, err = x.Licensing.Submit(vg, in); !apperr.Is(err, apperr.Conflict) || len(reasonCodes(err)) == 0 {
		t.Fatalf("request for unheld media without licensor: %v", err)
	}
	// A licence already granted stands in the way of an exclusive request.
	cm := As("cmg", auth.RoleEditor)
	if _, err := x.Rights.AddLicence(cm, x.Film, rights.LicenceInput{Licensee: "Первый канал", Terms: rights.Terms{
		Territories: []string{"RU"}, Media: []rights.Media{rights.FreeTV}, Start: "2025-12-01", End: sp("2026-01-31")}}); err != nil {
		t.Fatal(err)
	}
	_, err = x.Licensing.Submit(vg, RussianFreeTV(x.Film))
	if !apperr.Is(err, apperr.Conflict) || fmt.Sprint(reasonCodes(err)) != "[non_exclusive_licence]" {
		t.Fatalf("exclusive request over a licence: %v (%v)", err, reasonCodes(err))
	}
	// Two holders that can both grant it: the licensee must choose.
	svodRU := rights.Terms{Territories: []string{"KZ"}, Media: []rights.Media{rights.AVOD}, Start: "2026-01-01"}
	if _, err := x.Rights.AddHolding(cm, x.Film, rights.HoldingInput{Terms: svodRU}); err != nil {
		t.Fatal(err)
	}
	// vgtrk does not keep CMG's film: its holding is a claim until CMG confirms it.
	claim, err := x.Rights.AddHolding(As("vgtrk", auth.RoleAdmin), x.Film, rights.HoldingInput{Terms: svodRU})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := x.Rights.ConfirmClaim(cm, x.Film, claim.ID); err != nil {
		t.Fatal(err)
	}
	ot := As("other", auth.RoleEditor)
	if _, err := x.Catalog.Patch(cm, x.Film, map[string]any{"visibility": "public"}, ""); err != nil {
		t.Fatal(err)
	}
	_, err = x.Licensing.Submit(ot, licensing.SubmitInput{Title: x.Film, Terms: svodRU})
	if !apperr.Is(err, apperr.Invalid) || err.(*apperr.Error).Fields[0].Field != "licensor" {
		t.Fatalf("two possible licensors: %v", err)
	}
	if r, err := x.Licensing.Submit(ot, licensing.SubmitInput{Title: x.Film, Licensor: "vgtrk", Terms: svodRU}); err != nil || r.Licensor != "vgtrk" {
		t.Fatalf("naming one of two: %+v, %v", r, err)
	}
	// A licensee that is itself a holder is not its own candidate licensor.
	if r, err := x.Licensing.Submit(vg, licensing.SubmitInput{Title: x.Film, Terms: svodRU}); err != nil || r.Licensor != "cmg" {
		t.Fatalf("holder asking the other holder: %+v, %v", r, err)
	}
	// Bad input names every bad field and stores nothing.
	before, _ := x.Licensing.List(vg, licensing.ListParams{})
	bad := licensing.SubmitInput{Title: "", Licensor: "vgtrk", Message: string(make([]rune, 4001)),
		Terms: rights.Terms{Territories: []string{"XX"}, Media: []rights.Media{"radio"}, Start: "2025-13-01"}}
	past := x.Clock.Now().Add(-time.Hour)
	bad.Deadline = &past
	_, err = x.Licensing.Submit(vg, bad)
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Code != apperr.Invalid {
		t.Fatalf("bad input: %v", err)
	}
	fields := map[string]bool{}
	for _, f := range ae.Fields {
		fields[f.Field] = true
	}
	for _, f := range []string{"title", "licensor", "message", "deadline", "territories[0]", "media[0]", "start"} {
		if !fields[f] {
			t.Errorf("no field error for %s: %+v", f, ae.Fields)
		}
	}
	if after, _ := x.Licensing.List(vg, licensing.ListParams{}); len(after) != len(before) {
		t.Errorf("a refused request was stored")
	}
	// Titles the caller cannot read, unknown licensors and viewers.
	if _, err := x.Catalog.Patch(cm, x.Film, map[string]any{"visibility": "private"}, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := x.Licensing.Submit(vg, RussianFreeTV(x.Film)); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("request for an unreadable title: %v", err)
	}
	if _, err := x.Catalog.Patch(cm, x.Film, map[string]any{"visibility": "partners"}, ""); err != nil {
		t.Fatal(err)
	}
	in = RussianFreeTV(x.Film)
	in.Licensor = "nobody"
	if _, err := x.Licensing.Submit(vg, in); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("unknown licensor: %v", err)
	}
	if _, err := x.Licensing.Submit(As("vgtrk", auth.RoleViewer), RussianFreeTV(x.Film)); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("viewer submitted: %v", err)
	}
}

// gatedStore holds the first transitions inside their transactions (request
// row locked, rights not yet checked) until several have arrived, so the
// race test really runs its accepts side by side instead of trusting the
// scheduler to interleave them.
type gatedStore struct {
	*store.DB
	gate *rendezvous
}

func (g gatedStore) RequestTransition(ctx context.Context, id string, decide func(r *licensing.Request) (*licensing.Transition, error)) (*licensing.Request, error) {
	return g.DB.RequestTransition(ctx, id, func(r *licensing.Request) (*licensing.Transition, error) {
		g.gate.wait()
		return decide(r)
	})
}

// rendezvous releases its first n callers together (or after a safety
// deadline, should fewer ever arrive); later callers pass straight through.
type rendezvous struct {
	mu      sync.Mutex
	n       int
	release chan struct{}
}

func newRendezvous(n int) *rendezvous { return &rendezvous{n: n, release: make(chan struct{})} }

func (g *rendezvous) wait() {
	g.mu.Lock()
	g.n--
	if g.n == 0 {
		close(g.release)
	}
	g.mu.Unlock()
	select {
	case <-g.release:
	case <-time.After(5 * time.Second):
	}
}

func licensingRace(t *testing.T, db *store.DB) {
	x := NewLicensingFixture(t, db)
	// SQLite runs one write transaction at a time, so only PostgreSQL can hold
	// several inside at once; its pool has 20 connections.
	together := 1
	if db.Dialect() == store.Postgres {
		together = 12
	}
	x.Licensing = licensing.NewService(gatedStore{db, newRendezvous(together)}, x.Catalog)
	eps := hooks(t, db)
	const n = 50
	// Fifty requests for the same exclusive terms, from two licensees; all
	// are grantable until one is accepted.
	ids := make([]string, n)
	for i := range n {
		org := "vgtrk"
		if i%2 == 1 {
			org = "other"
		}
		if i == 1 {
			if _, err := x.Catalog.Patch(As("cmg", auth.RoleEditor), x.Film, map[string]any{"visibility": "public"}, ""); err != nil {
				t.Fatal(err)
			}
		}
		r, err := x.Licensing.Submit(As(org, auth.RoleEditor), RussianFreeTV(x.Film))
		if err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
		ids[i] = r.ID
	}
	cm := As("cmg", auth.RoleEditor)
	errs := make([]error, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			_, errs[i] = x.Licensing.Accept(cm, ids[i], licensing.Move{})
		}()
	}
	close(start)
	wg.Wait()
	won := -1
	for i, err := range errs {
		switch {
		case err == nil && won >= 0:
			t.Fatalf("requests %d and %d were both accepted", won, i)
		case err == nil:
			won = i
		case !apperr.Is(err, apperr.Conflict):
			t.Fatalf("accept %d: unexpected error %v", i, err)
		case len(reasonCodes(err)) == 0 || reasonCodes(err)[0] != rights.ExclusiveLicence:
			t.Fatalf("accept %d: conflict without the exclusive licence as reason: %v", i, err)
		}
	}
	if won < 0 {
		t.Fatal("no accept succeeded")
	}
	ls, err := x.Rights.Licences(cm, x.Film)
	if err != nil || len(ls) != 1 || ls[0].Source != "request:"+ids[won] {
		t.Fatalf("licences after the race = %+v, %v", ls, err)
	}
	// One licence, so one licence.created entry in the licensor's log and one
	// delivery to each party's endpoint: the refused accepts rolled back theirs.
	es, err := audit.NewService(db).List(As("cmg", auth.RoleAdmin), audit.ListParams{Entity: "licence", Limit: 500})
	if err != nil || len(es) != 1 || es[0].Action != "licence.created" || es[0].EntityID != ls[0].ID {
		t.Fatalf("cmg's licence audit entries after the race = %+v, %v", es, err)
	}
	winner := "vgtrk"
	if won%2 == 1 {
		winner = "other"
	}
	for _, org := range []string{"cmg", winner} {
		if got := deliveredTypes(t, db, eps[org])["licence.created"]; got != 1 {
			t.Errorf("%s's endpoint got %d licence.created deliveries", org, got)
		}
	}
	// The losers are untouched and now show why they cannot be granted.
	for i, id := range ids {
		r, err := x.Licensing.Get(cm, id)
		if err != nil {
			t.Fatal(err)
		}
		if i == won {
			if r.State != licensing.Accepted || r.LicenceID != ls[0].ID {
				t.Fatalf("winner = %+v", r)
			}
			continue
		}
		if r.State != licensing.Submitted || r.Version != 1 || r.Availability == nil || r.Availability.Available ||
			r.Availability.Reasons[0].Ref != ls[0].ID {
			t.Fatalf("loser %d = %+v (availability %+v)", i, r, r.Availability)
		}
	}
}

func licensingRecheck(t *testing.T, db *store.DB) {
	x := NewLicensingFixture(t, db)
	vg, cm := As("vgtrk", auth.RoleEditor), As("cmg", auth.RoleEditor)
	r, err := x.Licensing.Submit(vg, RussianFreeTV(x.Film))
	if err != nil {
		t.Fatal(err)
	}
	// Meanwhile CMG licenses Russian free TV to someone else directly.
	l, err := x.Rights.AddLicence(cm, x.Film, rights.LicenceInput{Licensee: "Первый канал", Terms: rights.Terms{
		Territories: []string{"RU"}, Media: []rights.Media{rights.FreeTV}, Start: "2025-10-01", End: sp("2025-10-31"), Exclusive: true}})
	if err != nil {
		t.Fatal(err)
	}
	got, err := x.Licensing.Get(vg, r.ID)
	if err != nil || got.Availability == nil || got.Availability.Available || got.Availability.Reasons[0].Ref != l.ID {
		t.Fatalf("availability of the blocked request = %+v, %v", got.Availability, err)
	}
	_, err = x.Licensing.Accept(cm, r.ID, licensing.Move{})
	if !apperr.Is(err, apperr.Conflict) || fmt.Sprint(reasonCodes(err)) != "[exclusive_licence]" {
		t.Fatalf("accept over a licence: %v", err)
	}
	// A counter must be grantable too; one around the blocked month is.
	bad := licensing.CounterInput{Terms: RussianFreeTV(x.Film).Terms}
	if _, err := x.Licensing.Counter(cm, r.ID, bad, ""); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("ungrantable counter: %v", err)
	}
	good := licensing.CounterInput{Terms: RussianFreeTV(x.Film).Terms}
	good.End = sp("2025-09-30")
	if _, err := x.Licensing.Counter(cm, r.ID, good, ""); err != nil {
		t.Fatal(err)
	}
	if r, err = x.Licensing.Accept(vg, r.ID, licensing.Move{}); err != nil || r.State != licensing.Accepted {
		t.Fatalf("accepting the counter: %+v, %v", r, err)
	}
	if ls, _ := x.Rights.Licences(cm, x.Film); len(ls) != 2 {
		t.Fatalf("want the direct licence and the accepted one, got %d", len(ls))
	}
}

func licensingIfMatch(t *testing.T, db *store.DB) {
	x := NewLicensingFixture(t, db)
	vg, cm := As("vgtrk", auth.RoleEditor), As("cmg", auth.RoleEditor)
	in := RussianFreeTV(x.Film)
	in.Exclusive = false
	r, err := x.Licensing.Submit(vg, in)
	if err != nil {
		t.Fatal(err)
	}
	seen := licensing.ETag(r.Version)
	c := licensing.CounterInput{Terms: in.Terms}
	c.End = sp("2025-10-31")
	if _, err := x.Licensing.Counter(cm, r.ID, c, seen); err != nil {
		t.Fatal(err)
	}
	// VGTRK counters back; CMG, still looking at its own counter's version,
	// cannot accept terms it has not seen.
	c.End = sp("2025-12-31")
	r, err = x.Licensing.Counter(vg, r.ID, c, licensing.ETag(2))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := x.Licensing.Accept(cm, r.ID, licensing.Move{IfMatch: licensing.ETag(2)}); !apperr.Is(err, apperr.PreconditionFailed) {
		t.Fatalf("accept with a stale version: %v", err)
	}
	if ls, _ := x.Rights.Licences(cm, x.Film); len(ls) != 0 {
		t.Fatalf("a stale accept recorded a licence")
	}
	if r, err = x.Licensing.Accept(cm, r.ID, licensing.Move{IfMatch: licensing.ETag(r.Version)}); err != nil || r.State != licensing.Accepted {
		t.Fatalf("accept with the current version: %+v, %v", r, err)
	}
}

func licensingExpiry(t *testing.T, db *store.DB) {
	x := NewLicensingFixture(t, db)
	vg, cm := As("vgtrk", auth.RoleEditor), As("cmg", auth.RoleEditor)
	in := RussianFreeTV(x.Film)
	in.Exclusive = false
	soon := x.Clock.Now().Add(48 * time.Hour)
	in.Deadline = &soon
	r, err := x.Licensing.Submit(vg, in)
	if err != nil || !r.Deadline.Equal(soon.Truncate(time.Microsecond)) {
		t.Fatalf("submit with deadline = %+v, %v", r, err)
	}
	long, err := x.Licensing.Submit(vg, RussianFreeTV(x.Film))
	if err != nil {
		t.Fatal(err)
	}
	// A counter may move the deadline.
	later := x.Clock.Now().Add(10 * 24 * time.Hour)
	c := licensing.CounterInput{Terms: RussianFreeTV(x.Film).Terms, Deadline: &later}
	c.End = sp("2025-10-31")
	if long, err = x.Licensing.Counter(cm, long.ID, c, ""); err != nil || !long.Deadline.Equal(later.Truncate(time.Microsecond)) {
		t.Fatalf("counter moving the deadline = %+v, %v", long, err)
	}
	x.Clock.Advance(72 * time.Hour)
	got, err := x.Licensing.Get(cm, r.ID)
	if err != nil || got.State != licensing.Expired || got.Availability != nil {
		t.Fatalf("request past its deadline = %+v, %v", got, err)
	}
	_, err = x.Licensing.Accept(cm, r.ID, licensing.Move{})
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Code != apperr.Conflict || ae.Refs[0].(licensing.StateReason).Code != "request_expired" {
		t.Fatalf("accept after the deadline: %v", err)
	}
	list, err := x.Licensing.List(cm, licensing.ListParams{State: licensing.Expired})
	if err != nil || len(list) != 1 || list[0].ID != r.ID {
		t.Fatalf("expired list before the sweep = %+v, %v", list, err)
	}
	if list, _ := x.Licensing.List(cm, licensing.ListParams{State: licensing.Submitted}); len(list) != 0 {
		t.Fatalf("an expired request is listed as submitted: %+v", list)
	}
	n, err := x.Licensing.ExpireOverdue(context.Background())
	if err != nil || n != 1 {
		t.Fatalf("sweep expired %d, %v; want 1", n, err)
	}
	if n, _ := x.Licensing.ExpireOverdue(context.Background()); n != 0 {
		t.Fatalf("second sweep expired %d more", n)
	}
	got, _ = x.Licensing.Get(vg, r.ID)
	if got.State != licensing.Expired || got.History[len(got.History)-1].Action != licensing.Expire || got.Version != 2 {
		t.Fatalf("after the sweep = %+v", got)
	}
	if got, _ := x.Licensing.Get(vg, long.ID); got.State != licensing.Countered {
		t.Fatalf("the request with the moved deadline expired: %+v", got)
	}
	for _, org := range []string{"cmg", "vgtrk"} {
		ns, _ := x.Licensing.Notifications(As(org, auth.RoleViewer), licensing.NotificationParams{})
		if len(ns) == 0 || ns[0].Kind != "request.expired" || ns[0].RequestID != r.ID {
			t.Errorf("%s was not told of the expiry: %+v", org, ns)
		}
	}
}

func licensingComments(t *testing.T, db *store.DB) {
	x := NewLicensingFixture(t, db)
	vg, cm := As("vgtrk", auth.RoleEditor), As("cmg", auth.RoleEditor)
	r, err := x.Licensing.Submit(vg, RussianFreeTV(x.Film))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := x.Licensing.Comment(cm, r.ID, "  Dubbed or subtitled?  "); err != nil {
		t.Fatal(err)
	}
	if _, err := x.Licensing.Comment(vg, r.ID, "Dubbed, by our studio."); err != nil {
		t.Fatal(err)
	}
	if _, err := x.Licensing.Comment(As("other", auth.RoleAdmin), r.ID, "hello"); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("third org commented: %v", err)
	}
	if _, err := x.Licensing.Comment(As("cmg", auth.RoleViewer), r.ID, "hello"); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("viewer commented: %v", err)
	}
	if _, err := x.Licensing.Comment(cm, r.ID, "   "); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("empty comment: %v", err)
	}
	cs, err := x.Licensing.Comments(As("vgtrk", auth.RoleViewer), r.ID)
	if err != nil || len(cs) != 2 || cs[0].Body != "Dubbed or subtitled?" || cs[0].Org != "cmg" || cs[1].Org != "vgtrk" {
		t.Fatalf("thread = %+v, %v", cs, err)
	}
	if _, err := x.Licensing.Comments(As("other", auth.RoleAdmin), r.ID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("third org read the thread: %v", err)
	}
	ns, _ := x.Licensing.Notifications(vg, licensing.NotificationParams{})
	if len(ns) != 1 || ns[0].Kind != "request.commented" || ns[0].From != "cmg" {
		t.Errorf("vgtrk notifications = %+v", ns)
	}
}

func licensingLists(t *testing.T, db *store.DB) {
	x := NewLicensingFixture(t, db)
	vg, cm := As("vgtrk", auth.RoleEditor), As("cmg", auth.RoleEditor)
	in := RussianFreeTV(x.Film)
	in.Exclusive = false
	var ids []string
	for range 5 {
		r, err := x.Licensing.Submit(vg, in)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.ID)
	}
	if _, err := x.Licensing.Decline(cm, ids[0], licensing.Move{Message: "Not this year"}); err != nil {
		t.Fatal(err)
	}
	count := func(ctx context.Context, p licensing.ListParams) int {
		t.Helper()
		rs, err := x.Licensing.List(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		return len(rs)
	}
	checks := []struct {
		ctx  context.Context
		p    licensing.ListParams
		want int
	}{
		{cm, licensing.ListParams{Direction: "incoming"}, 5},
		{cm, licensing.ListParams{Direction: "outgoing"}, 0},
		{vg, licensing.ListParams{Direction: "outgoing"}, 5},
		{vg, licensing.ListParams{Direction: "incoming"}, 0},
		{As("vgtrk", auth.RoleViewer), licensing.ListParams{}, 5},
		{cm, licensing.ListParams{Direction: "incoming", State: licensing.Submitted}, 4},
		{cm, licensing.ListParams{State: licensing.Declined}, 1},
		{cm, licensing.ListParams{TitleID: x.Film}, 5},
		{cm, licensing.ListParams{TitleID: "other-title"}, 0},
		{As("other", auth.RoleAdmin), licensing.ListParams{}, 0},
	}
	for i, c := range checks {
		if got := count(c.ctx, c.p); got != c.want {
			t.Errorf("check %d (%+v): %d requests, want %d", i, c.p, got, c.want)
		}
	}
	// Pages run newest first without overlap.
	page1, _ := x.Licensing.List(cm, licensing.ListParams{Limit: 3})
	page2, _ := x.Licensing.List(cm, licensing.ListParams{Limit: 3, Before: page1[2].ID})
	if len(page1) != 3 || len(page2) != 2 || page1[0].ID != ids[4] || page2[1].ID != ids[0] {
		t.Fatalf("pages = %d, %d", len(page1), len(page2))
	}
	for _, p := range []licensing.ListParams{{Direction: "sideways"}, {State: "pending"}} {
		if _, err := x.Licensing.List(cm, p); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("list %+v: %v", p, err)
		}
	}
	// Open requests in a list carry their availability.
	rs, _ := x.Licensing.List(cm, licensing.ListParams{State: licensing.Submitted})
	for _, r := range rs {
		if r.Availability == nil || !r.Availability.Available {
			t.Fatalf("listed open request without availability: %+v", r)
		}
	}
}

func licensingNotifications(t *testing.T, db *store.DB) {
	x := NewLicensingFixture(t, db)
	vg := As("vgtrk", auth.RoleEditor)
	in := RussianFreeTV(x.Film)
	in.Exclusive = false
	for range 3 {
		if _, err := x.Licensing.Submit(vg, in); err != nil {
			t.Fatal(err)
		}
	}
	cmv := As("cmg", auth.RoleViewer)
	ns, err := x.Licensing.Notifications(cmv, licensing.NotificationParams{})
	if err != nil || len(ns) != 3 || ns[0].Kind != "request.submitted" || ns[0].From != "vgtrk" || ns[0].ReadAt != nil || ns[0].TitleID != x.Film {
		t.Fatalf("notifications = %+v, %v", ns, err)
	}
	if n, _ := x.Licensing.UnreadCount(cmv); n != 3 {
		t.Fatalf("unread = %d", n)
	}
	// Another organisation cannot mark them.
	if n, err := x.Licensing.MarkRead(vg, []string{ns[0].ID}); err != nil || n != 0 {
		t.Fatalf("vgtrk marked cmg's notification: %d, %v", n, err)
	}
	if n, err := x.Licensing.MarkRead(cmv, []string{ns[0].ID}); err != nil || n != 1 {
		t.Fatalf("mark one: %d, %v", n, err)
	}
	unread, _ := x.Licensing.Notifications(cmv, licensing.NotificationParams{UnreadOnly: true})
	if len(unread) != 2 {
		t.Fatalf("unread after marking one = %d", len(unread))
	}
	if n, err := x.Licensing.MarkRead(cmv, nil); err != nil || n != 2 {
		t.Fatalf("mark all: %d, %v", n, err)
	}
	if n, _ := x.Licensing.UnreadCount(cmv); n != 0 {
		t.Fatalf("unread after marking all = %d", n)
	}
	page, _ := x.Licensing.Notifications(cmv, licensing.NotificationParams{Limit: 2})
	rest, _ := x.Licensing.Notifications(cmv, licensing.NotificationParams{Limit: 2, Before: page[1].ID})
	if len(page) != 2 || len(rest) != 1 || rest[0].ReadAt == nil {
		t.Fatalf("pages = %+v / %+v", page, rest)
	}
}

func licensingReminders(t *testing.T, db *store.DB) {
	x := NewLicensingFixture(t, db)
	eps := hooks(t, db)
	cm := As("cmg", auth.RoleEditor)
	// Two licences ending 20 and 100 days from the service's today, one to
	// a hub organisation and one to an outside broadcaster.
	today := rights.DayOf(x.Clock.Now())
	if today.String() > "2030-10-01" {
		t.Skip("the fixture's holding ends in 2030")
	}
	mk := func(licensee, terr string, days int) *rights.Licence {
		end := (today + rights.Day(days)).String()
		l, err := x.Rights.AddLicence(cm, x.Film, rights.LicenceInput{Licensee: licensee, Terms: rights.Terms{
			Territories: []string{terr}, Media: []rights.Media{rights.SVOD}, Start: "2025-01-01", End: &end}})
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	soon := mk("vgtrk", "RU", 20)
	mk("Kazakh TV", "KZ", 100)
	outside := mk("Kazakh TV", "UZ", 10)
	ctx := context.Background()
	if n, err := x.Licensing.RemindExpiring(ctx); err != nil || n != 2 {
		t.Fatalf("first sweep sent %d, %v; want 2 (30-day notices)", n, err)
	}
	if n, err := x.Licensing.RemindExpiring(ctx); err != nil || n != 0 {
		t.Fatalf("second sweep sent %d, %v; want 0", n, err)
	}
	x.Clock.Advance(14 * 24 * time.Hour) // 6 and -4 days left
	if n, err := x.Licensing.RemindExpiring(ctx); err != nil || n != 1 {
		t.Fatalf("sweep at 6 days sent %d, %v; want 1 (7-day notice)", n, err)
	}
	if n, _ := x.Licensing.RemindExpiring(ctx); n != 0 {
		t.Fatalf("repeat sweep sent %d", n)
	}
	ns, _ := x.Licensing.Notifications(As("vgtrk", auth.RoleViewer), licensing.NotificationParams{})
	if len(ns) != 2 || ns[0].Kind != "licence.expiring" || ns[0].LicenceID != soon.ID || ns[0].DaysLeft != 6 || ns[1].DaysLeft != 20 {
		t.Fatalf("vgtrk notifications = %+v", ns)
	}
	cns, _ := x.Licensing.Notifications(As("cmg", auth.RoleViewer), licensing.NotificationParams{})
	if len(cns) != 3 {
		t.Fatalf("cmg got %d notices, want 3 (two for vgtrk's licence, one for the outside one %s)", len(cns), outside.ID)
	}
	if got := deliveredTypes(t, db, eps["cmg"])["licence.expiring"]; got != 3 {
		t.Errorf("cmg endpoint got %d licence.expiring deliveries, want 3", got)
	}
	if got := deliveredTypes(t, db, eps["vgtrk"])["licence.expiring"]; got != 2 {
		t.Errorf("vgtrk endpoint got %d licence.expiring deliveries, want 2", got)
	}
	if got := deliveredTypes(t, db, eps["other"]); len(got) != 0 {
		t.Errorf("other endpoint got %v", got)
	}
}

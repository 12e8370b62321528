package storetest

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/exchange"
	"github.com/silkbridge/silkbridge/internal/people"
	"github.com/silkbridge/silkbridge/internal/store"
)

func init() { Register("Exchanges", exerciseExchanges) }

func exerciseExchanges(t *testing.T, open func(t testing.TB) *store.DB) {
	t.Run("LifecycleAuditedAndNotified", func(t *testing.T) { exerciseExchangeLifecycle(t, open) })
	t.Run("BadInputNamesFieldAndStoresNothing", func(t *testing.T) { exerciseExchangeBadInput(t, open) })
	t.Run("ParticipantsRules", func(t *testing.T) { exerciseExchangeParticipants(t, open) })
	t.Run("Itinerary", func(t *testing.T) { exerciseExchangeItinerary(t, open) })
	t.Run("PrivateFieldsAccessMatrix", func(t *testing.T) { exerciseExchangePrivate(t, open) })
	t.Run("RetentionErasesAfterPeriod", func(t *testing.T) { exerciseExchangeRetention(t, open) })
	t.Run("CalendarMovesStates", func(t *testing.T) { exerciseExchangeSweep(t, open) })
	t.Run("LetterTemplates", func(t *testing.T) { exerciseExchangeLetters(t, open) })
}

// ExchangeToday is the fixed day the exchange fixtures run on.
var ExchangeToday = time.Date(2026, 1, 10, 9, 0, 0, 0, time.UTC)

// ExchangeBundle is a database with people and exchanges wired over it.
type ExchangeBundle struct {
	*PeopleBundle
	Exchanges *exchange.Service
	clock     time.Time
}

// NewExchangeBundle seeds organisations and wires people (with the
// exchange domain as their hosts) and exchanges on a fixed clock.
func NewExchangeBundle(t testing.TB, db *store.DB) *ExchangeBundle {
	b := &ExchangeBundle{PeopleBundle: NewPeopleBundle(t, db), clock: ExchangeToday}
	b.People.SetHosts(exchange.Hosts{Store: db})
	b.Exchanges = exchange.NewService(db, b.People)
	b.Exchanges.SetClock(func() time.Time { return b.clock })
	return b
}

// Advance moves the exchange clock on.
func (b *ExchangeBundle) Advance(d time.Duration) { b.clock = b.clock.Add(d) }

// Secondment returns valid fields for a two-week secondment of vgtrk to cmg in February 2026.
func Secondment(places int) exchange.ProgrammeFields {
	return exchange.ProgrammeFields{Kind: "secondment", Host: "cmg", City: "Beijing", Country: "cn", Start: "2026-02-02", End: "2026-02-15", Places: places,
		Localizations: map[string]exchange.Text{"en": {Title: "News desk secondment", Purpose: "Two weeks at the international news desk"},
			"ru": {Title: "Стажировка в редакции новостей"}, "zh-Hans": {Title: "新闻编辑部借调"}}}
}

// MustPropose creates a programme as an editor of org.
func (b *ExchangeBundle) MustPropose(t testing.TB, org string, f exchange.ProgrammeFields) *exchange.Exchange {
	t.Helper()
	e, err := b.Exchanges.Create(As(org, auth.RoleEditor), f)
	if err != nil {
		t.Fatalf("propose: %v", err)
	}
	return e
}

// MustEditor creates a person of org (as its admin) with private data.
func (b *ExchangeBundle) MustEditor(t testing.TB, org, name, passportExpiry string) *people.Person {
	t.Helper()
	return b.MustCreatePerson(t, As(org, auth.RoleAdmin), people.PersonFields{Localizations: names("en", name), Org: org,
		Roles: []people.PersonRole{"editor"}, Visibility: "partners",
		Private: &people.PrivateData{PassportNumber: "P" + strings.ReplaceAll(name, " ", ""), PassportExpiry: passportExpiry, Phone: "+7 495 000 00 00"}})
}

func wantField(t *testing.T, err error, code apperr.Code, field string) {
	t.Helper()
	if !apperr.Is(err, code) {
		t.Fatalf("got %v, want %s", err, code)
	}
	var ae *apperr.Error
	ae, _ = err.(*apperr.Error)
	for _, f := range ae.Fields {
		if f.Field == field {
			return
		}
	}
	t.Fatalf("error %v does not name %s", err, field)
}

func countRows(t *testing.T, db *store.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.Writer().QueryRowContext(context.Background(), rebindTest(db, q), args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// rebindTest turns ? into $n on PostgreSQL.
func rebindTest(db *store.DB, q string) string {
	if db.Dialect() != store.Postgres {
		return q
	}
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteString("$" + string(rune('0'+n)))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func exerciseExchangeLifecycle(t *testing.T, open func(t testing.TB) *store.DB) {
	db := open(t)
	b := NewExchangeBundle(t, db)
	ends := hooks(t, db)
	e := b.MustPropose(t, "vgtrk", Secondment(2))
	if e.State != exchange.Proposed || e.Sender != "vgtrk" || e.Country != "CN" {
		t.Fatalf("proposed = %+v", e)
	}
	// The sender cannot agree on the host's behalf; the host can; others do not see it.
	if _, err := b.Exchanges.Transition(As("vgtrk", auth.RoleEditor), e.ID, exchange.Open, ""); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("sender opened: %v", err)
	}
	if _, err := b.Exchanges.Get(As("other", auth.RoleAdmin), e.ID, nil); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("third org read: %v", err)
	}
	if _, err := b.Exchanges.Transition(As("cmg", auth.RoleEditor), e.ID, exchange.Open, `"v9"`); !apperr.Is(err, apperr.PreconditionFailed) {
		t.Errorf("stale If-Match: %v", err)
	}
	got, err := b.Exchanges.Transition(As("cmg", auth.RoleEditor), e.ID, exchange.Open, `"v1"`)
	if err != nil || got.State != exchange.Open || got.Version != 2 {
		t.Fatalf("open: %+v %v", got, err)
	}
	// Running only from the first day; then completed; cancelling too late is refused.
	if _, err := b.Exchanges.Transition(As("vgtrk", auth.RoleEditor), e.ID, exchange.Running, ""); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("started early: %v", err)
	}
	b.Advance(24 * 24 * time.Hour) // 2026-02-03
	if _, err := b.Exchanges.Transition(As("vgtrk", auth.RoleEditor), e.ID, exchange.Cancelled, ""); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("cancelled after start: %v", err)
	}
	if _, err := b.Exchanges.Transition(As("vgtrk", auth.RoleEditor), e.ID, exchange.Running, ""); err != nil {
		t.Fatal(err)
	}
	done, err := b.Exchanges.Transition(As("cmg", auth.RoleAdmin), e.ID, exchange.Completed, "")
	if err != nil || done.CompletedAt == nil {
		t.Fatalf("complete: %+v %v", done, err)
	}
	for _, org := range []string{"vgtrk", "cmg"} {
		wantCounts(t, org+" audit", auditCounts(t, db, org, e.ID), map[string]int{
			"exchange.proposed": 1, "exchange.open": 1, "exchange.running": 1, "exchange.completed": 1})
	}
	// Each step notifies the other party only.
	if n := countRows(t, db, `SELECT COUNT(*) FROM notifications WHERE org = ? AND kind LIKE 'exchange.%'`, "cmg"); n != 2 {
		t.Errorf("cmg notifications = %d, want 2 (proposed, running)", n)
	}
	if n := countRows(t, db, `SELECT COUNT(*) FROM notifications WHERE org = ? AND kind LIKE 'exchange.%'`, "vgtrk"); n != 2 {
		t.Errorf("vgtrk notifications = %d, want 2 (open, completed)", n)
	}
	// Both parties' endpoints get every step as a webhook; a third organisation's none.
	for _, org := range []string{"vgtrk", "cmg"} {
		wantCounts(t, org+" webhooks", deliveredTypes(t, db, ends[org]), map[string]int{
			"exchange.proposed": 1, "exchange.open": 1, "exchange.running": 1, "exchange.completed": 1})
	}
	if got := deliveredTypes(t, db, ends["other"]); len(got) != 0 {
		t.Errorf("third organisation's endpoint got %v", got)
	}
	// A second programme is cancelled by the host before the start.
	e2 := b.MustPropose(t, "vgtrk", Secondment(1))
	e2.Start, e2.End = "2026-06-01", "2026-06-10"
	if _, err := b.Exchanges.Patch(As("vgtrk", auth.RoleEditor), e2.ID, map[string]any{"start": "2026-06-01", "end": "2026-06-10"}, `"v1"`); err != nil {
		t.Fatal(err)
	}
	if c, err := b.Exchanges.Transition(As("cmg", auth.RoleEditor), e2.ID, exchange.Cancelled, ""); err != nil || c.State != exchange.Cancelled {
		t.Fatalf("host cancel: %+v %v", c, err)
	}
	list, err := b.Exchanges.List(As("cmg", auth.RoleViewer), []string{"zh-Hans"})
	if err != nil || len(list) != 2 || list[0].DisplayTitle != "新闻编辑部借调" {
		t.Fatalf("host list = %v %v", list, err)
	}
	if list, _ := b.Exchanges.List(As("other", auth.RoleAdmin), nil); len(list) != 0 {
		t.Errorf("third org lists %d", len(list))
	}
}

func exerciseExchangeBadInput(t *testing.T, open func(t testing.TB) *store.DB) {
	db := open(t)
	b := NewExchangeBundle(t, db)
	ed := As("vgtrk", auth.RoleEditor)
	long := strings.Repeat("Щ", 10000)
	cases := []struct {
		name, field string
		edit        func(*exchange.ProgrammeFields)
	}{
		{"end before start", "end", func(f *exchange.ProgrammeFields) { f.End = "2026-01-31" }},
		{"host not a partner", "host_org", func(f *exchange.ProgrammeFields) { f.Host = "other" }},
		{"host is the sender", "host_org", func(f *exchange.ProgrammeFields) { f.Host = "vgtrk" }},
		{"unknown kind", "kind", func(f *exchange.ProgrammeFields) { f.Kind = "holiday" }},
		{"10,000-character title", "localizations.en.title", func(f *exchange.ProgrammeFields) { f.Localizations["en"] = exchange.Text{Title: long} }},
		{"no places", "places", func(f *exchange.ProgrammeFields) { f.Places = 0 }},
		{"bad date", "start", func(f *exchange.ProgrammeFields) { f.Start = "2026-02-30" }},
		{"bad country", "country", func(f *exchange.ProgrammeFields) { f.Country = "Russia" }},
		{"bad language tag", "localizations.x!", func(f *exchange.ProgrammeFields) { f.Localizations["x!"] = exchange.Text{Title: "x"} }},
	}
	for _, c := range cases {
		f := Secondment(2)
		c.edit(&f)
		_, err := b.Exchanges.Create(ed, f)
		wantField(t, err, apperr.Invalid, c.field)
	}
	if _, err := b.Exchanges.Create(As("vgtrk", auth.RoleViewer), Secondment(2)); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("viewer proposed: %v", err)
	}
	if n := countRows(t, db, `SELECT COUNT(*) FROM exchanges`); n != 0 {
		t.Errorf("%d exchanges stored after refusals", n)
	}
	// A bad patch changes nothing.
	e := b.MustPropose(t, "vgtrk", Secondment(2))
	_, err := b.Exchanges.Patch(ed, e.ID, map[string]any{"end": "2025-01-01"}, "")
	wantField(t, err, apperr.Invalid, "end")
	if got, _ := b.Exchanges.Get(ed, e.ID, nil); got.Version != 1 || got.End != "2026-02-15" {
		t.Errorf("after a refused patch: %+v", got)
	}
	_, err = b.Exchanges.Patch(As("cmg", auth.RoleAdmin), e.ID, map[string]any{"coordinators": []any{"not an address"}}, "")
	wantField(t, err, apperr.Invalid, "coordinators[0]")
}

func exerciseExchangeParticipants(t *testing.T, open func(t testing.TB) *store.DB) {
	db := open(t)
	b := NewExchangeBundle(t, db)
	ends := hooks(t, db)
	e := b.MustPropose(t, "vgtrk", Secondment(1))
	anna := b.MustEditor(t, "vgtrk", "Anna Petrova", "2030-01-01")
	ivan := b.MustEditor(t, "vgtrk", "Ivan Sokolov", "2026-02-10") // expires mid-programme
	oleg := b.MustEditor(t, "vgtrk", "Oleg Orlov", "")
	li := b.MustEditor(t, "cmg", "Li Wei", "")
	third := b.MustEditor(t, "other", "Hans Weber", "")
	ed := As("vgtrk", auth.RoleEditor)
	for _, p := range []*people.Person{li, third} {
		_, err := b.Exchanges.Nominate(ed, e.ID, p.ID)
		wantField(t, err, apperr.Invalid, "person")
	}
	if _, err := b.Exchanges.Nominate(As("cmg", auth.RoleEditor), e.ID, li.ID); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("host nominated: %v", err)
	}
	if n := countRows(t, db, `SELECT COUNT(*) FROM exchange_participants`); n != 0 {
		t.Fatalf("%d participants stored after refusals", n)
	}
	pa, err := b.Exchanges.Nominate(ed, e.ID, anna.ID)
	if err != nil || len(pa.Warnings) != 0 {
		t.Fatalf("nominate anna: %+v %v", pa, err)
	}
	pi, err := b.Exchanges.Nominate(ed, e.ID, ivan.ID)
	if err != nil || len(pi.Warnings) != 1 || pi.Warnings[0].Code != exchange.CodePassportExpires {
		t.Fatalf("nominate ivan: want a passport warning, got %+v %v", pi, err)
	}
	if strings.Contains(pi.Warnings[0].Message, "2026-02-10") {
		t.Errorf("the warning shows the passport's date: %q", pi.Warnings[0].Message)
	}
	po, _ := b.Exchanges.Nominate(ed, e.ID, oleg.ID)
	if _, err := b.Exchanges.Nominate(ed, e.ID, anna.ID); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("nominated twice: %v", err)
	}
	host := As("cmg", auth.RoleEditor)
	if _, err := b.Exchanges.Decide(ed, e.ID, pa.ID, exchange.ParticipantDecision{Decision: exchange.Accepted}, ""); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("sender accepted: %v", err)
	}
	_, err = b.Exchanges.Decide(host, e.ID, pa.ID, exchange.ParticipantDecision{Decision: "maybe"}, "")
	wantField(t, err, apperr.Invalid, "decision")
	if got, err := b.Exchanges.Decide(host, e.ID, pa.ID, exchange.ParticipantDecision{Decision: exchange.Accepted, Comment: "Welcome"}, `"v1"`); err != nil || got.Status != exchange.Accepted {
		t.Fatalf("accept: %+v %v", got, err)
	}
	if got, err := b.Exchanges.Decide(host, e.ID, pi.ID, exchange.ParticipantDecision{Decision: exchange.Declined, Comment: "Passport"}, ""); err != nil || got.Comment != "Passport" {
		t.Fatalf("decline: %+v %v", got, err)
	}
	_, err = b.Exchanges.Decide(host, e.ID, po.ID, exchange.ParticipantDecision{Decision: exchange.Accepted}, "")
	wantField(t, err, apperr.Conflict, "decision") // one place only
	// Either side withdraws before the start.
	if got, err := b.Exchanges.Withdraw(host, e.ID, po.ID, "No place", ""); err != nil || got.Status != exchange.Withdrawn {
		t.Fatalf("host withdraw: %+v %v", got, err)
	}
	if _, err := b.Exchanges.Withdraw(ed, e.ID, pa.ID, "", ""); err != nil {
		t.Fatalf("sender withdraw: %v", err)
	}
	got, _ := b.Exchanges.Get(As("vgtrk", auth.RoleViewer), e.ID, nil)
	status := map[string]exchange.ParticipantStatus{}
	for _, p := range got.Participants {
		status[p.Name] = p.Status
	}
	if status["Anna Petrova"] != exchange.Withdrawn || status["Ivan Sokolov"] != exchange.Declined || status["Oleg Orlov"] != exchange.Withdrawn {
		t.Errorf("statuses = %v", status)
	}
	for _, org := range []string{"vgtrk", "cmg"} {
		wantCounts(t, org+" audit of anna", auditCounts(t, db, org, pa.ID), map[string]int{
			"participant.nominated": 1, "participant.accepted": 1, "participant.withdrawn": 1})
	}
	if n := countRows(t, db, `SELECT COUNT(*) FROM notifications WHERE org = ? AND kind = 'participant.nominated'`, "cmg"); n != 3 {
		t.Errorf("cmg nomination notices = %d, want 3", n)
	}
	if n := countRows(t, db, `SELECT COUNT(*) FROM notifications WHERE org = ? AND kind IN ('participant.accepted', 'participant.declined')`, "vgtrk"); n != 2 {
		t.Errorf("vgtrk decision notices = %d, want 2", n)
	}
	wantCounts(t, "cmg webhooks", deliveredTypes(t, db, ends["cmg"]), map[string]int{"exchange.proposed": 1,
		"participant.nominated": 3, "participant.accepted": 1, "participant.declined": 1, "participant.withdrawn": 2})
	if n := countRows(t, db, `SELECT COUNT(*) FROM webhook_deliveries WHERE payload LIKE ?`, "%Petrova%"); n != 0 {
		t.Errorf("%d webhook payloads hold a participant's name", n)
	}
	// Audit entries and webhook payloads hold no personal data.
	if n := countRows(t, db, `SELECT COUNT(*) FROM audit_log WHERE changes LIKE ?`, "%Petrova%"); n != 0 {
		t.Errorf("%d audit entries hold a participant's name", n)
	}
	// After the start nobody withdraws.
	b.Advance(30 * 24 * time.Hour)
	pn, err := b.Exchanges.Nominate(ed, e.ID, oleg.ID)
	if err == nil {
		t.Errorf("nominated a withdrawn person again: %+v", pn)
	}
}

func exerciseExchangeItinerary(t *testing.T, open func(t testing.TB) *store.DB) {
	b := NewExchangeBundle(t, open(t))
	e := b.MustPropose(t, "vgtrk", Secondment(2))
	anna := b.MustEditor(t, "vgtrk", "Anna Petrova", "")
	p, _ := b.Exchanges.Nominate(As("vgtrk", auth.RoleEditor), e.ID, anna.ID)
	host := As("cmg", auth.RoleEditor)
	item := func(kind, start, tz string) exchange.Item {
		return exchange.Item{Kind: exchange.ItemKind(kind), Start: start, Timezone: tz, Localizations: map[string]exchange.ItemText{
			"en": {Title: kind + " en"}, "ru": {Title: kind + " ru"}, "zh-Hans": {Title: kind + " zh"}}}
	}
	if _, err := b.Exchanges.SetItinerary(host, e.ID, p.ID, []exchange.Item{item("arrival", "2026-02-02T10:00", "Asia/Shanghai")}, "", nil); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("itinerary of a nominee: %v", err)
	}
	b.Exchanges.Decide(host, e.ID, p.ID, exchange.ParticipantDecision{Decision: exchange.Accepted}, "")
	bad := []struct {
		field string
		items []exchange.Item
	}{
		{"itinerary[0].timezone", []exchange.Item{item("arrival", "2026-02-02T10:00", "Mars/Olympus")}},
		{"itinerary[0].start", []exchange.Item{item("arrival", "2026-03-29T02:30", "Europe/Berlin")}}, // clocks skip it
		{"itinerary[0].kind", []exchange.Item{item("party", "2026-02-02T10:00", "Asia/Shanghai")}},
		{"itinerary[0].screening_id", []exchange.Item{func() exchange.Item {
			it := item("screening", "2026-02-03T19:00", "Asia/Shanghai")
			it.ScreeningID = "no-such-screening"
			return it
		}()}},
	}
	for _, c := range bad {
		_, err := b.Exchanges.SetItinerary(host, e.ID, p.ID, c.items, "", nil)
		wantField(t, err, apperr.Invalid, c.field)
	}
	if _, err := b.Exchanges.SetItinerary(As("vgtrk", auth.RoleEditor), e.ID, p.ID, nil, "", nil); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("sender wrote the itinerary: %v", err)
	}
	dep := item("departure", "2026-02-15T09:00", "Asia/Shanghai")
	arr := item("arrival", "2026-02-02T06:30", "Asia/Shanghai")
	fly := item("meeting", "2026-02-01T21:00", "Europe/Moscow") // leaves Moscow the evening before
	got, err := b.Exchanges.SetItinerary(host, e.ID, p.ID, []exchange.Item{dep, arr, fly}, "", []string{"ru"})
	if err != nil {
		t.Fatal(err)
	}
	if got.Itinerary[0].Kind != "meeting" || got.Itinerary[0].StartUTC != time.Date(2026, 2, 1, 18, 0, 0, 0, time.UTC) ||
		got.Itinerary[1].StartUTC != time.Date(2026, 2, 1, 22, 30, 0, 0, time.UTC) || got.Itinerary[0].DisplayTitle != "meeting ru" {
		t.Errorf("itinerary = %+v", got.Itinerary)
	}
	_, pz, err := b.Exchanges.Participant(As("vgtrk", auth.RoleViewer), e.ID, p.ID, []string{"zh-Hans"})
	if err != nil || len(pz.Itinerary) != 3 || pz.Itinerary[2].DisplayTitle != "departure zh" {
		t.Fatalf("read back in Chinese: %+v %v", pz, err)
	}
	ics := exchange.ICalendar(&exchange.Exchange{ID: e.ID, ProgrammeFields: e.ProgrammeFields}, pz, ExchangeToday)
	for _, want := range []string{"BEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai", "TZID:Europe/Moscow", "DTSTART;TZID=Europe/Moscow:20260201T210000", "SUMMARY:departure zh"} {
		if !strings.Contains(ics, want) {
			t.Errorf("iCalendar lacks %q:\n%s", want, ics)
		}
	}
	for _, line := range strings.Split(ics, "\r\n") {
		if len(line) > 75 {
			t.Errorf("unfolded line of %d octets", len(line))
		}
	}
}

func exerciseExchangePrivate(t *testing.T, open func(t testing.TB) *store.DB) {
	db := open(t)
	b := NewExchangeBundle(t, db)
	anna := b.MustEditor(t, "vgtrk", "Anna Petrova", "2030-01-01")
	coord := "coordinator@cmg.example"
	type reader struct {
		name string
		ctx  context.Context
	}
	readers := []reader{
		{"home admin", As("vgtrk", auth.RoleAdmin)},
		{"home editor", As("vgtrk", auth.RoleEditor)},
		{"host admin", As("cmg", auth.RoleAdmin)},
		{"host editor", As("cmg", auth.RoleEditor)},
		{"host coordinator (user)", User("cmg", auth.RoleViewer, coord)},
		{"host coordinator's address on a token", auth.WithPrincipal(context.Background(), &auth.Principal{Org: "cmg", Role: auth.RoleViewer, TokenID: "t1", Name: coord})},
		{"host user not named", User("cmg", auth.RoleViewer, "someone@cmg.example")},
		{"third org admin", As("other", auth.RoleAdmin)},
		{"third org user with the coordinator's address", User("other", auth.RoleViewer, coord)},
	}
	check := func(stage string, want map[string]bool) {
		t.Helper()
		for _, r := range readers {
			p, err := b.People.Get(r.ctx, anna.ID, nil)
			sees := err == nil && p.Private != nil && p.Private.PassportNumber != ""
			if sees != want[r.name] {
				t.Errorf("%s: %s sees private fields = %v, want %v (err %v)", stage, r.name, sees, want[r.name], err)
			}
		}
	}
	check("no exchange", map[string]bool{"home admin": true})
	e := b.MustPropose(t, "vgtrk", Secondment(2))
	p, _ := b.Exchanges.Nominate(As("vgtrk", auth.RoleEditor), e.ID, anna.ID)
	check("nominated", map[string]bool{"home admin": true, "host admin": true})
	if _, err := b.Exchanges.Patch(As("cmg", auth.RoleEditor), e.ID, map[string]any{"coordinators": []any{coord}}, ""); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("host editor named coordinators: %v", err)
	}
	if _, err := b.Exchanges.Patch(As("vgtrk", auth.RoleAdmin), e.ID, map[string]any{"coordinators": []any{coord}}, ""); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("sender admin named host coordinators: %v", err)
	}
	got, err := b.Exchanges.Patch(As("cmg", auth.RoleAdmin), e.ID, map[string]any{"coordinators": []any{"Coordinator@CMG.example"}}, "")
	if err != nil || !slices.Equal(got.Coordinators, []string{coord}) {
		t.Fatalf("name coordinators: %+v %v", got, err)
	}
	if s, _ := b.Exchanges.Get(As("vgtrk", auth.RoleAdmin), e.ID, nil); len(s.Coordinators) != 0 {
		t.Errorf("sender sees the host's coordinators: %v", s.Coordinators)
	}
	both := map[string]bool{"home admin": true, "host admin": true, "host coordinator (user)": true}
	check("coordinator named", both)
	// Every read by the host is audited under the person's home organisation, naming fields only.
	before := auditCounts(t, db, "vgtrk", anna.ID)["person.private_read"]
	b.People.Get(As("cmg", auth.RoleAdmin), anna.ID, nil)
	b.People.Get(User("cmg", auth.RoleViewer, coord), anna.ID, nil)
	if after := auditCounts(t, db, "vgtrk", anna.ID)["person.private_read"]; after != before+2 {
		t.Errorf("private reads audited %d → %d, want +2", before, after)
	}
	// A declined participant's data closes to the host again.
	b.Exchanges.Decide(As("cmg", auth.RoleEditor), e.ID, p.ID, exchange.ParticipantDecision{Decision: exchange.Declined}, "")
	check("declined", map[string]bool{"home admin": true})
}

func exerciseExchangeRetention(t *testing.T, open func(t testing.TB) *store.DB) {
	db := open(t)
	b := NewExchangeBundle(t, db)
	run := func(org string, days int) (*exchange.Exchange, *people.Person) {
		e := b.MustPropose(t, org, func() exchange.ProgrammeFields {
			f := Secondment(1)
			if org == "cmg" {
				f.Host = "vgtrk"
			}
			return f
		}())
		person := b.MustEditor(t, org, "Editor of "+org, "2030-01-01")
		p, err := b.Exchanges.Nominate(As(org, auth.RoleEditor), e.ID, person.ID)
		if err != nil {
			t.Fatal(err)
		}
		host := e.Host
		if _, err := b.Exchanges.Decide(As(host, auth.RoleEditor), e.ID, p.ID, exchange.ParticipantDecision{Decision: exchange.Accepted}, ""); err != nil {
			t.Fatal(err)
		}
		if days > 0 {
			if _, err := b.Exchanges.PutSettings(As(org, auth.RoleAdmin), exchange.Settings{RetentionDays: days}, ""); err != nil {
				t.Fatal(err)
			}
		}
		b.Exchanges.Transition(As(host, auth.RoleEditor), e.ID, exchange.Open, "")
		return e, person
	}
	short, annaP := run("vgtrk", 0) // default 180 days
	long, liP := run("cmg", 400)
	b.Advance(40 * 24 * time.Hour) // 2026-02-19: both ended
	if n, err := b.Exchanges.Sweep(context.Background()); err != nil || n != 2 {
		t.Fatalf("sweep to running = %d %v", n, err)
	}
	if n, err := b.Exchanges.Sweep(context.Background()); err != nil || n != 2 {
		t.Fatalf("sweep to completed = %d %v", n, err)
	}
	_ = short
	_ = long
	private := func(p *people.Person) bool {
		got, err := db.PersonGet(context.Background(), p.ID)
		return err == nil && !got.Private.Empty()
	}
	b.Advance(179 * 24 * time.Hour)
	if n, err := b.Exchanges.EraseDue(context.Background()); err != nil || n != 0 || !private(annaP) {
		t.Fatalf("erased before 180 days: %d %v", n, err)
	}
	b.Advance(2 * 24 * time.Hour)
	if n, err := b.Exchanges.EraseDue(context.Background()); err != nil || n != 1 {
		t.Fatalf("erase after 181 days = %d %v", n, err)
	}
	if private(annaP) || !private(liP) {
		t.Errorf("after 181 days: vgtrk editor private=%v (want false), cmg editor (400 days) private=%v (want true)", private(annaP), private(liP))
	}
	if n := countRows(t, db, `SELECT COUNT(*) FROM person_private WHERE person_id = ?`, annaP.ID); n != 0 {
		t.Errorf("person_private still holds %d rows", n)
	}
	if n, _ := b.Exchanges.EraseDue(context.Background()); n != 0 {
		t.Errorf("erased again: %d", n)
	}
	wantCounts(t, "retention audit", map[string]int{"exchange.private_data_erased": auditCounts(t, db, "vgtrk", short.ID)["exchange.private_data_erased"]},
		map[string]int{"exchange.private_data_erased": 1})
	if _, err := b.Exchanges.PutSettings(As("vgtrk", auth.RoleEditor), exchange.Settings{RetentionDays: 30}, ""); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("editor changed retention: %v", err)
	}
	_, err := b.Exchanges.PutSettings(As("vgtrk", auth.RoleAdmin), exchange.Settings{RetentionDays: 99999}, "")
	wantField(t, err, apperr.Invalid, "retention_days")
}

func exerciseExchangeSweep(t *testing.T, open func(t testing.TB) *store.DB) {
	b := NewExchangeBundle(t, open(t))
	proposed := b.MustPropose(t, "vgtrk", Secondment(1))
	opened := b.MustPropose(t, "vgtrk", Secondment(1))
	b.Exchanges.Transition(As("cmg", auth.RoleEditor), opened.ID, exchange.Open, "")
	b.Advance(23 * 24 * time.Hour) // 2026-02-02, the first day
	if n, err := b.Exchanges.Sweep(context.Background()); err != nil || n != 1 {
		t.Fatalf("sweep = %d %v", n, err)
	}
	ctx := As("vgtrk", auth.RoleViewer)
	if e, _ := b.Exchanges.Get(ctx, opened.ID, nil); e.State != exchange.Running {
		t.Errorf("open programme on its first day: %s", e.State)
	}
	if e, _ := b.Exchanges.Get(ctx, proposed.ID, nil); e.State != exchange.Proposed {
		t.Errorf("a proposal the host never agreed moved: %s", e.State)
	}
	b.Advance(13 * 24 * time.Hour) // 2026-02-15, the last day
	if n, _ := b.Exchanges.Sweep(context.Background()); n != 0 {
		t.Errorf("completed on its last day")
	}
	b.Advance(24 * time.Hour)
	if n, _ := b.Exchanges.Sweep(context.Background()); n != 1 {
		t.Errorf("not completed after its last day")
	}
}

func exerciseExchangeLetters(t *testing.T, open func(t testing.TB) *store.DB) {
	db := open(t)
	b := NewExchangeBundle(t, db)
	admin := As("cmg", auth.RoleAdmin)
	_, err := b.Exchanges.PutSettings(admin, exchange.Settings{Letters: map[string]string{"en": "Dear {{name}}, {{ .Secret }} {{printf}}"}}, "")
	wantField(t, err, apperr.Invalid, "letters.en")
	if s, _ := b.Exchanges.Settings(admin); s.Version != 0 {
		t.Errorf("a refused template was stored: %+v", s)
	}
	if _, err := b.Exchanges.PutSettings(admin, exchange.Settings{Letters: map[string]string{
		"zh-Hans": "尊敬的{{name}}：欢迎参加“{{programme}}”，{{dates}}。<script>alert(1)</script>"}}, ""); err != nil {
		t.Fatal(err)
	}
	e := b.MustPropose(t, "vgtrk", Secondment(1))
	anna := b.MustCreatePerson(t, As("vgtrk", auth.RoleAdmin), people.PersonFields{Localizations: names("ru", "Анна Петрова", "zh-Hans", "安娜·彼得罗娃"),
		Org: "vgtrk", Languages: []string{"ru"}, Visibility: "partners"})
	p, _ := b.Exchanges.Nominate(As("vgtrk", auth.RoleEditor), e.ID, anna.ID)
	if _, err := b.Exchanges.Letter(As("vgtrk", auth.RoleViewer), db, e.ID, p.ID); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("letter for a nominee: %v", err)
	}
	b.Exchanges.Decide(As("cmg", auth.RoleEditor), e.ID, p.ID, exchange.ParticipantDecision{Decision: exchange.Accepted}, "")
	l, err := b.Exchanges.Letter(As("vgtrk", auth.RoleViewer), db, e.ID, p.ID)
	if err != nil || len(l.Sides) != 2 || l.Sides[0].Language != "zh-Hans" || l.Sides[1].Language != "ru" {
		t.Fatalf("letter = %+v %v", l, err)
	}
	zh := strings.Join(l.Sides[0].Paragraphs, "\n")
	if !strings.Contains(zh, "尊敬的安娜·彼得罗娃") || !strings.Contains(zh, "新闻编辑部借调") || !strings.Contains(zh, "2026年2月2日至2026年2月15日") {
		t.Errorf("Chinese side = %q", zh)
	}
	ru := strings.Join(l.Sides[1].Paragraphs, "\n")
	if !strings.Contains(ru, "Анна Петрова") || !strings.Contains(ru, "«Стажировка в редакции новостей»") || !strings.Contains(ru, "ВГТРК") {
		t.Errorf("Russian side (default template) = %q", ru)
	}
	if _, err := b.Exchanges.Letter(As("other", auth.RoleAdmin), db, e.ID, p.ID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("third org read a letter: %v", err)
	}
}

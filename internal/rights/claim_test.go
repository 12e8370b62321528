package rights

import (
	"testing"

	"github.com/silkbridge/silkbridge/internal/apperr"
)

// grant reports whether licensor may record a licence on terms s for film.
func (x *fam) grant(licensor, licensee, s string) error {
	x.t.Helper()
	l := &Licence{ID: "new", TitleID: "film", Licensor: licensor, Licensee: licensee, Terms: spec(x.t, s)}
	return CheckLicence(x.f, l)
}

func TestClaimsCountForNothing(t *testing.T) {
	x := newFam(t)
	claim := x.hold("film", "squat", "WORLD svod 2025-01-01 excl")
	x.f.Holdings[0].Status = HoldingClaimed
	// A claim neither blocks the owner's holding nor names its claimant.
	own := &Holding{ID: "own", TitleID: "film", Holder: "cmg", Terms: spec(t, "WORLD svod 2025-01-01..2034-12-31 excl")}
	if err := CheckHolding(x.f, own); err != nil {
		t.Fatalf("the owner's holding is blocked by a claim: %v", err)
	}
	x.f.Holdings = append(x.f.Holdings, own)
	res := x.ask("film", "RU svod 2026-01-01..2026-12-31 excl", CoverEntire)
	if !res.Available || res.Holder != "cmg" {
		t.Fatalf("availability = %+v", res)
	}
	res = x.ask("film", "RU svod 2040-01-01 excl", Overlap)
	for _, r := range res.Reasons {
		if r.Holder == "squat" {
			t.Fatalf("a reason names the claimant: %+v", res.Reasons)
		}
	}
	if len(res.AvailablePeriods) != 0 {
		t.Fatalf("the claimant can grant: %+v", res.AvailablePeriods)
	}
	// Nor does it back a licence, nor is its removal ever in the way.
	if err := x.grant("squat", "buyer", "RU svod 2040-01-01..2040-12-31"); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("a claimant granted a licence: %v", err)
	}
	if err := CheckHoldingRemoval(x.f, claim); err != nil {
		t.Fatal(err)
	}
	// Confirmed, it is in the way.
	x.f.Holdings[0].Status = HoldingConfirmed
	if err := CheckHolding(x.f, &Holding{ID: "again", TitleID: "film", Holder: "cmg", Terms: spec(t, "RU svod 2025-01-01 excl")}); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("a confirmed exclusive holding does not block: %v", err)
	}
	// The timeline ignores claims too.
	x.f.Holdings[0].Status = HoldingRejected
	rg, err := DefaultRange(x.f, "film", 0)
	if err != nil || rg.To.String() != "2035-12-31" {
		t.Fatalf("timeline range = %v..%v, %v (from the owner's holding only)", rg.From, rg.To, err)
	}
}

func TestHoldingStatusFor(t *testing.T) {
	f := &Family{TitleID: "film", Keepers: []string{"cmg", "vgtrk"}}
	tm := spec(t, "RU svod 2025-01-01")
	h := func(holder string) *Holding { return &Holding{TitleID: "film", Holder: holder, Terms: tm} }
	for _, c := range []struct {
		h, old *Holding
		want   HoldingStatus
	}{
		{h("cmg"), nil, HoldingConfirmed},
		{h("vgtrk"), nil, HoldingConfirmed}, // a producer
		{h("other"), nil, HoldingClaimed},
		{&Holding{TitleID: "episode", Holder: "cmg", Terms: tm}, nil, HoldingClaimed}, // keepers of another title
		{h("other"), &Holding{Holder: "other", Terms: tm, Status: HoldingConfirmed}, HoldingConfirmed},
		{h("other"), &Holding{Holder: "other", Terms: tm, Status: HoldingRejected}, HoldingRejected},
		{h("other"), &Holding{Holder: "other", Terms: spec(t, "BY svod 2025-01-01"), Status: HoldingConfirmed}, HoldingClaimed},
	} {
		if got := HoldingStatusFor(f, c.h, c.old); got != c.want {
			t.Errorf("%s on %s replacing %+v = %s, want %s", c.h.Holder, c.h.TitleID, c.old, got, c.want)
		}
	}
	if (&Family{}).Keeper("") {
		t.Fatal("nobody keeps a title with no keepers")
	}
}

// TestSublicensing: a licensee holds what it was licensed, its sub-licensee
// in turn; the licences rights came through block none of them, and every
// licence granted binds its licensor.
func TestSublicensing(t *testing.T) {
	x := newFam(t)
	x.hold("film", "cmg", "WORLD svod,free_tv 2025-01-01..2034-12-31 excl")
	toVG := x.lic("film", "cmg", "vgtrk", "RU+BY svod 2026-01-01..2028-12-31 excl hb=BY:svod:2026-06-01")
	if err := x.grant("vgtrk", "okko", "RU svod 2026-03-01..2026-12-31 excl"); err != nil {
		t.Fatalf("licensee sub-licensing inside its licence: %v", err)
	}
	for _, s := range []string{
		"KZ svod 2026-03-01..2026-12-31",    // outside its territories
		"RU svod 2029-01-01..2029-12-31",    // after its licence
		"RU free_tv 2026-03-01..2026-12-31", // a medium it was not licensed
	} {
		if err := x.grant("vgtrk", "okko", s); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("licensee granting %s: %v", s, err)
		}
	}
	// The owner licensed RU exclusively: it cannot grant it again.
	if err := x.grant("cmg", "ivi", "RU svod 2026-03-01..2026-12-31"); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("owner re-granted an exclusively licensed right: %v", err)
	}
	toOkko := x.lic("film", "vgtrk", "okko", "RU svod 2026-03-01..2026-12-31 excl")
	// okko sub-licenses in turn; vgtrk's own grant to okko binds vgtrk.
	if err := x.grant("okko", "kion", "RU svod 2026-06-01..2026-06-30"); err != nil {
		t.Fatalf("sub-sub-licensing: %v", err)
	}
	if err := x.grant("vgtrk", "ivi", "RU svod 2026-06-01..2026-06-30"); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("licensee re-granted what it licensed exclusively: %v", err)
	}
	// A holdback in the licence binds the licensee too.
	if err := x.grant("vgtrk", "ivi", "BY svod 2026-03-01..2026-12-31"); !apperr.Is(err, apperr.Conflict) || err.(*apperr.Error).Refs[0].(Reason).Code != HoldbackCode {
		t.Fatalf("licensee granting inside its licence's holdback: %v", err)
	}
	if err := x.grant("vgtrk", "ivi", "BY svod 2026-06-01..2026-12-31"); err != nil {
		t.Fatalf("the rest of the licence: %v", err)
	}
	// A circle of licences does not free anyone from its own grants.
	x.lic("film", "okko", "cmg", "BY svod 2027-01-01..2027-12-31")
	if err := x.grant("cmg", "ivi", "RU svod 2026-06-01..2026-06-30"); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("owner freed from its licence by a circle: %v", err)
	}
	_, _ = toVG, toOkko
	// Availability still names the holders of record only.
	res := x.ask("film", "RU svod 2026-06-01..2026-06-30", Overlap)
	for _, p := range res.AvailablePeriods {
		if p.Holder != "cmg" {
			t.Fatalf("availability names a licensee as holder: %+v", res.AvailablePeriods)
		}
	}
}

package rights

import (
	"strings"
	"testing"
)

// TestAvailDetail: conditions and format profiles are canonicalised, bad
// ones refused under "avail", an empty detail dropped (so a dated record
// stores what it stored before), and Conditional names the waiting ends.
func TestAvailDetail(t *testing.T) {
	base := func(d *AvailDetail) Terms {
		return Terms{Territories: []string{"RU"}, Media: []Media{SVOD}, Start: "2026-01-01", Avail: d}
	}
	tm := base(&AvailDetail{StartCondition: "theatrical", EndCondition: "eststart", FormatProfiles: []string{"hd", "SD", "HD"}})
	if _, err := tm.Normalize(); err != nil {
		t.Fatal(err)
	}
	if tm.Avail.StartCondition != "Theatrical" || tm.Avail.EndCondition != "ESTStart" || strings.Join(tm.Avail.FormatProfiles, ",") != "HD,SD" {
		t.Fatalf("normalised = %+v", tm.Avail)
	}
	if c := tm.Conditional(); len(c) != 2 || c[0] != StartConditional || c[1] != EndConditional {
		t.Fatalf("conditional = %v", c)
	}
	empty := base(&AvailDetail{})
	if _, err := empty.Normalize(); err != nil || empty.Avail != nil || empty.Conditional() != nil {
		t.Fatalf("empty detail kept: %+v, %v", empty.Avail, err)
	}
	for _, d := range []*AvailDetail{{StartCondition: "Immediate"}, {EndCondition: "Open"}, {StartCondition: "Tomorrow"}, {FormatProfiles: []string{"4K"}}} {
		bad := base(d)
		if _, err := bad.Normalize(); err == nil || !strings.Contains(err.Error(), "avail") {
			t.Errorf("%+v accepted: %v", d, err)
		}
	}
}

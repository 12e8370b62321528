package rights

import (
	"strings"
	"testing"

	"github.com/silkbridge/silkbridge/internal/apperr"
)

func ptr(s string) *string { return &s }

// h and l build records from a compact spec: "TERR[-EXCEPT] media,media start..end [excl] [lang,lang]".
func spec(t *testing.T, s string) Terms {
	t.Helper()
	f := strings.Fields(s)
	var tm Terms
	terr, exc, _ := strings.Cut(f[0], "-")
	tm.Territories = strings.Split(terr, "+")
	if exc != "" {
		tm.ExceptTerritories = strings.Split(exc, "+")
	}
	for _, m := range strings.Split(f[1], ",") {
		tm.Media = append(tm.Media, Media(m))
	}
	start, end, _ := strings.Cut(f[2], "..")
	tm.Start = start
	if end != "" {
		tm.End = ptr(end)
	}
	for _, x := range f[3:] {
		switch {
		case x == "excl":
			tm.Exclusive = true
		case strings.HasPrefix(x, "lang="):
			tm.Languages = strings.Split(strings.TrimPrefix(x, "lang="), ",")
		case strings.HasPrefix(x, "hb="): // hb=RU:svod:2025-05-21
			p := strings.Split(strings.TrimPrefix(x, "hb="), ":")
			tm.Holdbacks = append(tm.Holdbacks, Holdback{Territories: []string{p[0]}, Media: []Media{Media(p[1])}, Until: p[2]})
		}
	}
	if _, err := tm.Normalize(); err != nil {
		t.Fatalf("spec %q: %v", s, err)
	}
	return tm
}

type fam struct {
	t *testing.T
	f *Family
	n int
}

func newFam(t *testing.T) *fam {
	return &fam{t: t, f: &Family{TitleID: "film", Parent: map[string]string{"film": "", "series": "", "s1": "series", "e1": "s1", "e2": "s1"}}}
}

func (x *fam) hold(title, holder, s string) string {
	x.n++
	id := "h" + string(rune('0'+x.n))
	x.f.Holdings = append(x.f.Holdings, &Holding{ID: id, TitleID: title, Holder: holder, Terms: spec(x.t, s)})
	return id
}

func (x *fam) lic(title, licensor, licensee, s string) string {
	x.n++
	id := "l" + string(rune('0'+x.n))
	x.f.Licences = append(x.f.Licences, &Licence{ID: id, TitleID: title, Licensor: licensor, Licensee: licensee, Terms: spec(x.t, s)})
	return id
}

func (x *fam) ask(title, s string, match Match) *Result {
	x.t.Helper()
	tm := spec(x.t, s)
	q := Query{Territories: tm.Territories, ExceptTerritories: tm.ExceptTerritories, Media: tm.Media, Languages: tm.Languages,
		Start: tm.Start, End: tm.End, Exclusive: tm.Exclusive, Match: match}
	r, err := q.Compile()
	if err != nil {
		x.t.Fatal(err)
	}
	res, err := Evaluate(x.f, title, r)
	if err != nil {
		x.t.Fatal(err)
	}
	return res
}

func codes(res *Result) string {
	var out []string
	for _, r := range res.Reasons {
		s := string(r.Code)
		if r.Ref != "" {
			s += ":" + r.Ref
		}
		out = append(out, s)
	}
	return strings.Join(out, " ")
}

// TestAvailabilitySemantics pins the rules one case at a time.
func TestAvailabilitySemantics(t *testing.T) {
	type setup func(x *fam)
	cases := []struct {
		name      string
		setup     setup
		title     string
		ask       string
		match     Match
		available bool
		holder    string
		reasons   string // codes (and refs) in order; "*" skips the check
	}{
		{"nothing held", func(x *fam) {}, "film", "RU free_tv 2025-09-01..2025-12-31", CoverEntire, false, "", "no_rights"},
		{"held exactly", func(x *fam) { x.hold("film", "cmg", "WORLD free_tv 2025-01-01..2030-12-31") },
			"film", "RU free_tv 2025-09-01..2025-12-31", CoverEntire, true, "cmg", ""},
		{"window edges are inclusive", func(x *fam) { x.hold("film", "cmg", "RU free_tv 2025-09-01..2025-12-31") },
			"film", "RU free_tv 2025-09-01..2025-12-31", CoverEntire, true, "cmg", ""},
		{"one day past the end", func(x *fam) { x.hold("film", "cmg", "RU free_tv 2025-09-01..2025-12-30") },
			"film", "RU free_tv 2025-09-01..2025-12-31", CoverEntire, false, "", "outside_window"},
		{"one day before the start", func(x *fam) { x.hold("film", "cmg", "RU free_tv 2025-09-02..2025-12-31") },
			"film", "RU free_tv 2025-09-01..2025-12-31", CoverEntire, false, "", "outside_window"},
		{"perpetual holding covers perpetual request", func(x *fam) { x.hold("film", "cmg", "RU svod 2020-01-01") },
			"film", "RU svod 2025-01-01", CoverEntire, true, "cmg", ""},
		{"perpetual request exceeds a dated holding", func(x *fam) { x.hold("film", "cmg", "RU svod 2020-01-01..2040-01-01") },
			"film", "RU svod 2025-01-01", CoverEntire, false, "", "outside_window"},
		{"adjacent holdings join", func(x *fam) {
			x.hold("film", "cmg", "RU svod 2025-01-01..2025-06-30")
			x.hold("film", "cmg", "RU svod 2025-07-01..2025-12-31")
		}, "film", "RU svod 2025-03-01..2025-09-30", CoverEntire, true, "cmg", ""},
		{"excluded territory", func(x *fam) { x.hold("film", "vgtrk", "WORLD-CN theatrical 2025-01-01..2035-01-01") },
			"film", "CN theatrical 2025-09-01..2025-12-31", CoverEntire, false, "", "no_rights"},
		{"group membership", func(x *fam) { x.hold("film", "vgtrk", "CIS svod 2025-01-01..2035-01-01") },
			"film", "KZ svod 2025-09-01..2025-12-31", CoverEntire, true, "vgtrk", ""},
		{"group request needs every member", func(x *fam) { x.hold("film", "vgtrk", "RU+BY svod 2025-01-01..2035-01-01") },
			"film", "CIS svod 2025-09-01..2025-12-31", CoverEntire, false, "", "no_rights"},
		{"overlap finds the held part", func(x *fam) { x.hold("film", "vgtrk", "RU+BY svod 2025-01-01..2035-01-01") },
			"film", "CIS svod 2025-09-01..2025-12-31", Overlap, true, "", "no_rights"},
		{"wrong medium", func(x *fam) { x.hold("film", "cmg", "RU svod 2025-01-01..2035-01-01") },
			"film", "RU free_tv 2025-09-01..2025-12-31", CoverEntire, false, "", "no_rights"},
		{"co-producers split the world", func(x *fam) {
			x.hold("film", "vgtrk", "WORLD-CN theatrical 2025-01-01..2035-01-01 excl")
			x.hold("film", "cmg", "CN theatrical 2025-01-01..2035-01-01 excl")
		}, "film", "CN theatrical 2025-09-01..2025-12-31 excl", CoverEntire, true, "cmg", ""},
		{"no single holder for both halves", func(x *fam) {
			x.hold("film", "vgtrk", "WORLD-CN theatrical 2025-01-01..2035-01-01 excl")
			x.hold("film", "cmg", "CN theatrical 2025-01-01..2035-01-01 excl")
		}, "film", "CN+RU theatrical 2025-09-01..2025-12-31", CoverEntire, false, "", "no_rights no_rights"},
		{"exclusive licence blocks non-exclusive request", func(x *fam) {
			x.hold("film", "vgtrk", "RU svod 2025-01-01..2035-01-01 excl")
			x.lic("film", "vgtrk", "kinopoisk", "RU svod 2025-06-01..2026-05-31 excl")
		}, "film", "RU svod 2025-09-01..2025-12-31", CoverEntire, false, "", "exclusive_licence:l2"},
		{"non-exclusive licence allows non-exclusive request", func(x *fam) {
			x.hold("film", "vgtrk", "RU svod 2025-01-01..2035-01-01 excl")
			x.lic("film", "vgtrk", "kinopoisk", "RU svod 2025-06-01..2026-05-31")
		}, "film", "RU svod 2025-09-01..2025-12-31", CoverEntire, true, "vgtrk", ""},
		{"non-exclusive licence blocks exclusive request", func(x *fam) {
			x.hold("film", "vgtrk", "RU svod 2025-01-01..2035-01-01 excl")
			x.lic("film", "vgtrk", "kinopoisk", "RU svod 2025-06-01..2026-05-31")
		}, "film", "RU svod 2025-09-01..2025-12-31 excl", CoverEntire, false, "", "non_exclusive_licence:l2"},
		{"licence ending the day before", func(x *fam) {
			x.hold("film", "vgtrk", "RU svod 2025-01-01..2035-01-01 excl")
			x.lic("film", "vgtrk", "kinopoisk", "RU svod 2025-06-01..2025-08-31 excl")
		}, "film", "RU svod 2025-09-01..2025-12-31 excl", CoverEntire, true, "vgtrk", ""},
		{"non-exclusive holding cannot grant exclusivity", func(x *fam) { x.hold("film", "cmg", "RU svod 2025-01-01..2035-01-01") },
			"film", "RU svod 2025-09-01..2025-12-31 excl", CoverEntire, false, "", "holding_not_exclusive"},
		{"holdback until a date", func(x *fam) {
			x.hold("film", "vgtrk", "RU svod,theatrical 2025-01-01..2035-01-01 excl hb=RU:svod:2025-05-21")
		}, "film", "RU svod 2025-05-01..2025-06-30", CoverEntire, false, "", "holdback:h1"},
		{"holdback over by the start", func(x *fam) {
			x.hold("film", "vgtrk", "RU svod,theatrical 2025-01-01..2035-01-01 excl hb=RU:svod:2025-05-21")
		}, "film", "RU svod 2025-05-21..2025-06-30", CoverEntire, true, "vgtrk", ""},
		{"licence holdback binds everyone", func(x *fam) {
			x.hold("film", "vgtrk", "RU svod,theatrical 2025-01-01..2035-01-01 excl")
			x.lic("film", "vgtrk", "cinema", "RU theatrical 2025-02-20..2025-05-20 excl hb=RU:svod:2025-05-21")
		}, "film", "RU svod 2025-04-01..2025-06-30", CoverEntire, false, "", "holdback:l2"},
		{"languages held", func(x *fam) { x.hold("film", "cmg", "RU free_tv 2025-01-01..2035-01-01 lang=ru,zh") },
			"film", "RU free_tv 2025-09-01..2025-12-31 lang=ru:dub", CoverEntire, true, "cmg", ""},
		{"language not held", func(x *fam) { x.hold("film", "cmg", "RU free_tv 2025-01-01..2035-01-01 lang=zh") },
			"film", "RU free_tv 2025-09-01..2025-12-31 lang=ru", CoverEntire, false, "", "language_not_held"},
		{"subtitles only", func(x *fam) { x.hold("film", "cmg", "RU free_tv 2025-01-01..2035-01-01 lang=ru:sub") },
			"film", "RU free_tv 2025-09-01..2025-12-31 lang=ru:dub", CoverEntire, false, "", "language_not_held"},
		{"a request for every language needs every language", func(x *fam) { x.hold("film", "cmg", "RU free_tv 2025-01-01..2035-01-01 lang=zh") },
			"film", "RU free_tv 2025-09-01..2025-12-31", CoverEntire, false, "", "language_not_held"},
		{"licences in other languages do not clash", func(x *fam) {
			x.hold("film", "cmg", "RU free_tv 2025-01-01..2035-01-01 excl")
			x.lic("film", "cmg", "a", "RU free_tv 2025-01-01..2026-01-01 excl lang=zh")
		}, "film", "RU free_tv 2025-09-01..2025-12-31 excl lang=ru", CoverEntire, true, "cmg", ""},
		{"series holding covers its episodes", func(x *fam) { x.hold("series", "vgtrk", "WORLD free_tv 2025-01-01..2035-01-01") },
			"e1", "RU free_tv 2025-09-01..2025-12-31", CoverEntire, true, "vgtrk", ""},
		{"episode holding does not cover the series", func(x *fam) { x.hold("e1", "vgtrk", "WORLD free_tv 2025-01-01..2035-01-01") },
			"series", "RU free_tv 2025-09-01..2025-12-31", CoverEntire, false, "", "no_rights"},
		{"series licence blocks its episodes", func(x *fam) {
			x.hold("series", "vgtrk", "WORLD free_tv 2025-01-01..2035-01-01 excl")
			x.lic("series", "vgtrk", "ntv", "RU free_tv 2025-01-01..2026-01-01 excl")
		}, "e2", "RU free_tv 2025-09-01..2025-12-31", CoverEntire, false, "", "exclusive_licence:l2"},
		{"episode licence blocks an exclusive series licence", func(x *fam) {
			x.hold("series", "vgtrk", "WORLD free_tv 2025-01-01..2035-01-01 excl")
			x.lic("e1", "vgtrk", "ntv", "RU free_tv 2025-01-01..2026-01-01")
		}, "series", "RU free_tv 2025-09-01..2025-12-31 excl", CoverEntire, false, "", "non_exclusive_licence:l2"},
		{"sibling episode licences do not clash", func(x *fam) {
			x.hold("series", "vgtrk", "WORLD free_tv 2025-01-01..2035-01-01 excl")
			x.lic("e1", "vgtrk", "ntv", "RU free_tv 2025-01-01..2026-01-01 excl")
		}, "e2", "RU free_tv 2025-09-01..2025-12-31 excl", CoverEntire, true, "vgtrk", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			x := newFam(t)
			c.setup(x)
			res := x.ask(c.title, c.ask, c.match)
			if res.Available != c.available || (c.holder != "" && res.Holder != c.holder) {
				t.Fatalf("available=%v holder=%q, want %v %q; reasons %s", res.Available, res.Holder, c.available, c.holder, codes(res))
			}
			if c.reasons != "*" && codes(res) != c.reasons {
				t.Fatalf("reasons = %q, want %q (%+v)", codes(res), c.reasons, res.Reasons)
			}
		})
	}
}

func TestOverlapReportsAvailablePeriods(t *testing.T) {
	x := newFam(t)
	x.hold("film", "vgtrk", "RU svod 2025-01-01..2035-01-01 excl")
	l := x.lic("film", "vgtrk", "kinopoisk", "RU svod 2025-10-01..2025-10-31 excl")
	res := x.ask("film", "RU svod 2025-09-01..2025-12-31", Overlap)
	if !res.Available || len(res.AvailablePeriods) != 2 {
		t.Fatalf("periods = %+v", res.AvailablePeriods)
	}
	p0, p1 := res.AvailablePeriods[0], res.AvailablePeriods[1]
	if p0.Start != "2025-09-01" || *p0.End != "2025-09-30" || p1.Start != "2025-11-01" || *p1.End != "2025-12-31" {
		t.Fatalf("periods = %+v %+v", p0, p1)
	}
	if len(res.Reasons) != 1 || res.Reasons[0].Ref != l || res.Reasons[0].Licensee != "kinopoisk" ||
		res.Reasons[0].Territory != "RU" || res.Reasons[0].Start != "2025-10-01" || *res.Reasons[0].End != "2025-10-31" {
		t.Fatalf("reasons = %+v", res.Reasons)
	}
}

func TestCheckLicence(t *testing.T) {
	x := newFam(t)
	x.hold("film", "vgtrk", "WORLD-CN svod,theatrical 2025-02-20..2035-02-19 excl")
	first := &Licence{ID: "new1", TitleID: "film", Licensor: "vgtrk", Licensee: "kinopoisk", Terms: spec(t, "RU svod 2025-06-01..2026-05-31 excl lang=ru")}
	if err := CheckLicence(x.f, first); err != nil {
		t.Fatalf("first licence refused: %v", err)
	}
	x.f.Licences = append(x.f.Licences, first)
	second := &Licence{ID: "new2", TitleID: "film", Licensor: "vgtrk", Licensee: "okko", Terms: spec(t, "RU+BY svod 2026-01-01..2026-12-31")}
	err := CheckLicence(x.f, second)
	ae, ok := err.(*apperr.Error)
	if !ok || ae.Code != apperr.Conflict || len(ae.Refs) != 1 || ae.Refs[0].(Reason).Ref != "new1" {
		t.Fatalf("err = %v", err)
	}
	// cmg holds nothing outside China, so it cannot license Russia.
	third := &Licence{ID: "new3", TitleID: "film", Licensor: "cmg", Licensee: "ntv", Terms: spec(t, "RU free_tv 2025-06-01..2026-05-31")}
	if err := CheckLicence(x.f, third); !apperr.Is(err, apperr.Conflict) || !strings.Contains(err.Error(), "no_rights") {
		t.Fatalf("outside holdings: %v", err)
	}
	// A new licence's holdback may not cover an existing licence.
	hb := &Licence{ID: "new4", TitleID: "film", Licensor: "vgtrk", Licensee: "cinema", Terms: spec(t, "RU theatrical 2025-03-01..2025-05-31 excl hb=RU:svod:2025-09-01")}
	if err := CheckLicence(x.f, hb); !apperr.Is(err, apperr.Conflict) || !strings.Contains(err.Error(), "holdback") {
		t.Fatalf("holdback over an existing licence: %v", err)
	}
}

func TestHoldingRules(t *testing.T) {
	x := newFam(t)
	x.hold("film", "vgtrk", "WORLD-CN theatrical 2025-01-01..2035-01-01 excl")
	ok := &Holding{ID: "n1", TitleID: "film", Holder: "cmg", Terms: spec(t, "CN theatrical 2025-01-01..2035-01-01 excl")}
	if err := CheckHolding(x.f, ok); err != nil {
		t.Fatalf("disjoint holding refused: %v", err)
	}
	clash := &Holding{ID: "n2", TitleID: "film", Holder: "cmg", Terms: spec(t, "RU theatrical 2030-01-01..2040-01-01")}
	if err := CheckHolding(x.f, clash); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("overlap with an exclusive holding: %v", err)
	}
	lic := x.lic("film", "vgtrk", "kinopoisk", "RU theatrical 2025-06-01..2026-05-31")
	if err := CheckHoldingRemoval(x.f, "h1"); !apperr.Is(err, apperr.Conflict) || !strings.Contains(err.Error(), lic) {
		t.Fatalf("removing a holding under a licence: %v", err)
	}
}

func TestTimelineSegments(t *testing.T) {
	x := newFam(t)
	x.hold("film", "vgtrk", "WORLD-CN svod 2025-01-01..2025-12-31 excl")
	x.lic("film", "vgtrk", "kinopoisk", "RU svod 2025-06-01..2025-08-31 excl")
	ru, _ := Country("RU")
	cn, _ := Country("CN")
	tl, err := BuildTimeline(x.f, "film", TimelineRange{Territories: ru.Union(cn), Media: 1 << 5, From: mustDay("2025-01-01"), To: mustDay("2026-01-31")})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range tl.Rows {
		var s []string
		for _, seg := range r.Segments {
			s = append(s, seg.Start+".."+seg.End+"="+seg.Status)
		}
		got[strings.Join(r.Territories, "+")] = strings.Join(s, " ")
	}
	want := map[string]string{
		"CN": "2025-01-01..2026-01-31=not_held",
		"RU": "2025-01-01..2025-05-31=available 2025-06-01..2025-08-31=licensed_exclusive 2025-09-01..2025-12-31=available 2026-01-01..2026-01-31=not_held",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %s\nwant %s", k, got[k], v)
		}
	}
}

func mustDay(s string) Day {
	d, err := ParseDay(s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestTermsValidation(t *testing.T) {
	tm := Terms{Territories: []string{"UK", "world"}, ExceptTerritories: []string{"XX"}, Media: []Media{"tv"},
		Languages: []string{"zz-!!", "ru:both"}, Start: "2025-13-01", End: ptr("2024-01-01"),
		Holdbacks: []Holdback{{Territories: nil, Media: []Media{"svod"}, Until: "soon"}}}
	_, err := tm.Normalize()
	ae, ok := err.(*apperr.Error)
	if !ok {
		t.Fatalf("err = %v", err)
	}
	fields := map[string]bool{}
	for _, f := range ae.Fields {
		fields[f.Field] = true
	}
	for _, f := range []string{"territories[0]", "except_territories[0]", "media[0]", "languages[0]", "languages[1]", "start", "holdbacks[0].territories", "holdbacks[0].until"} {
		if !fields[f] {
			t.Errorf("no error for %s (got %v)", f, ae.Fields)
		}
	}
	ok2 := Terms{Territories: []string{"ww"}, ExceptTerritories: []string{"cn"}, Media: []Media{"SVOD"}, Languages: []string{"zh-hans:dub"}, Start: "2025-01-01"}
	if _, err := ok2.Normalize(); err != nil {
		t.Fatal(err)
	}
	if ok2.Territories[0] != "WORLD" || ok2.ExceptTerritories[0] != "CN" || ok2.Media[0] != SVOD || ok2.Languages[0] != "zh-Hans:dub" || ok2.End != nil {
		t.Fatalf("not canonical: %+v", ok2)
	}
}

package web_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/xuri/excelize/v2"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/avails"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/demo"
	"github.com/silkbridge/silkbridge/internal/httpapi"
	"github.com/silkbridge/silkbridge/internal/org"
	"github.com/silkbridge/silkbridge/internal/rights"
	"github.com/silkbridge/silkbridge/internal/server"
	"github.com/silkbridge/silkbridge/internal/store"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
	"github.com/silkbridge/silkbridge/internal/web"
)

// engines opens the demo hub on each database, so the desk's pages are
// checked against both stores.
var engines = map[string]func(testing.TB) *store.DB{"SQLite": storetest.OpenSQLite, "Postgres": storetest.OpenPostgres}

// newDeskSite is the demo hub with rights wired into the web and the API.
// deskSite is a dealSite that also hands tests the catalogue service.
type deskSite struct {
	*dealSite
	catalogSvc *catalog.Service
}

func newDeskSite(t testing.TB, open func(testing.TB) *store.DB) *deskSite {
	t.Helper()
	db := open(t)
	if _, err := demo.Load(context.Background(), db); err != nil {
		t.Fatalf("load demo: %v", err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	orgs, tokens, cat := org.NewService(db), auth.NewTokenService(db), catalog.NewService(db)
	rs := rights.NewService(db, cat)
	h, err := web.New(web.Deps{Catalog: cat, Orgs: orgs, Tokens: tokens, Users: auth.NewUserService(db),
		Sessions: auth.NewSessionService(db, db), Logger: log, Rights: rs})
	if err != nil {
		t.Fatal(err)
	}
	deps := httpapi.Deps{Orgs: orgs, Tokens: tokens, Catalog: cat, Rights: rs, Logger: log,
		Authenticators: []httpapi.Authenticator{h.Authenticator()}}
	srv := server.New(server.Config{Logger: log, RatePerSecond: 1000, RateBurst: 1000},
		func(r chi.Router) { httpapi.New(r, deps) }, h.Mount)
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return &deskSite{dealSite: &dealSite{Server: ts, rights: rs}, catalogSvc: cat}
}

var (
	dc1900  = demo.TitleID("Detective Chinatown 1900")
	redSilk = demo.TitleID("Red Silk")
	parents = demo.TitleID("My Country, My Parents")
	lisbon  = demo.TitleID("The Sinking of the Lisbon Maru")
)

// holdingByID finds a holding among a title's confirmed ones.
func holdingByID(t *testing.T, rs *rights.Service, titleID, id string) *rights.Holding {
	t.Helper()
	hs, err := rs.Holdings(storetest.As("cmg", auth.RoleViewer), titleID)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hs {
		if h.ID == id {
			return h
		}
	}
	return nil
}

// licenceToVGTRK records CMG's exclusive 2026 SVOD licence of Detective
// Chinatown 1900 for the world to VGTRK.
func licenceToVGTRK(t *testing.T, rs *rights.Service) *rights.Licence {
	t.Helper()
	end := "2026-12-31"
	l, err := rs.AddLicence(storetest.As("cmg", auth.RoleEditor), dc1900, rights.LicenceInput{Licensee: "vgtrk",
		Terms: rights.Terms{Territories: []string{"WORLD"}, Media: []rights.Media{rights.SVOD}, Start: "2026-01-01", End: &end, Exclusive: true}})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

const deskQuery = "/rights/avails?territories=WORLD&media=svod&media=free_tv&start=2026-01-01&end=2026-12-31&match=overlap&view=media"

// cellState returns the data-state of a title's cells in grid order.
func cellStates(body, titleID string) []string {
	i := strings.Index(body, `<tr data-id="`+titleID+`"`)
	if i < 0 {
		return nil
	}
	row := body[i:]
	row = row[:strings.Index(row, "</tr>")]
	var out []string
	for _, m := range regexp.MustCompile(`data-state="(\w+)"`).FindAllStringSubmatch(row, -1) {
		out = append(out, m[1])
	}
	return out
}

// TestDeskAvailsGrid: the grid answers the question for every readable
// title, per medium, with reasons worded by organisation name (and "your
// own" for the reader's licence), in the reader's language; filters, sort
// and both exports follow the query in the URL.
func TestDeskAvailsGrid(t *testing.T) {
	for name, open := range engines {
		t.Run(name, func(t *testing.T) {
			s := newDeskSite(t, open)
			licenceToVGTRK(t, s.rights)
			vg := s.client(t, "vgtrk", auth.RoleEditor)
			page := vg.get(deskQuery)
			if page.StatusCode != http.StatusOK {
				t.Fatalf("grid: %d\n%s", page.StatusCode, page.body)
			}
			// Detective Chinatown: SVOD taken by VGTRK's own licence, free TV from CMG.
			if got := cellStates(page.body, dc1900); strings.Join(got, ",") != "no,yes" {
				t.Fatalf("Detective Chinatown cells = %v", got)
			}
			// Red Silk: VGTRK holds the world but China, CMG holds China: nobody all of it.
			if got := cellStates(page.body, redSilk); strings.Join(got, ",") != "partial,partial" {
				t.Fatalf("Red Silk cells = %v", got)
			}
			if got := cellStates(page.body, parents); got != nil {
				t.Fatalf("a title without rights is listed: %v", got)
			}
			for _, want := range []string{"Your own exclusive licence from China Media Group", "can be granted by China Media Group"} {
				if !strings.Contains(page.body, want) {
					t.Errorf("grid lacks %q", want)
				}
			}
			if strings.Contains(page.body, "from cmg") {
				t.Error("a reason names an organisation by slug")
			}
			// Sorted by title in the reader's collation: D before R in English.
			if d, r := strings.Index(page.body, `data-id="`+dc1900+`"`), strings.Index(page.body, `data-id="`+redSilk+`"`); d > r {
				t.Error("titles are not in title order")
			}
			// CMG's point of view: its licence to VGTRK is its own grant.
			cm := s.client(t, "cmg", auth.RoleEditor).get(deskQuery)
			if !strings.Contains(cm.body, "Your own exclusive licence to") || !strings.Contains(cm.body, "VGTRK") {
				t.Errorf("CMG's grid does not call its licence its own")
			}
			// The text filter and the territory view.
			only := vg.get(deskQuery + "&q=silk&view=territories&territories=RU&territories=CN")
			if cellStates(only.body, dc1900) != nil || cellStates(only.body, redSilk) == nil {
				t.Fatal("text filter")
			}
			// In Russian and Chinese nothing is English.
			for lang, want := range map[string]string{"ru": "ваша собственная эксклюзивная лицензия", "zh-Hans": "您自己从"} {
				p := vg.get(deskQuery, "Accept-Language", lang)
				if !strings.Contains(p.body, want) {
					t.Errorf("%s grid lacks %q", lang, want)
				}
				for _, en := range []string{">Available<", "Not available", "Partly", "Download grid", "can be granted"} {
					if strings.Contains(p.body, en) {
						t.Errorf("%s grid shows English %q", lang, en)
					}
				}
			}
			// A bad filter or question is shown, not ignored.
			if bad := vg.get(deskQuery + "&kind=novel"); bad.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(bad.body, `aria-invalid="true"`) {
				t.Fatalf("bad kind: %d", bad.StatusCode)
			}
			if bad := vg.get(strings.Replace(deskQuery, "WORLD", "XX", 1), "Accept-Language", "ru"); bad.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(bad.body, "кодами ISO") {
				t.Fatalf("bad territory: %d", bad.StatusCode)
			}
			// Exports: the grid as a workbook, the available rows as EMA Avails offers.
			grid := vg.get(strings.Replace(deskQuery, "/rights/avails?", "/rights/avails/export?format=xlsx&", 1))
			wb, err := excelize.OpenReader(bytes.NewReader([]byte(grid.body)))
			if grid.StatusCode != 200 || err != nil {
				t.Fatalf("grid export: %d, %v", grid.StatusCode, err)
			}
			rows, _ := wb.GetRows("Sheet1")
			if len(rows) != 3 || rows[0][0] != "Title" || rows[1][0] != "Detective Chinatown 1900" || !strings.HasPrefix(rows[1][3], "Not available") {
				t.Fatalf("grid workbook rows = %q", rows)
			}
			ema := vg.get(strings.Replace(deskQuery, "/rights/avails?", "/rights/avails/export?format=ema&", 1))
			sheets, err := avails.ReadXLSX([]byte(ema.body))
			if ema.StatusCode != 200 || err != nil {
				t.Fatalf("EMA export: %d, %v", ema.StatusCode, err)
			}
			types := map[string]bool{}
			for _, r := range sheets[0].Rows {
				types[r.Get("LicenseType")+"/"+r.Get("DisplayName")] = true
			}
			if !types["FreeTV/Detective Chinatown 1900"] || types["SVOD/Detective Chinatown 1900"] || !types["SVOD/Red Silk"] {
				t.Fatalf("EMA offers = %v", types)
			}
			// Signed out: sign in first.
			if r := (&site{Server: s.Server}).client(t).get(deskQuery); r.StatusCode != http.StatusSeeOther {
				t.Fatalf("signed out: %d", r.StatusCode)
			}
		})
	}
}

// TestRightsFormsRecordEditDelete: CMG's editor records a holding "World
// except RU, BY, all media except free TV" on its own title through the
// form, sees it summarised on the timeline, edits it, licenses from it, is
// refused deleting the holding the licence needs (named, in Russian), and
// deletes both. Viewers and other organisations get no forms.
func TestRightsFormsRecordEditDelete(t *testing.T) {
	for name, open := range engines {
		t.Run(name, func(t *testing.T) {
			s := newDeskSite(t, open)
			title := "/titles/" + lisbon
			cm := s.client(t, "cmg", auth.RoleEditor)
			form := url.Values{"groups": {"WORLD"}, "except": {"RU, BY"}, "media_mode": {"except"}, "media": {"free_tv"},
				"start": {"2026-01-01"}, "perpetual": {"on"}, "exclusive": {"on"}, "lang_0": {"ru"}, "use_0": {"dub"}}
			r := cm.post(title+"/rights/holdings/new", title+"/rights/holdings", form)
			if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), title+"#rec-") {
				t.Fatalf("record holding: %d %s\n%s", r.StatusCode, r.Header.Get("Location"), r.body)
			}
			hd := holdingByID(t, s.rights, lisbon, strings.TrimPrefix(r.Header.Get("Location"), title+"#rec-"))
			if hd == nil || strings.Join(hd.ExceptTerritories, ",") != "RU,BY" || len(hd.Media) != 11 || hd.Languages[0] != "ru:dub" {
				t.Fatalf("holding = %+v", hd)
			}
			hs := []*rights.Holding{hd}
			page := cm.get(title)
			for _, want := range []string{"Rights recorded.", "All media except Free TV", "Worldwide except Belarus, Russia", `id="rec-` + hs[0].ID + `"`, `href="#rec-` + hs[0].ID + `"`} {
				if !strings.Contains(page.body, want) {
					t.Errorf("title page lacks %q", want)
				}
			}
			// Edit: the window gets an end; the record is replaced.
			edit := title + "/rights/holdings/" + hs[0].ID
			if g := cm.get(edit + "/edit"); g.StatusCode != 200 || !strings.Contains(g.body, `value="RU, BY"`) {
				t.Fatalf("edit form: %d", g.StatusCode)
			}
			form.Del("perpetual")
			form.Set("end", "2030-12-31")
			r = cm.post(edit+"/edit", edit, form)
			if r.StatusCode != http.StatusSeeOther {
				t.Fatalf("edit: %d\n%s", r.StatusCode, r.body)
			}
			newHd := holdingByID(t, s.rights, lisbon, strings.TrimPrefix(r.Header.Get("Location"), title+"#rec-"))
			if newHd == nil || newHd.End == nil || *newHd.End != "2030-12-31" || holdingByID(t, s.rights, lisbon, hs[0].ID) != nil {
				t.Fatalf("after edit: %+v", newHd)
			}
			hs[0] = newHd
			// The timeline spans the windows and a year beyond (to 2031): today is marked on it.
			if today := time.Now().UTC().Format(time.DateOnly); today >= "2026-01-01" && today <= "2031-12-31" &&
				!strings.Contains(cm.get(title).body, `class="tl-today"`) {
				t.Error("the timeline has no today marker")
			}
			edit = title + "/rights/holdings/" + newHd.ID
			// A licence from it, then an overlapping exclusive one: refused in place, in Russian, naming the first.
			lic := url.Values{"licensee": {"vgtrk"}, "countries": {"DE"}, "media_mode": {"only"}, "media": {"svod"},
				"start": {"2027-01-01"}, "end": {"2027-12-31"}, "exclusive": {"on"}, "lang_0": {"ru"}, "use_0": {"dub"}}
			if r := cm.post(title+"/rights/licences/new", title+"/rights/licences", lic); r.StatusCode != http.StatusSeeOther {
				t.Fatalf("licence: %d\n%s", r.StatusCode, r.body)
			}
			ls, _ := s.rights.Licences(storetest.As("cmg", auth.RoleViewer), lisbon)
			lic.Set("licensee", "Deutsche Welle")
			cm.lang = "ru"
			r = cm.post(title+"/rights/licences/new", title+"/rights/licences", lic)
			if r.StatusCode != http.StatusConflict || !strings.Contains(r.body, `id="conflicts"`) ||
				!strings.Contains(r.body, "ВГТРК") || !strings.Contains(r.body, "#rec-"+ls[0].ID) || strings.Contains(r.body, "cannot grant") {
				t.Fatalf("conflicting licence: %d\n%s", r.StatusCode, r.body)
			}
			// Deleting the holding the licence needs is refused, naming the licence.
			r = cm.post(title, edit2(title, hs[0].ID), url.Values{})
			if r.StatusCode != http.StatusConflict || !strings.Contains(r.body, "опирается на эти права") {
				t.Fatalf("delete needed holding: %d\n%s", r.StatusCode, r.body)
			}
			// Nobody else touches them.
			vg := s.client(t, "vgtrk", auth.RoleEditor)
			if g := vg.get(edit + "/edit"); g.StatusCode != http.StatusNotFound {
				t.Fatalf("VGTRK edits CMG's holding: %d", g.StatusCode)
			}
			if r := vg.post("/titles/"+redSilk, title+"/rights/licences/"+ls[0].ID+"/delete", url.Values{}); r.StatusCode != http.StatusForbidden {
				t.Fatalf("VGTRK deletes CMG's licence: %d", r.StatusCode)
			}
			viewer := s.client(t, "cmg", auth.RoleViewer)
			if g := viewer.get(title + "/rights/holdings/new"); g.StatusCode != http.StatusForbidden || strings.Contains(viewer.get(title).body, "delete-record") {
				t.Fatalf("viewer form: %d", g.StatusCode)
			}
			// Editing the exclusive licence is checked without its old self: a longer window is fine.
			cm.lang = "en"
			lic.Set("licensee", "vgtrk")
			lic.Set("end", "2028-06-30")
			licPath := title + "/rights/licences/" + ls[0].ID
			if r := cm.post(licPath+"/edit", licPath, lic); r.StatusCode != http.StatusSeeOther {
				t.Fatalf("edit licence: %d\n%s", r.StatusCode, r.body)
			}
			ls2, _ := s.rights.Licences(storetest.As("cmg", auth.RoleViewer), lisbon)
			if len(ls2) != len(ls) || ls2[len(ls2)-1].ID == ls[0].ID || *ls2[len(ls2)-1].End != "2028-06-30" {
				t.Fatalf("licences after edit = %+v", ls2)
			}
			ls = ls2[len(ls2)-1:]
			// The licence goes, then the holding.
			if r := cm.post(title, title+"/rights/licences/"+ls[0].ID+"/delete", url.Values{}); r.StatusCode != http.StatusSeeOther {
				t.Fatalf("delete licence: %d", r.StatusCode)
			}
			if r := cm.post(title, edit2(title, hs[0].ID), url.Values{}); r.StatusCode != http.StatusSeeOther {
				t.Fatalf("delete holding: %d", r.StatusCode)
			}
			if holdingByID(t, s.rights, lisbon, hs[0].ID) != nil {
				t.Fatal("the holding is still there")
			}
		})
	}
}

func edit2(title, id string) string { return title + "/rights/holdings/" + id + "/delete" }

// TestRightsFormClaimAndErrors: a holding recorded on someone else's title
// is a claim and the page says so; bad input is shown beside its input in
// the page's language and stores nothing.
func TestRightsFormClaimAndErrors(t *testing.T) {
	for name, open := range engines {
		t.Run(name, func(t *testing.T) {
			s := newDeskSite(t, open)
			title := "/titles/" + parents
			vg := s.client(t, "vgtrk", auth.RoleEditor)
			vg.lang = "zh-Hans"
			if g := vg.get(title + "/rights/holdings/new"); !strings.Contains(g.body, `id="claim-note"`) || !strings.Contains(g.body, "权利主张") {
				t.Fatal("the form does not warn that it records a claim")
			}
			form := url.Values{"countries": {"RU"}, "media_mode": {"only"}, "media": {"free_tv"}, "start": {"2026-01-01"}, "perpetual": {"on"}}
			r := vg.post(title+"/rights/holdings/new", title+"/rights/holdings", form)
			if r.StatusCode != http.StatusSeeOther {
				t.Fatalf("claim: %d\n%s", r.StatusCode, r.body)
			}
			if page := vg.get(title); !strings.Contains(page.body, "已登记为权利主张") {
				t.Fatal("no claim flash")
			}
			claims, _ := s.rights.Claims(storetest.As("vgtrk", auth.RoleEditor), parents)
			if len(claims) != 1 || claims[0].Status != rights.HoldingClaimed {
				t.Fatalf("claims = %+v", claims)
			}
			bad := url.Values{"countries": {"XX"}, "media_mode": {"only"}, "start": {"2026-13-01"}, "lang_0": {"not a tag!"}}
			r = vg.post(title+"/rights/holdings/new", title+"/rights/holdings", bad)
			if r.StatusCode != http.StatusUnprocessableEntity || strings.Count(r.body, `aria-invalid="true"`) < 3 || !strings.Contains(r.body, "ISO 代码") {
				t.Fatalf("bad input: %d\n%s", r.StatusCode, r.body)
			}
			if strings.Contains(r.body, "is not an ISO") || strings.Contains(r.body, "must be") {
				t.Fatal("the domain's English leaks into the Chinese form")
			}
			if claims, _ := s.rights.Claims(storetest.As("vgtrk", auth.RoleEditor), parents); len(claims) != 1 {
				t.Fatalf("bad input stored something: %d claims", len(claims))
			}
		})
	}
}

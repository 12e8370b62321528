package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/demo"
	"github.com/silkbridge/silkbridge/internal/rights"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

// TestRefusedChangesCallTheReadersLicenceItsOwnInRussian: CMG has licensed
// VGTRK exclusively for Russian free TV in October 2025. In Russian, each
// refusal that meets that licence calls it the reader's own and names the
// other organisation by its Russian name, never by slug: CMG recording a
// clashing licence on the rights form, CMG accepting VGTRK's earlier request,
// and VGTRK asking again for the same window.
func TestRefusedChangesCallTheReadersLicenceItsOwnInRussian(t *testing.T) {
	s := newDealSite(t)
	dc := demo.TitleID("Detective Chinatown 1900")
	req := s.submit(t, true) // VGTRK asks CMG: RU free TV, 2025-09-01 to 2025-12-31, exclusive
	end := "2025-10-31"
	if _, err := s.rights.AddLicence(storetest.As("cmg", auth.RoleEditor), dc, rights.LicenceInput{
		Licensee: "vgtrk", Terms: rights.Terms{Territories: []string{"RU"}, Media: []rights.Media{rights.FreeTV}, Start: "2025-10-01", End: &end, Exclusive: true}}); err != nil {
		t.Fatal(err)
	}
	section := func(body, open string) string {
		i := strings.Index(body, open)
		if i < 0 {
			return ""
		}
		return body[i : i+strings.Index(body[i:], "</ul>")]
	}
	noSlugs := func(what, text string) {
		t.Helper()
		if strings.Contains(text, "cmg") || strings.Contains(text, "vgtrk") {
			t.Errorf("%s names an organisation by slug: %q", what, text)
		}
	}

	cm := s.client(t, "cmg", auth.RoleEditor)
	cm.lang = "ru"
	title := "/titles/" + dc
	r := cm.post(title+"/rights/licences/new", title+"/rights/licences", url.Values{"licensee": {"Первый канал"},
		"countries": {"RU"}, "media_mode": {"only"}, "media": {"free_tv"}, "start": {"2025-10-15"}, "end": {"2025-11-15"}, "exclusive": {"on"}})
	conflicts := section(r.body, `id="conflicts"`)
	if r.StatusCode != http.StatusConflict || !strings.Contains(conflicts, "Ваша собственная эксклюзивная лицензия, выданная компании ВГТРК") {
		t.Fatalf("rights form: %d, conflicts %q", r.StatusCode, conflicts)
	}
	noSlugs("rights form", conflicts)

	path := "/requests/" + req.ID
	r = cm.post(path, path+"/accept", url.Values{"version": {"1"}})
	refused := section(r.body, `id="refused"`)
	if r.StatusCode != http.StatusConflict || !strings.Contains(refused, "Это уже охватывает ваша собственная эксклюзивная лицензия, выданная компании ВГТРК") {
		t.Fatalf("accepting: %d, reasons %q\n%s", r.StatusCode, refused, r.body)
	}
	noSlugs("accepting", refused)

	vg := s.client(t, "vgtrk", auth.RoleEditor)
	vg.lang = "ru"
	r = vg.post("/requests/new?title="+dc, "/requests/new", url.Values{"title": {dc}, "licensor": {"cmg"}, "territories": {"RU"},
		"media": {"free_tv"}, "start": {"2025-10-01"}, "end": {"2025-10-31"}, "exclusive": {"on"}})
	refused = section(r.body, `id="refused"`)
	if r.StatusCode != http.StatusConflict || !strings.Contains(refused, "Это уже охватывает ваша собственная эксклюзивная лицензия от компании Медиакорпорация Китая") {
		t.Fatalf("requesting again: %d, reasons %q\n%s", r.StatusCode, refused, r.body)
	}
	noSlugs("requesting again", refused)
}

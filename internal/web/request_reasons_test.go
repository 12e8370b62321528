package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/demo"
	"github.com/silkbridge/silkbridge/internal/rights"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

// TestRefusalReasonsNameOrganisationsAndTheReadersOwnLicence: once CMG has
// licensed VGTRK exclusively in the window VGTRK's request asks for, the
// request says why it cannot be granted: to VGTRK it is "your own exclusive
// licence from" CMG by name, to CMG "your own exclusive licence to" VGTRK by
// name, in each page's language, never by slug. The availability answer
// marks the licence as the caller's own (own) for both parties, keeping
// slugs as data.
func TestRefusalReasonsNameOrganisationsAndTheReadersOwnLicence(t *testing.T) {
	s := newDealSite(t)
	req := s.submit(t, true) // VGTRK asks CMG: RU free TV, 2025-09-01 to 2025-12-31, exclusive
	end := "2025-10-31"
	if _, err := s.rights.AddLicence(storetest.As("cmg", auth.RoleEditor), demo.TitleID("Detective Chinatown 1900"), rights.LicenceInput{
		Licensee: "vgtrk", Terms: rights.Terms{Territories: []string{"RU"}, Media: []rights.Media{rights.FreeTV}, Start: "2025-10-01", End: &end, Exclusive: true}}); err != nil {
		t.Fatal(err)
	}
	path := "/requests/" + req.ID
	for _, x := range []struct{ org, lang, want string }{
		{"vgtrk", "en", "Your own exclusive licence from China Media Group covers it"},
		{"vgtrk", "ru", "Это уже охватывает ваша собственная эксклюзивная лицензия от компании Медиакорпорация Китая"},
		{"vgtrk", "zh-CN", "贵机构已从中央广播电视总台获得涵盖此范围的独家许可"},
		{"cmg", "en", "Your own exclusive licence to All-Russia State Television and Radio Broadcasting Company (VGTRK) covers it"},
		{"cmg", "zh-CN", "贵机构已向全俄国家电视广播公司授予涵盖此范围的独家许可"},
	} {
		c := s.client(t, x.org, auth.RoleViewer)
		c.lang = x.lang
		for _, page := range []string{path, "/requests"} {
			body := c.get(page).body
			i := strings.Index(body, `<ul class="reasons">`)
			if i < 0 {
				t.Fatalf("%s %s %s: no reasons", x.org, x.lang, page)
			}
			reasons := body[i : i+strings.Index(body[i:], "</ul>")]
			if !strings.Contains(reasons, x.want) {
				t.Errorf("%s %s %s: reasons %q lack %q", x.org, x.lang, page, reasons, x.want)
			}
			if strings.Contains(reasons, "cmg") || strings.Contains(reasons, "vgtrk") {
				t.Errorf("%s %s %s: reasons name an organisation by slug: %q", x.org, x.lang, page, reasons)
			}
		}
	}
	qend := "2025-12-31"
	q := rights.Query{Titles: []string{demo.TitleID("Detective Chinatown 1900")}, Territories: []string{"RU"},
		Media: []rights.Media{rights.FreeTV}, Start: "2025-09-01", End: &qend, Exclusive: true}
	for _, org := range []string{"vgtrk", "cmg"} {
		res, err := s.rights.Query(storetest.As(org, auth.RoleViewer), q)
		if err != nil || len(res.Results) != 1 {
			t.Fatalf("%s: %v, %+v", org, err, res)
		}
		found := false
		for _, r := range res.Results[0].Reasons {
			if r.Code == rights.ExclusiveLicence {
				found = true
				if !r.Own || r.Holder != "cmg" || r.Licensee != "vgtrk" {
					t.Errorf("%s: reason %+v, want own with slugs as data", org, r)
				}
			}
		}
		if !found {
			t.Errorf("%s: no exclusive_licence reason in %+v", org, res.Results[0].Reasons)
		}
	}
}

// TestRequestsLandOnTheTabWithOpenRequests: VGTRK's inbox is empty and its
// outbox holds an open request, so /requests opens the outbox; an explicit
// box in the URL still wins, and CMG (whose inbox holds it) lands there.
func TestRequestsLandOnTheTabWithOpenRequests(t *testing.T) {
	s := newDealSite(t)
	s.submit(t, false)
	vg := s.client(t, "vgtrk", auth.RoleViewer)
	current := func(body string) string { // the tab marked current
		if t := strings.Index(body, `class="tabs"`); t >= 0 {
			body = body[t:]
		}
		i := strings.Index(body, `aria-current="page">`)
		if i < 0 {
			return ""
		}
		j := strings.LastIndex(body[:i], `href="`)
		return body[j+len(`href="`) : strings.Index(body[j+6:], `"`)+j+6]
	}
	if r := vg.get("/requests"); r.StatusCode != http.StatusOK || current(r.body) != "/requests?box=outgoing" {
		t.Fatalf("VGTRK lands on %q", current(r.body))
	}
	if r := vg.get("/requests?box=incoming"); current(r.body) != "/requests?box=incoming" {
		t.Fatalf("an explicit inbox is not kept: %q", current(r.body))
	}
	if r := s.client(t, "cmg", auth.RoleViewer).get("/requests"); current(r.body) != "/requests?box=incoming" {
		t.Fatalf("CMG lands on %q", current(r.body))
	}
}

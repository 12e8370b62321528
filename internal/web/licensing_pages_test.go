package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/demo"
	"github.com/silkbridge/silkbridge/internal/licensing"
	"github.com/silkbridge/silkbridge/internal/rights"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

// dealClient signs in a demo user on the deal site.
func (s *dealSite) client(t *testing.T, org string, role auth.Role) *client {
	t.Helper()
	c := (&site{Server: s.Server}).client(t)
	c.signIn(demo.UserEmail(org, role))
	return c
}

func (s *dealSite) submit(t *testing.T, exclusive bool) *licensing.Request {
	t.Helper()
	end := "2025-12-31"
	r, err := s.licensing.Submit(storetest.As("vgtrk", auth.RoleEditor), licensing.SubmitInput{
		Title: demo.TitleID("Detective Chinatown 1900"), Licensor: "cmg",
		Terms: rights.Terms{Territories: []string{"RU"}, Media: []rights.Media{rights.FreeTV}, Start: "2025-09-01", End: &end, Exclusive: exclusive}})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestRequestPagesWhoSeesWhat(t *testing.T) {
	s := newDealSite(t)
	r := s.submit(t, true)
	path := "/requests/" + r.ID

	// The licensor's editor may answer; its viewer reads without buttons;
	// the licensee may only withdraw; the request is unknown to anyone else.
	cmEditor := s.client(t, "cmg", auth.RoleEditor)
	page := cmEditor.get(path)
	if page.StatusCode != http.StatusOK || !strings.Contains(page.body, `id="accept"`) || !strings.Contains(page.body, `id="decline"`) ||
		!strings.Contains(page.body, `id="submit-counter"`) || strings.Contains(page.body, `id="withdraw"`) {
		t.Fatalf("licensor editor's page: %d\n%s", page.StatusCode, page.body)
	}
	cmViewer := s.client(t, "cmg", auth.RoleViewer)
	page = cmViewer.get(path)
	if page.StatusCode != http.StatusOK || strings.Contains(page.body, `id="accept"`) || strings.Contains(page.body, `id="submit-counter"`) ||
		strings.Contains(page.body, `id="submit-comment"`) {
		t.Fatalf("viewer's page offers moves: %d", page.StatusCode)
	}
	if resp := cmViewer.post(path, path+"/accept", url.Values{}); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("viewer accepting: %d", resp.StatusCode)
	}
	vg := s.client(t, "vgtrk", auth.RoleEditor)
	page = vg.get(path)
	if !strings.Contains(page.body, `id="withdraw"`) || strings.Contains(page.body, `id="accept"`) {
		t.Fatalf("licensee's page offers the wrong moves")
	}
	if resp := vg.post(path, path+"/accept", url.Values{}); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("licensee accepting its own request: %d", resp.StatusCode)
	}
	// There is no "other" organisation in the demo: an unknown request is 404 like one of others.
	if resp := vg.get("/requests/no-such-request"); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("unknown request: %d", resp.StatusCode)
	}
	// Moves need the form's CSRF token.
	if resp := cmEditor.do("POST", path+"/decline", url.Values{}); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("decline without CSRF token: %d", resp.StatusCode)
	}
	if got, _ := s.licensing.Get(storetest.As("cmg", auth.RoleViewer), r.ID); got.State != licensing.Submitted {
		t.Fatalf("a refused move changed the request: %s", got.State)
	}
}

func TestRequestPagesShowWhyAMoveIsRefused(t *testing.T) {
	s := newDealSite(t)
	r := s.submit(t, true)
	path := "/requests/" + r.ID
	cm := s.client(t, "cmg", auth.RoleEditor)

	// A counter with bad terms comes back with the form's errors.
	bad := url.Values{"version": {"1"}, "territories": {"XX"}, "media": {"free_tv"}, "start": {"2025-09-01"}}
	resp := cm.post(path, path+"/counter", bad)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(resp.body, `id="f-territories-err"`) {
		t.Fatalf("bad counter: %d\n%s", resp.StatusCode, resp.body)
	}
	// A counter CMG cannot grant (beyond the end of its holding) shows the reasons.
	beyond := url.Values{"version": {"1"}, "territories": {"RU"}, "media": {"free_tv"}, "start": {"2034-09-01"}, "end": {"2035-06-30"}}
	resp = cm.post(path, path+"/counter", beyond)
	if resp.StatusCode != http.StatusConflict || !strings.Contains(resp.body, `id="refused"`) || !strings.Contains(resp.body, "Outside the rights window") {
		t.Fatalf("ungrantable counter: %d\n%s", resp.StatusCode, resp.body)
	}
	// Accepting a version that is no longer current is refused as stale.
	if _, err := s.licensing.Counter(storetest.As("cmg", auth.RoleEditor), r.ID, licensing.CounterInput{Terms: r.Terms}, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := s.licensing.Counter(storetest.As("vgtrk", auth.RoleEditor), r.ID, licensing.CounterInput{Terms: r.Terms}, ""); err != nil {
		t.Fatal(err)
	}
	resp = cm.post(path, path+"/accept", url.Values{"version": {"2"}})
	if resp.StatusCode != http.StatusConflict || !strings.Contains(resp.body, `id="stale"`) {
		t.Fatalf("stale accept: %d", resp.StatusCode)
	}
	// Once another licence takes the window, the request shows why it is blocked.
	end := "2025-10-31"
	if _, err := s.rights.AddLicence(storetest.As("cmg", auth.RoleEditor), demo.TitleID("Detective Chinatown 1900"), rights.LicenceInput{
		Licensee: "Первый канал", Terms: rights.Terms{Territories: []string{"RU"}, Media: []rights.Media{rights.FreeTV}, Start: "2025-10-01", End: &end}}); err != nil {
		t.Fatal(err)
	}
	inbox := cm.get("/requests")
	if !strings.Contains(inbox.body, "Cannot be granted now") || !strings.Contains(inbox.body, "Первый канал") {
		t.Fatalf("inbox does not show the reason:\n%s", inbox.body)
	}
	resp = cm.post(path, path+"/accept", url.Values{"version": {"3"}})
	// CMG granted that licence, so the reason calls it CMG's own.
	if resp.StatusCode != http.StatusConflict || !strings.Contains(resp.body, "Your own licence to Первый канал covers it, so not exclusively") {
		t.Fatalf("accept over a licence: %d\n%s", resp.StatusCode, resp.body)
	}
}

func TestRequestPagesInEveryLanguage(t *testing.T) {
	s := newDealSite(t)
	r := s.submit(t, false)
	cm := s.client(t, "cmg", auth.RoleEditor)
	want := map[string][]string{
		"en":      {"Licence requests", "Can be granted now", "asks for a licence"},
		"ru":      {"Заявки на лицензии", "Может быть предоставлено сейчас", "запрашивает лицензию"},
		"zh-Hans": {"授权申请", "目前可授权", "申请授权"},
	}
	for lang, texts := range want {
		cm.lang = lang
		// The language cookie of an earlier iteration wins over Accept-Language; clear it.
		cm.http.Jar.SetCookies(mustURL(t, s.URL), []*http.Cookie{{Name: "sb_lang", Value: lang, Path: "/"}})
		for _, p := range []string{"/requests", "/requests/" + r.ID} {
			page := cm.get(p)
			if page.StatusCode != http.StatusOK {
				t.Fatalf("%s %s: %d", lang, p, page.StatusCode)
			}
			if p == "/requests" {
				for _, w := range texts {
					if !strings.Contains(page.body, w) {
						t.Errorf("%s inbox lacks %q", lang, w)
					}
				}
			}
		}
	}
	// Marking notifications read empties the unread list.
	cm.lang = "en"
	cm.http.Jar.SetCookies(mustURL(t, s.URL), []*http.Cookie{{Name: "sb_lang", Value: "en", Path: "/"}})
	if resp := cm.post("/requests", "/notifications/read", url.Values{}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("mark read: %d", resp.StatusCode)
	}
	if n, _ := s.licensing.UnreadCount(storetest.As("cmg", auth.RoleViewer)); n != 0 {
		t.Fatalf("unread after marking = %d", n)
	}
}

func mustURL(t *testing.T, s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

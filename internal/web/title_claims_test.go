package web_test

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/demo"
	"github.com/silkbridge/silkbridge/internal/rights"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

// claimOnCMGFilm records VGTRK's claim on CMG's Detective Chinatown 1900,
// after CMG's own holding ends (so it is not refused as overlapping it).
func (s *dealSite) claimOnCMGFilm(t *testing.T) *rights.Holding {
	t.Helper()
	h, err := s.rights.AddHolding(storetest.As("vgtrk", auth.RoleEditor), demo.TitleID("Detective Chinatown 1900"), rights.HoldingInput{
		Terms: rights.Terms{Territories: []string{"RU"}, Media: []rights.Media{rights.FreeTV}, Start: "2035-01-01", Exclusive: true}})
	if err != nil || h.Status != rights.HoldingClaimed {
		t.Fatalf("claim = %+v, %v", h, err)
	}
	return h
}

// TestTitlePageClaimButtons: the owner's editors get Confirm and Reject on a
// claim, the claimant's editors Withdraw, viewers only the badge; each button
// does what it says and nobody else's works.
func TestTitlePageClaimButtons(t *testing.T) {
	s := newDealSite(t)
	claim := s.claimOnCMGFilm(t)
	path := "/titles/" + demo.TitleID("Detective Chinatown 1900")
	action := path + "/claims/" + claim.ID + "/"
	has := func(body string, classes ...string) string {
		out := ""
		for _, c := range classes {
			if strings.Contains(body, c) {
				out += c + " "
			}
		}
		return out
	}
	buttons := []string{"confirm-claim", "reject-claim", "withdraw-claim"}
	for _, c := range []struct {
		org  string
		role auth.Role
		want string
	}{
		{"cmg", auth.RoleEditor, "confirm-claim reject-claim "},
		{"cmg", auth.RoleAdmin, "confirm-claim reject-claim "},
		{"cmg", auth.RoleViewer, ""},
		{"vgtrk", auth.RoleEditor, "withdraw-claim "},
		{"vgtrk", auth.RoleViewer, ""},
	} {
		page := s.client(t, c.org, c.role).get(path)
		if page.StatusCode != http.StatusOK || !strings.Contains(page.body, "awaiting confirmation") {
			t.Fatalf("%s/%s: %d, no badge", c.org, c.role, page.StatusCode)
		}
		if got := has(page.body, buttons...); got != c.want {
			t.Errorf("%s/%s is offered %q, want %q", c.org, c.role, got, c.want)
		}
	}
	// The claimant cannot confirm its own claim, nor a viewer of the owner.
	vg := s.client(t, "vgtrk", auth.RoleEditor)
	if resp := vg.post(path, action+"confirm", url.Values{}); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("claimant confirming: %d", resp.StatusCode)
	}
	if resp := s.client(t, "cmg", auth.RoleViewer).post(path, action+"reject", url.Values{}); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("owner's viewer rejecting: %d", resp.StatusCode)
	}
	cm := s.client(t, "cmg", auth.RoleEditor)
	if resp := cm.do("POST", action+"reject", url.Values{}); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("reject without the form token: %d", resp.StatusCode)
	}
	// CMG rejects it with a reason; the claimant sees the verdict and withdraws.
	resp := cm.post(path, action+"reject", url.Values{"reason": {"CMG holds Russia"}})
	if resp.StatusCode != http.StatusSeeOther || !strings.Contains(cm.get(path).body, "The claim is rejected.") {
		t.Fatalf("reject: %d", resp.StatusCode)
	}
	page := vg.get(path)
	if !strings.Contains(page.body, ", rejected") || !strings.Contains(page.body, "CMG holds Russia") || has(page.body, buttons...) != "withdraw-claim " {
		t.Fatalf("claimant's page after rejection:\n%s", page.body)
	}
	if got := has(cm.get(path).body, buttons...); got != "confirm-claim " {
		t.Fatalf("owner is offered %q on a rejected claim", got)
	}
	resp = vg.post(path, action+"withdraw", url.Values{})
	if page := vg.get(path); resp.StatusCode != http.StatusSeeOther || !strings.Contains(page.body, "The claim is withdrawn.") || strings.Contains(page.body, "data-status=") {
		t.Fatalf("withdraw: %d", resp.StatusCode)
	}
}

// TestTitlePageClaimsInEveryLanguage: the claims list is translated.
func TestTitlePageClaimsInEveryLanguage(t *testing.T) {
	s := newDealSite(t)
	s.claimOnCMGFilm(t)
	path := "/titles/" + demo.TitleID("Detective Chinatown 1900")
	cm := s.client(t, "cmg", auth.RoleEditor)
	for lang, want := range map[string]string{"zh-Hans": "主张持有，待确认", "ru": "ожидает подтверждения"} {
		page := cm.get(path, "Accept-Language", lang)
		if !strings.Contains(page.body, want) {
			t.Errorf("%s page lacks %q", lang, want)
		}
		for _, en := range []string{"awaiting confirmation", ">Confirm<", ">Reject<", "Claimed rights", "Reason (optional)"} {
			if strings.Contains(page.body, en) {
				t.Errorf("%s page shows English %q", lang, en)
			}
		}
	}
}

// TestBrowserClaimConfirm: CMG's editor confirms VGTRK's claim in Chromium;
// the rights then count as held. The page fits 390 px and desktop widths in
// Chinese and Russian (screenshots in the test's artifact directory).
func TestBrowserClaimConfirm(t *testing.T) {
	s := newDealSite(t)
	claim := s.claimOnCMGFilm(t)
	path := s.URL + "/titles/" + demo.TitleID("Detective Chinatown 1900")
	cm := tab(t)
	browserSignIn(t, cm, s.URL, demo.UserEmail("cmg", auth.RoleEditor))
	for _, lang := range []string{"zh-Hans", "ru"} {
		do(t, cm, chromedp.Navigate(path))
		follow(t, cm, chromedp.Click(chromedp.CSS(`.switcher button[data-lang="`+lang+`"]`)))
		for _, width := range []int64{390, 1280} {
			do(t, cm, chromedp.EmulateViewport(width, 900), chromedp.Navigate(path+"#claims"))
			if wide := eval[bool](t, cm, `document.documentElement.scrollWidth > window.innerWidth`); wide {
				t.Errorf("%s at %d px scrolls sideways", lang, width)
			}
			if n := eval[int](t, cm, `document.querySelectorAll('#claims .confirm-claim').length`); n != 1 {
				t.Fatalf("%s at %d px: %d confirm buttons", lang, width, n)
			}
			shot, err := chromedp.Run(cm, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatal(err)
			}
			name := filepath.Join(t.ArtifactDir(), "claims-"+lang+"-"+strconv.FormatInt(width, 10)+".png")
			if err := os.WriteFile(name, shot, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	do(t, cm, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(path))
	if st := follow(t, cm, chromedp.Click(chromedp.CSS(`#claims li[data-id="`+claim.ID+`"] .confirm-claim`))); st != 200 {
		t.Fatalf("confirm: status %d", st)
	}
	if n := eval[int](t, cm, `document.querySelectorAll('#claims li').length`); n != 0 {
		t.Fatalf("%d claims listed after confirming", n)
	}
	if n := eval[int](t, cm, `document.querySelectorAll('#holdings tr[data-id="`+claim.ID+`"]').length`); n != 1 {
		t.Fatal("the confirmed claim is not among the rights held")
	}
	hs, err := s.rights.Holdings(storetest.As("vgtrk", auth.RoleViewer), demo.TitleID("Detective Chinatown 1900"))
	confirmed := false
	for _, h := range hs {
		confirmed = confirmed || (h.ID == claim.ID && h.Status == rights.HoldingConfirmed)
	}
	if err != nil || len(hs) != 2 || !confirmed {
		t.Fatalf("holdings after confirming = %d, %v", len(hs), err)
	}
}

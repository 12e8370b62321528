package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/licensing"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

// TestRequestNavUnreadAndActingMarksRead: the licensor's nav shows its
// unread notification count; declining the request marks the notification
// about it read, so the badge goes away, while the licensee's new
// notification (the decline) shows in its own nav.
func TestRequestNavUnreadAndActingMarksRead(t *testing.T) {
	s := newDealSite(t)
	cm := storetest.As("cmg", auth.RoleViewer)
	before, err := s.licensing.UnreadCount(cm)
	if err != nil {
		t.Fatal(err)
	}
	r := s.submit(t, false)
	if n, _ := s.licensing.UnreadCount(cm); n != before+1 {
		t.Fatalf("after a submission CMG has %d unread, want %d", n, before+1)
	}
	c := s.client(t, "cmg", auth.RoleEditor)
	page := c.get("/titles")
	if !strings.Contains(page.body, `id="nav-unread"`) || !strings.Contains(page.body, strconv.Itoa(before+1)+" unread notifications") {
		t.Fatalf("nav shows no unread count:\n%s", page.body)
	}
	path := "/requests/" + r.ID
	resp := c.post(path, path+"/decline", url.Values{"version": {strconv.FormatInt(r.Version, 10)}})
	if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("decline: %d\n%s", resp.StatusCode, resp.body)
	}
	if got, _ := s.licensing.Get(cm, r.ID); got.State != licensing.Declined {
		t.Fatalf("request is %s after declining", got.State)
	}
	ns, err := s.licensing.Notifications(cm, licensing.NotificationParams{UnreadOnly: true, Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range ns {
		if n.RequestID == r.ID {
			t.Errorf("notification %s about the declined request is still unread", n.Kind)
		}
	}
	if n, _ := s.licensing.UnreadCount(cm); n != before {
		t.Errorf("CMG has %d unread after acting, want %d", n, before)
	}
	vg := s.client(t, "vgtrk", auth.RoleViewer)
	if page := vg.get("/titles"); !strings.Contains(page.body, `id="nav-unread"`) {
		t.Errorf("VGTRK's nav does not show the decline as unread")
	}
}

package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/rights"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

// TestConditionalAvailsTranslated: a holding waiting on the theatrical
// release shows as a conditional cell in the avails grid, with its reason
// and the event worded in the reader's language, and as the conditional
// status on the title's timeline.
func TestConditionalAvailsTranslated(t *testing.T) {
	for name, open := range engines {
		t.Run(name, func(t *testing.T) {
			s := newDeskSite(t, open)
			ti, err := s.catalogSvc.Readable(storetest.As("cmg", auth.RoleViewer), "cmg", parents)
			if err != nil {
				t.Fatal(err)
			}
			owner := ti.Owner
			_, err = s.rights.AddHolding(storetest.As(owner, auth.RoleEditor), parents, rights.HoldingInput{Terms: rights.Terms{
				Territories: []string{"WORLD"}, Media: []rights.Media{rights.SVOD, rights.FreeTV}, Start: "2025-01-01",
				Avail: &rights.AvailDetail{StartCondition: "Theatrical"}}})
			if err != nil {
				t.Fatal(err)
			}
			for lang, want := range map[string][]string{
				"en":      {"Conditional", "open with the theatrical release, whose date is not yet known"},
				"ru":      {"Условно", "начинаются с выхода в кинопрокат; дата пока неизвестна"},
				"zh-Hans": {"有条件", "自院线上映起生效，其日期尚未确定"},
			} {
				c := s.client(t, owner, auth.RoleEditor)
				c.lang = lang
				page := c.get(deskQuery)
				if page.StatusCode != http.StatusOK {
					t.Fatalf("%s grid: %d", lang, page.StatusCode)
				}
				if got := cellStates(page.body, parents); strings.Join(got, ",") != "conditional,conditional" {
					t.Fatalf("%s cells = %v", lang, got)
				}
				for _, w := range want {
					if !strings.Contains(page.body, w) {
						t.Errorf("%s grid lacks %q", lang, w)
					}
				}
				if strings.Contains(page.body, "conditions.") {
					t.Errorf("%s grid shows a message key", lang)
				}
			}
			c := s.client(t, owner, auth.RoleViewer)
			c.lang = "ru"
			page := c.get("/titles/" + parents)
			if !strings.Contains(page.body, "st-conditional") || !strings.Contains(page.body, "Ожидает события") {
				t.Errorf("timeline lacks the conditional status")
			}
		})
	}
}

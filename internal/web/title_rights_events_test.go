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

// TestTitlePageDatedEvents: the owner's editor, in Russian, is refused a bad
// date with the Russian message beside the date input and the form kept;
// a good date is listed with the event's Russian name, and a holding
// recorded later waiting on that event is fixed from it. A partner sees no
// panel and may not post it.
func TestTitlePageDatedEvents(t *testing.T) {
	s := newDealSite(t)
	film := demo.TitleID("Detective Chinatown 1900")
	path := "/titles/" + film
	action := path + "/conditions"
	cm := s.client(t, "cmg", auth.RoleEditor)
	cm.lang = "ru"
	page := cm.get(path)
	if page.StatusCode != http.StatusOK || !strings.Contains(page.body, "Даты событий") ||
		!strings.Contains(page.body, `id="dated-events-none"`) || !strings.Contains(page.body, `<option value="Theatrical">Выход в кинопрокат</option>`) {
		t.Fatalf("keeper's page: %d\n%s", page.StatusCode, page.body)
	}

	bad := cm.post(path, action, url.Values{"condition": {"Theatrical"}, "date": {"2025-13-01"}, "territories": {"RU"}})
	if bad.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad date: status %d", bad.StatusCode)
	}
	for _, want := range []string{"Укажите дату в формате ГГГГ-ММ-ДД", `id="f-event-date-err"`, `aria-describedby="f-event-date-err"`, `value="2025-13-01"`, `value="RU"`,
		`<option value="Theatrical" selected>`, "Дата не установлена"} {
		if !strings.Contains(bad.body, want) {
			t.Errorf("refused form lacks %q", want)
		}
	}
	for _, en := range []string{"Enter the date", "is not a date", "Dated events", "Date an event"} {
		if strings.Contains(bad.body, en) {
			t.Errorf("Russian page shows English %q", en)
		}
	}
	if ds, err := s.rights.ConditionDates(storetest.As("cmg", auth.RoleViewer), film); err != nil || len(ds) != 0 {
		t.Fatalf("a refused date was stored: %+v %v", ds, err)
	}

	ok := cm.post(path, action, url.Values{"condition": {"Theatrical"}, "date": {"2025-09-12"}, "territories": {"ru, by"}})
	if ok.StatusCode != http.StatusSeeOther || ok.Header.Get("Location") != path+"#dated-events" {
		t.Fatalf("good date: status %d to %q\n%s", ok.StatusCode, ok.Header.Get("Location"), ok.body)
	}
	page = cm.get(path)
	for _, want := range []string{"Дата установлена", `id="dated-events-list"`, "Выход в кинопрокат</td>", "12 сентября 2025 г.", "Россия"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("page after dating lacks %q", want)
		}
	}
	if strings.Contains(page.body, `id="dated-events-none"`) {
		t.Error("the page still says no event is dated")
	}
	h, err := s.rights.AddHolding(storetest.As("cmg", auth.RoleEditor), film, rights.HoldingInput{Terms: rights.Terms{
		Territories: []string{"RU"}, Media: []rights.Media{rights.SVOD}, Start: "2035-01-01",
		Avail: &rights.AvailDetail{StartCondition: "Theatrical", StartLag: "P3M"}}})
	if err != nil || h.Start != "2025-12-12" || h.Avail != nil {
		t.Fatalf("holding recorded after dating = %+v %v", h, err)
	}

	// A date that would leave a record without a window is refused in place.
	if _, err := s.rights.AddHolding(storetest.As("cmg", auth.RoleEditor), film, rights.HoldingInput{Terms: rights.Terms{
		Territories: []string{"KZ"}, Media: []rights.Media{rights.SVOD}, Start: "2035-01-01",
		Avail: &rights.AvailDetail{EndCondition: "Broadcast"}}}); err != nil {
		t.Fatal(err)
	}
	clash := cm.post(path, action, url.Values{"condition": {"Broadcast"}, "date": {"2030-01-01"}})
	if clash.StatusCode != http.StatusConflict || !strings.Contains(clash.body, `id="dated-events-conflict"`) ||
		!strings.Contains(clash.body, "оказался бы пустым") || !strings.Contains(clash.body, `<option value="Broadcast" selected>`) {
		t.Fatalf("date leaving no window: %d\n%s", clash.StatusCode, clash.body)
	}

	vg := s.client(t, "vgtrk", auth.RoleEditor)
	if page := vg.get(path); strings.Contains(page.body, "dated-events") {
		t.Fatal("a partner is shown the dated events panel")
	}
	if resp := vg.post(path, action, url.Values{"condition": {"Broadcast"}, "date": {"2025-10-01"}}); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("partner dating the owner's event: %d", resp.StatusCode)
	}
}

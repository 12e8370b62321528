package web_test

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"

	goical "github.com/emersion/go-ical"

	"github.com/silkbridge/silkbridge/internal/demo"
)

func get(t *testing.T, url string) (*http.Response, string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res, string(body)
}

// The demo festival's public pages need no sign-in, speak the visitor's
// language, filter by day, city and venue, and serve iCalendar files an
// independent parser reads; unknown slugs are 404.
func TestPublicProgramme(t *testing.T) {
	s := newEventSite(t)
	base := s.URL + "/e/" + demo.FestivalSlug
	res, body := get(t, base+"?lang=zh-Hans")
	if res.StatusCode != 200 || !strings.Contains(body, "2025俄罗斯中国电影节") || !strings.Contains(body, "唐探1900") || !strings.Contains(body, `lang="zh-Hans"`) {
		t.Fatalf("zh page: %d\n%s", res.StatusCode, body)
	}
	if strings.Contains(body, "Detective Chinatown") {
		t.Errorf("English title on the Chinese page")
	}
	_, body = get(t, base+"?lang=ru&city="+"Санкт-Петербург")
	if !strings.Contains(body, "Гибель «Лиссабон-мару»") || strings.Contains(body, "Детектив Чайнатаун 1900") {
		t.Errorf("city filter:\n%s", body)
	}
	_, body = get(t, base+"?lang=ru&day=2025-09-13")
	if !strings.Contains(body, "Детектив Чайнатаун 1900") || strings.Contains(body, "Моя страна, мои родители") {
		t.Errorf("day filter:\n%s", body)
	}
	if res, _ := get(t, s.URL+"/e/no-such-festival"); res.StatusCode != 404 {
		t.Errorf("unknown slug: %d", res.StatusCode)
	}
	res, body = get(t, base+".ics?lang=ru")
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/calendar") {
		t.Fatalf("ics: %d %v", res.StatusCode, res.Header)
	}
	cal, err := goical.NewDecoder(bytes.NewReader([]byte(body))).Decode()
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, body)
	}
	if n := len(cal.Events()); n != 3 {
		t.Fatalf("%d events", n)
	}
	sum, _ := cal.Events()[1].Props.Text(goical.PropSummary)
	if sum != "Детектив Чайнатаун 1900" {
		t.Errorf("summary = %q", sum)
	}
	uid, _ := cal.Events()[0].Props.Text(goical.PropUID)
	_, again := get(t, base+".ics?lang=zh-Hans")
	cal2, err := goical.NewDecoder(strings.NewReader(again)).Decode()
	if err != nil {
		t.Fatal(err)
	}
	if uid2, _ := cal2.Events()[0].Props.Text(goical.PropUID); uid2 != uid {
		t.Errorf("UID %s became %s on a second download", uid, uid2)
	}
	sid := strings.SplitN(uid, "@", 2)[0]
	res, one := get(t, base+"/s/"+sid+".ics")
	if res.StatusCode != 200 || strings.Count(one, "BEGIN:VEVENT") != 1 || !strings.Contains(one, "BEGIN:VTIMEZONE\r\nTZID:Europe/Moscow") {
		t.Errorf("single screening ics: %d\n%s", res.StatusCode, one)
	}
	res, page := get(t, base+"/s/"+sid+"?lang=ru")
	if res.StatusCode != 200 || !strings.Contains(page, "openstreetmap.org") || !strings.Contains(page, "Моя страна, мои родители") {
		t.Errorf("screening page: %d\n%s", res.StatusCode, page)
	}
}

// The header's language switcher on a public page returns to it without
// ?lang=, so the language chosen is the one shown.
func TestPublicSwitcherDropsLangParam(t *testing.T) {
	s := newEventSite(t)
	_, body := get(t, s.URL+"/e/"+demo.FestivalSlug+"?lang=ru&city=x")
	if !strings.Contains(body, `name="next" value="/e/`+demo.FestivalSlug+`?city=x"`) {
		t.Errorf("switcher target keeps ?lang=:\n%s", body)
	}
}

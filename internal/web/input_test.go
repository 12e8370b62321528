package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/demo"
	"github.com/silkbridge/silkbridge/internal/licensing"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

// A control character in a title is refused with the field's error worded in
// the interface language, and nothing is stored.
func TestControlCharacterInTitleIsATranslatedFieldError(t *testing.T) {
	s := newSite(t)
	c := s.client(t)
	c.lang = "ru"
	c.signIn("editor@cmg.demo")
	form := url.Values{"kind": {"film"}, "original_language": {"ru"}, "visibility": {"partners"},
		"loc.0.tag": {"ru"}, "loc.0.fixed": {"1"}, "loc.0.title": {"Фильм\x00"}, "loc.0.short_synopsis": {"\u202e\u2066"}}
	r := c.post("/titles/new", "/titles/new", form)
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422", r.StatusCode)
	}
	for _, want := range []string{`id="f-loc-0-title-err"`, "управляющий символ U&#43;0000 в позиции 6", `id="f-loc-0-short-synopsis-err"`, "невидимые символы"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("form lacks %q\n%s", want, r.body)
		}
	}
	items, _, _ := s.catalog.List(storetest.As("cmg", auth.RoleEditor), catalog.ListParams{}, nil)
	if len(items) != 4 {
		t.Fatalf("%d titles after a refused create, want the 4 demo titles", len(items))
	}
}

// User text is shown with dir="auto", so a right-to-left title or one that
// starts with bidirectional controls cannot reorder the text around it.
func TestUserTextIsIsolatedByDirection(t *testing.T) {
	s := newSite(t)
	c := s.client(t)
	c.signIn("viewer@cmg.demo")
	page := c.get("/titles/" + demo.TitleID("Red Silk"))
	if page.StatusCode != http.StatusOK {
		t.Fatalf("title page: %d", page.StatusCode)
	}
	for _, want := range []string{`<h1 lang="en" dir="auto">`, `class="org" lang=`} {
		if !strings.Contains(page.body, want) {
			t.Errorf("title page lacks %s", want)
		}
	}
	if list := c.get("/titles"); !strings.Contains(list.body, `dir="auto">Red Silk</a>`) {
		t.Errorf("catalogue lists titles without dir=auto")
	}
}

// A move posted with a garbled or missing version was made without the
// version check; now it is refused (400) and changes nothing.
func TestMoveWithoutAUsableVersionIsRefused(t *testing.T) {
	s := newDealSite(t)
	r := s.submit(t, true)
	path := "/requests/" + r.ID
	cm := s.client(t, "cmg", auth.RoleEditor)
	for _, form := range []url.Values{{"version": {"abc"}}, {"version": {"1.0"}}, {}} {
		resp := cm.post(path, path+"/accept", form)
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(resp.body, "This page is out of date") {
			t.Fatalf("accept with version %q: %d\n%s", form.Get("version"), resp.StatusCode, resp.body)
		}
		counter := url.Values{"territories": {"RU"}, "media": {"free_tv"}, "start": {"2025-09-01"}, "end": {"2025-11-30"}}
		for k, v := range form {
			counter[k] = v
		}
		if resp := cm.post(path, path+"/counter", counter); resp.StatusCode != http.StatusBadRequest {
			t.Fatalf("counter with version %q: %d", form.Get("version"), resp.StatusCode)
		}
	}
	if got, _ := s.licensing.Get(storetest.As("cmg", auth.RoleViewer), r.ID); got.State != licensing.Submitted || got.Version != 1 {
		t.Fatalf("a move without a version changed the request: %s v%d", got.State, got.Version)
	}
	if resp := cm.post(path, path+"/accept", url.Values{"version": {"1"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("accept with the shown version: %d", resp.StatusCode)
	}
}

// A token name made only of bidirectional controls is refused with the rule's
// own words, in the interface language.
func TestInvisibleTokenNameIsRefused(t *testing.T) {
	s := newSite(t)
	c := s.client(t)
	c.lang = "zh-Hans"
	c.signIn("admin@cmg.demo")
	r := c.post("/org/tokens", "/org/tokens", url.Values{"name": {"\u202e\u2066"}, "role": {"viewer"}})
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.body, "不可见的格式字符") {
		t.Fatalf("status %d\n%s", r.StatusCode, r.body)
	}
}

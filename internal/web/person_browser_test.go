package web_test

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/demo"
	"github.com/silkbridge/silkbridge/internal/people"
)

// A person page, the people list and a title page's People panel in Chinese
// and Russian fit 390 px and desktop without sideways scrolling; a long
// biography and a suggested name do not widen them.
func TestBrowserPeoplePagesFit(t *testing.T) {
	s, ps := newPeopleSite(t)
	admin := auth.WithPrincipal(context.Background(), &auth.Principal{Org: "cmg", Role: auth.RoleAdmin, Name: "t"})
	long := ""
	for range 40 {
		long += "陈思诚导演作品众多"
	}
	chen, err := ps.Create(admin, people.PersonFields{Localizations: map[string]people.PersonName{"zh-Hans": {Name: "陈思诚", Biography: long}},
		Org: "cmg", Roles: []people.PersonRole{"director", "screenwriter", "producer"}, Visibility: "partners"})
	if err != nil {
		t.Fatal(err)
	}
	dc := demo.TitleID("Detective Chinatown 1900")
	if _, err := ps.SetCredits(admin, dc, []people.TitleCredit{{Role: "screenwriter", PersonID: chen.ID}}, nil); err != nil {
		t.Fatal(err)
	}
	ctx := tab(t)
	browserSignIn(t, ctx, s.URL, "viewer@vgtrk.demo")
	for _, lang := range []string{"zh-Hans", "ru"} {
		do(t, ctx, chromedp.Navigate(s.URL+"/people/"+chen.ID))
		do(t, ctx, chromedp.Click(chromedp.CSS(`.switcher button[data-lang="`+lang+`"]`)), chromedp.WaitVisible(chromedp.CSS(`html[lang="`+lang+`"] #person-name`)))
		want := map[string]string{"zh-Hans": "陈思诚", "ru": "Чэнь Сычэн"}[lang]
		if got := text(t, ctx, "#person-name"); got != want {
			t.Errorf("%s: heading %q, want %q", lang, got, want)
		}
		if got := eval[int](t, ctx, `document.querySelectorAll('#person-credits a').length`); got != 1 {
			t.Errorf("%s: %d credits", lang, got)
		}
		for _, w := range []int64{390, 1366} {
			eventFits(t, ctx, "person-"+lang, w)
		}
		do(t, ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(s.URL+"/people"), chromedp.WaitVisible(chromedp.CSS(".pp-list")))
		for _, w := range []int64{390, 1366} {
			eventFits(t, ctx, "people-"+lang, w)
		}
		do(t, ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(s.URL+"/titles/"+dc), chromedp.WaitVisible(chromedp.CSS("#title-people")))
		if got := text(t, ctx, "#title-people a"); got != want {
			t.Errorf("%s: title page credit %q, want %q", lang, got, want)
		}
		for _, w := range []int64{390, 1366} {
			eventFits(t, ctx, "title-people-"+lang, w)
		}
		do(t, ctx, chromedp.EmulateViewport(1280, 900))
	}
}

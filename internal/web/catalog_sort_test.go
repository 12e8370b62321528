package web_test

import (
	"bytes"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/demo"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

var cardTitleRE = regexp.MustCompile(`<h2><a href="/titles/([^"]+)" lang="[^"]*" dir="auto">([^<]+)</a></h2>`)

// cardTitles returns the titles of the catalogue page's cards, in order.
func cardTitles(body string) []string {
	var out []string
	for _, m := range cardTitleRE.FindAllStringSubmatch(body, -1) {
		out = append(out, m[2])
	}
	return out
}

// addRussianTitles adds two CMG films titled only in Russian: "Ёлки" starts
// with U+0401, which byte order puts before every other Cyrillic capital.
func addRussianTitles(t *testing.T, s *site) {
	t.Helper()
	for title, year := range map[string]int{"Ёлки": 2019, "Аврора": 2020} {
		f := catalog.Fields{Kind: catalog.KindFilm, OriginalLanguage: "ru", ProductionYear: year, Visibility: catalog.VisibilityPartners,
			Localizations: map[string]catalog.Localization{"ru": {Title: title}}}
		if _, err := s.catalog.Create(storetest.As("cmg", auth.RoleEditor), f); err != nil {
			t.Fatal(err)
		}
	}
}

// TestCatalogueSortsByTitleInTheReadersCollation: in Russian Ё sorts among
// the Е (after Д, before К), and in Chinese the titles follow pinyin (hong,
// li, tang, wo), neither of which byte order gives; the order stays in the
// URL the pager links to.
func TestCatalogueSortsByTitleInTheReadersCollation(t *testing.T) {
	s := newSite(t)
	addRussianTitles(t, s)
	c := s.client(t)
	c.signIn(demo.UserEmail("cmg", auth.RoleViewer))
	c.lang = "ru"
	got := cardTitles(c.get("/titles?sort=title").body)
	want := []string{"Аврора", "Гибель «Лиссабон-мару»", "Детектив Чайнатаун 1900", "Ёлки", "Красный шёлк", "Моя страна, мои родители"}
	if !slices.Equal(got, want) {
		t.Fatalf("Russian order:\n got %q\nwant %q", got, want)
	}
	if got := cardTitles(c.get("/titles").body); !slices.Equal(got, want) {
		t.Fatalf("the default order is not by title: %q", got)
	}
	c.lang = "zh-CN"
	var han []string
	for _, ti := range cardTitles(c.get("/titles?sort=title").body) {
		if strings.ContainsAny(ti, "红里唐我") {
			han = append(han, ti)
		}
	}
	if want := []string{"红丝绸", "里斯本丸沉没", "唐探1900", "我和我的父辈"}; !slices.Equal(han, want) {
		t.Fatalf("Chinese order: %q, want pinyin order %q", han, want)
	}
	c.lang = "en"
	year := c.get("/titles?sort=year")
	if got := cardTitles(year.body); len(got) != 6 || got[len(got)-1] != "Ёлки" || got[len(got)-2] != "Аврора" {
		t.Fatalf("year order (newest first): %q", got)
	}
	if !strings.Contains(year.body, `<option value="year" selected>`) {
		t.Fatal("the chosen order is not selected in the form")
	}
}

// TestCataloguePagesKeepTheOrder: with more titles than a page, the next
// page link keeps the order and continues it.
func TestCataloguePagesKeepTheOrder(t *testing.T) {
	s := newSite(t)
	for i := range 21 {
		f := catalog.Fields{Kind: catalog.KindFilm, OriginalLanguage: "en", ProductionYear: 2000 + i, Visibility: catalog.VisibilityPartners,
			Localizations: map[string]catalog.Localization{"en": {Title: "Zeta " + string(rune('a'+i))}}}
		if _, err := s.catalog.Create(storetest.As("cmg", auth.RoleEditor), f); err != nil {
			t.Fatal(err)
		}
	}
	c := s.client(t)
	c.signIn(demo.UserEmail("cmg", auth.RoleViewer))
	first := c.get("/titles?sort=year")
	m := regexp.MustCompile(`href="(/titles\?[^"]*cursor=[^"]+)" rel="next"`).FindStringSubmatch(first.body)
	if m == nil {
		t.Fatal("no next page link")
	}
	next := strings.ReplaceAll(m[1], "&amp;", "&")
	if !strings.Contains(next, "sort=year") {
		t.Fatalf("next link drops the order: %s", next)
	}
	all := append(cardTitles(first.body), cardTitles(c.get(next).body)...)
	if len(all) != 25 || all[4] != "Zeta u" || all[24] != "Zeta a" { // after the demo's four, 2021-2025
		t.Fatalf("two pages by year: %q", all)
	}
}

// TestCatalogueCountsResultsInTheReadersPlural: "1 произведение",
// "2 произведения", "6 произведений" and the English and Chinese forms.
func TestCatalogueCountsResultsInTheReadersPlural(t *testing.T) {
	s := newSite(t)
	addRussianTitles(t, s)
	c := s.client(t)
	c.signIn(demo.UserEmail("cmg", auth.RoleViewer))
	for _, x := range []struct{ lang, path, want string }{
		{"ru", "/titles", "6 произведений"},
		{"ru", "/titles?year=2024", "1 произведение"},
		{"ru", "/titles?year=2021", "1 произведение"},
		{"ru", "/titles?producer=cmg&kind=film&year=2025", "2 произведения"},
		{"en", "/titles?year=2024", "1 title"},
		{"en", "/titles", "6 titles"},
		{"zh-CN", "/titles", "共 6 个节目"},
	} {
		c.lang = x.lang
		body := c.get(x.path).body
		if !strings.Contains(body, `id="result-count">`+x.want+`</p>`) {
			t.Errorf("%s %s: no %q in the count (%q)", x.lang, x.path, x.want, regexp.MustCompile(`id="result-count">[^<]*`).FindString(body))
		}
	}
}

// TestCatalogueShowsBadFiltersTranslated: year=abc, country=XX and an
// unknown genre are each named beside their input and above the results in
// the page's language, instead of being ignored.
func TestCatalogueShowsBadFiltersTranslated(t *testing.T) {
	s := newSite(t)
	c := s.client(t)
	c.signIn(demo.UserEmail("vgtrk", auth.RoleViewer))
	for lang, want := range map[string][]string{
		"ru":    {"«abc» — не год производства", "«XX» — не код страны", "«opera» — не жанр"},
		"zh-CN": {"“abc”不是有效的出品年份", "“XX”不是国家/地区代码", "“opera”不是有效类型"},
	} {
		c.lang = lang
		r := c.get("/titles?year=abc&country=XX&genre=opera")
		if r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d", lang, r.StatusCode)
		}
		for _, w := range want {
			if n := strings.Count(r.body, w); n != 2 {
				t.Errorf("%s: %q shown %d times, want beside the input and above the results", lang, w, n)
			}
		}
		if len(cardTitles(r.body)) != 0 {
			t.Errorf("%s: titles listed despite the bad filters", lang)
		}
		// country and genre are checked by the catalogue even when the year is fine.
		r = c.get("/titles?year=2025&country=XX", "HX-Request", "true")
		if r.StatusCode != http.StatusOK || !strings.Contains(r.body, want[1]) {
			t.Errorf("%s: htmx answer %d without the country error", lang, r.StatusCode)
		}
	}
}

// TestCatalogueExportsTheTicked: the export names the ticked titles only,
// in the page's language, and skips ids the reader may not read.
func TestCatalogueExportsTheTicked(t *testing.T) {
	s := newSite(t)
	c := s.client(t)
	c.signIn(demo.UserEmail("vgtrk", auth.RoleViewer))
	c.lang = "ru"
	ids := cardTitleRE.FindAllStringSubmatch(c.get("/titles?sort=title").body, -1)
	if len(ids) < 3 {
		t.Fatalf("catalogue lists %d titles", len(ids))
	}
	r := c.get("/titles/export?id=" + ids[0][1] + "&id=" + ids[2][1] + "&id=no-such-title")
	if r.StatusCode != http.StatusOK || !strings.Contains(r.Header.Get("Content-Disposition"), `filename="catalogue-selection-`) {
		t.Fatalf("export: %d %v", r.StatusCode, r.Header)
	}
	wb, err := excelize.OpenReader(bytes.NewReader([]byte(r.body)))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := wb.GetRows("Sheet1")
	if len(rows) != 3 || rows[0][0] != "Название" || rows[1][0] != ids[0][2] || rows[2][0] != ids[2][2] {
		t.Fatalf("exported rows: %q", rows)
	}
	if r := c.get("/titles/export"); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("nothing ticked: status %d", r.StatusCode)
	}
}

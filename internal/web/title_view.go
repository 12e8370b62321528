package web

import (
	"html/template"
	"net/http"
	"net/url"
	"sort"

	"github.com/go-chi/chi/v5"

	"github.com/silkbridge/silkbridge/internal/catalog"
)

// TitleView is a title page: its metadata in one language, the other
// languages one click away, and the sections later capabilities add.
type TitleView struct {
	*Base
	Title     *catalog.Title
	Shown     string // the localization shown
	Loc       catalog.Localization
	Tabs      []LangOption
	Kind      string
	Owner     Named
	Producers []Named
	Countries []string
	Genres    []string
	Credits   []CreditRow
	Releases  []ReleaseRow
	CanEdit   bool
	Extra     []TitleSection
}

// Named is a multilingual name picked for the reader, with its language.
type Named struct {
	Slug, Name, Lang string
}

// CreditRow is a credit with the person's name in the best language.
type CreditRow struct {
	Role, Name, Lang string
}

// ReleaseRow is a release with localized territory, type and date.
type ReleaseRow struct {
	Territory, Type, Date, Note string
}

// TitleSection is a block a later capability adds to the title page (the
// availability timeline, licence offers …) through RegisterTitleSection.
type TitleSection struct {
	ID      string // the element id, for in-page links
	Heading string
	Body    template.HTML
}

// TitleSectionFunc builds a section for title t for the page's viewer (b);
// it returns nil to add nothing. It gets the handler for its services and
// templates.
type TitleSectionFunc func(h *Handler, r *http.Request, t *catalog.Title, b *Base) (*TitleSection, error)

var titleSections []TitleSectionFunc

// RegisterTitleSection adds a section to every title page, in the slot
// marked "title_extra" in templates/title.html. Call it from init.
func RegisterTitleSection(fn TitleSectionFunc) { titleSections = append(titleSections, fn) }

func (h *Handler) titleView(w http.ResponseWriter, r *http.Request) {
	b := h.base(r, "", "catalog")
	prefs := []string{b.Lang}
	if tl := r.URL.Query().Get("tl"); tl != "" {
		prefs = append([]string{tl}, prefs...)
	}
	t, err := h.deps.Catalog.Get(r.Context(), chi.URLParam(r, "id"), prefs)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	orgs, err := h.deps.Orgs.List(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	names := orgNames(orgs)
	named := func(slug string) Named {
		n := Named{Slug: slug}
		if n.Name, n.Lang = b.Pick(names[slug]); n.Name == "" {
			n.Name = slug
		}
		return n
	}
	v := &TitleView{Base: b, Title: t, Shown: t.DisplayLanguage, Loc: t.Localizations[t.DisplayLanguage],
		Kind: b.T("kind." + string(t.Kind)), Owner: named(t.Owner)}
	b.PageTitle = v.Loc.Title
	p := b.User.Principal()
	v.CanEdit = p.CanWrite() && p.Org == t.Owner
	for _, l := range sortedLanguages(t) {
		v.Tabs = append(v.Tabs, LangOption{Tag: l, Name: Autonym(l), Current: l == v.Shown,
			URL: "/titles/" + url.PathEscape(t.ID) + "?tl=" + url.QueryEscape(l)})
	}
	for _, s := range t.Producers {
		v.Producers = append(v.Producers, named(s))
	}
	for _, cc := range t.Countries {
		v.Countries = append(v.Countries, b.Country(cc))
	}
	for _, g := range t.Genres {
		v.Genres = append(v.Genres, b.T("genre."+g))
	}
	for _, c := range t.Credits {
		name, lang := b.Pick(c.Name)
		v.Credits = append(v.Credits, CreditRow{Role: b.T("credit." + c.Role), Name: name, Lang: lang})
	}
	for _, rel := range t.Releases {
		v.Releases = append(v.Releases, ReleaseRow{Territory: b.Country(rel.Territory), Type: b.T("release." + rel.Type),
			Date: b.PartialDate(rel.Date), Note: rel.Note})
	}
	for _, fn := range titleSections {
		s, err := fn(h, r, t, b)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		if s != nil {
			v.Extra = append(v.Extra, *s)
		}
	}
	h.render(w, r, http.StatusOK, "title", v)
}

// sortedLanguages orders a title's languages: the interface languages in the
// switcher's order first, then the rest alphabetically.
func sortedLanguages(t *catalog.Title) []string {
	rank := func(l string) int {
		for i, u := range UILanguages {
			if u == l {
				return i
			}
		}
		return len(UILanguages)
	}
	out := t.Languages()
	sort.Slice(out, func(i, j int) bool {
		ri, rj := rank(out[i]), rank(out[j])
		if ri != rj {
			return ri < rj
		}
		return out[i] < out[j]
	})
	return out
}

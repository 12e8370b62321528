package web

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"sort"

	"github.com/go-chi/chi/v5"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/people"
)

func init() {
	RegisterTitleSection(peopleSection)
	addRoutes(func(h *Handler, r chi.Router) {
		if h.deps.People == nil {
			return
		}
		r.Get("/people", h.peopleList)
		r.Get("/people/{id}", h.personView)
	})
}

// PersonRow is a person in a list or a credit, in the reader's words. The
// web shows public profiles only: private data stays in the API, where
// every read is audited.
type PersonRow struct {
	URL, Name, Lang string
	Suggested       bool
	Roles           string
	Erased          bool
}

// PeopleCreditRow is one credit on the title page's People panel.
type PeopleCreditRow struct {
	PersonRow
	Role      string
	Character string
	CharLang  string
}

// PeopleSectionView is the People panel of a title page.
type PeopleSectionView struct {
	*Base
	Credits []PeopleCreditRow
}

func peopleSection(h *Handler, r *http.Request, t *catalog.Title, b *Base) (*TitleSection, error) {
	if h.deps.People == nil {
		return nil, nil
	}
	cs, err := h.deps.People.Credits(r.Context(), t.ID, []string{b.Lang})
	if err != nil {
		return nil, err
	}
	if len(cs) == 0 {
		return nil, nil
	}
	v := &PeopleSectionView{Base: b}
	for _, c := range cs {
		row := PeopleCreditRow{PersonRow: PersonRow{URL: "/people/" + url.PathEscape(c.PersonID), Name: c.Name, Erased: c.Erased},
			Role: b.T("people.credit." + string(c.Role))}
		row.Character, row.CharLang = b.Pick(c.Character)
		v.Credits = append(v.Credits, row)
	}
	var buf bytes.Buffer
	if err := h.tpl.pages["title"].ExecuteTemplate(&buf, "people_section", v); err != nil {
		return nil, fmt.Errorf("render people section: %w", err)
	}
	return &TitleSection{ID: "people", Heading: b.T("people.section"), Body: template.HTML(buf.String())}, nil
}

// PeopleListView is the directory page.
type PeopleListView struct {
	*Base
	People []PersonRow
	Next   string
}

func (h *Handler) personRow(b *Base, p *people.Person) PersonRow {
	people.Localize(p, []string{b.Lang})
	row := PersonRow{URL: "/people/" + url.PathEscape(p.ID), Name: p.DisplayName, Lang: p.DisplayLanguage,
		Suggested: p.Localizations[p.DisplayLanguage].Suggested, Erased: p.Erased}
	for i, role := range p.Roles {
		if i > 0 {
			row.Roles += b.T("people.list.sep")
		}
		row.Roles += b.T("people.role." + string(role))
	}
	return row
}

func (h *Handler) peopleList(w http.ResponseWriter, r *http.Request) {
	b := h.base(r, "people.list.title", "people")
	items, next, err := h.deps.People.List(r.Context(), people.ListParams{Limit: 50, After: r.URL.Query().Get("cursor")}, []string{b.Lang})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	v := &PeopleListView{Base: b}
	for _, p := range items {
		v.People = append(v.People, h.personRow(b, p))
	}
	if next != "" {
		v.Next = "/people?cursor=" + url.QueryEscape(next)
	}
	h.render(w, r, http.StatusOK, "people", v)
}

// PersonView is a person's page: names in every script, profile and credits.
type PersonView struct {
	*Base
	PersonRow
	Names     []PersonNameRow
	Biography string
	BioLang   string
	Org       Named
	Languages []string
	Credits   []PersonCreditRow
}

// PersonNameRow is the person's name in one language.
type PersonNameRow struct {
	Language, Tag, Name string
	Suggested           bool
}

// PersonCreditRow is a credit on the person's page.
type PersonCreditRow struct {
	URL, Title, Role, Character, CharLang string
}

func (h *Handler) personView(w http.ResponseWriter, r *http.Request) {
	b := h.base(r, "", "people")
	p := auth.FromContext(r.Context())
	if p == nil {
		h.fail(w, r, fmt.Errorf("no principal"))
		return
	}
	person, err := h.deps.People.PublicView(r.Context(), p.Org, chi.URLParam(r, "id"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	v := &PersonView{Base: b, PersonRow: h.personRow(b, person)}
	b.PageTitle = v.Name
	tags := person.NameLanguages()
	sort.Strings(tags)
	for _, tag := range tags {
		l := person.Localizations[tag]
		v.Names = append(v.Names, PersonNameRow{Language: b.Language(tag), Tag: tag, Name: l.Name, Suggested: l.Suggested})
	}
	bios := map[string]string{}
	for tag, l := range person.Localizations {
		if l.Biography != "" {
			bios[tag] = l.Biography
		}
	}
	v.Biography, v.BioLang = b.Pick(bios)
	if person.Org != "" {
		v.Org = Named{Slug: person.Org, Name: person.Org}
		if o, err := h.deps.Orgs.Get(r.Context(), person.Org); err == nil {
			v.Org.Name, v.Org.Lang = b.Pick(o.Names)
		}
	}
	for _, l := range person.Languages {
		v.Languages = append(v.Languages, b.Language(l))
	}
	credits, err := h.deps.People.PersonCredits(r.Context(), person.ID, []string{b.Lang})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	for _, c := range credits {
		row := PersonCreditRow{URL: "/titles/" + url.PathEscape(c.TitleID), Title: c.Title, Role: b.T("people.credit." + string(c.Role))}
		row.Character, row.CharLang = b.Pick(c.Character)
		v.Credits = append(v.Credits, row)
	}
	h.render(w, r, http.StatusOK, "person", v)
}

package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/org"
)

// pageSize is how many titles a catalogue page lists.
const pageSize = 20

// CatalogView is the catalogue list with its filters.
type CatalogView struct {
	*Base
	Items     []TitleRow
	Kinds     []Option
	Genres    []Option
	Producers []Option
	Year      string
	FormErrors
	NextURL  string
	FirstURL string // set when not on the first page
	Filtered bool
}

// TitleRow is one title in the list, with each text's language.
type TitleRow struct {
	ID, Title, TitleLang string
	Kind                 string
	Year                 int
	Owner, OwnerLang     string
	Genres               []string
	Languages            []LangOption
	Cover                string // URL of the title's picture, when it has one
}

func (h *Handler) catalogList(w http.ResponseWriter, r *http.Request) {
	b := h.base(r, "catalog.title", "catalog")
	q := r.URL.Query()
	view := &CatalogView{Base: b, FormErrors: FormErrors{}, Year: strings.TrimSpace(q.Get("year"))}
	p := catalog.ListParams{Limit: pageSize, After: q.Get("cursor")}
	if k := q.Get("kind"); k != "" {
		if !isKind(k) {
			view.FormErrors["kind"] = FieldErr{Input: "kind", Message: b.T("catalog.filter.badkind"), Lang: b.Lang}
		} else {
			p.Kind = catalog.Kind(k)
		}
	}
	if view.Year != "" {
		y, err := strconv.Atoi(view.Year)
		if err != nil || y < 1870 || y > 3000 {
			view.FormErrors["year"] = FieldErr{Input: "year", Message: b.T("catalog.filter.badyear"), Lang: b.Lang}
		} else {
			p.Year = y
		}
	}
	p.Producer, p.Genre = q.Get("producer"), q.Get("genre")
	orgs, err := h.deps.Orgs.List(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	items, next, err := h.deps.Catalog.List(r.Context(), p, []string{b.Lang})
	if apperr.Is(err, apperr.Invalid) { // a stale or forged cursor: start again
		p.After = ""
		items, next, err = h.deps.Catalog.List(r.Context(), p, []string{b.Lang})
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	names := orgNames(orgs)
	ids := make([]string, 0, len(items))
	for _, t := range items {
		ids = append(ids, t.ID)
	}
	covers := h.coverURLs(r, ids)
	for _, t := range items {
		row := h.titleRow(b, t, names)
		row.Cover = covers[t.ID]
		view.Items = append(view.Items, row)
	}
	view.Kinds = kindOptions(b, string(p.Kind))
	view.Genres = genreOptions(b, []string{p.Genre})
	for _, o := range orgs {
		name, _ := b.Pick(o.Names)
		view.Producers = append(view.Producers, Option{Value: o.Slug, Label: name, Selected: o.Slug == p.Producer})
	}
	view.Filtered = p.Kind != "" || p.Year != 0 || p.Producer != "" || p.Genre != ""
	if next != "" {
		nq := cloneQuery(q)
		nq.Set("cursor", next)
		view.NextURL = "/titles?" + nq.Encode()
	}
	if p.After != "" {
		fq := cloneQuery(q)
		fq.Del("cursor")
		view.FirstURL = "/titles?" + fq.Encode()
	}
	h.render(w, r, http.StatusOK, "catalog", view)
}

func (h *Handler) titleRow(b *Base, t *catalog.Title, names map[string]map[string]string) TitleRow {
	row := TitleRow{ID: t.ID, Title: t.DisplayTitle, TitleLang: t.DisplayLanguage, Kind: b.T("kind." + string(t.Kind)), Year: t.ProductionYear}
	row.Owner, row.OwnerLang = b.Pick(names[t.Owner])
	if row.Owner == "" {
		row.Owner = t.Owner
	}
	for _, g := range t.Genres {
		row.Genres = append(row.Genres, b.T("genre."+g))
	}
	for _, l := range sortedLanguages(t) {
		row.Languages = append(row.Languages, LangOption{Tag: l, Name: b.Language(l), Current: l == t.DisplayLanguage})
	}
	return row
}

func orgNames(orgs []*org.Organisation) map[string]map[string]string {
	m := make(map[string]map[string]string, len(orgs))
	for _, o := range orgs {
		m[o.Slug] = o.Names
	}
	return m
}

func isKind(k string) bool {
	for _, x := range catalog.Kinds {
		if string(x) == k {
			return true
		}
	}
	return false
}

func kindOptions(b *Base, selected string) []Option {
	out := make([]Option, 0, len(catalog.Kinds))
	for _, k := range catalog.Kinds {
		out = append(out, Option{Value: string(k), Label: b.T("kind." + string(k)), Selected: string(k) == selected})
	}
	return out
}

func genreOptions(b *Base, selected []string) []Option {
	out := make([]Option, 0, len(catalog.Genres))
	for _, g := range catalog.Genres {
		out = append(out, Option{Value: g, Label: b.T("genre." + g), Selected: contains(selected, g)})
	}
	return out
}

func cloneQuery(q url.Values) url.Values {
	out := url.Values{}
	for k, v := range q {
		if v[0] != "" {
			out[k] = append([]string(nil), v...)
		}
	}
	return out
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

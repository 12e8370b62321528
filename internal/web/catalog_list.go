package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

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
	Sorts     []Option
	Year      string
	Country   string
	FormErrors
	Problems []string // the filters' errors again, inside the results htmx swaps in
	Count    string   // "1 234 titles" in the page's language
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

// catalogSorts are the orders the page offers; the first is the default.
var catalogSorts = []catalog.Sort{catalog.SortTitle, catalog.SortYear, catalog.SortChanged}

func (h *Handler) catalogList(w http.ResponseWriter, r *http.Request) {
	b := h.base(r, "catalog.title", "catalog")
	q := r.URL.Query()
	view := &CatalogView{Base: b, FormErrors: FormErrors{}, Year: strings.TrimSpace(q.Get("year")),
		Country: strings.TrimSpace(q.Get("country"))}
	p := catalog.ListParams{Limit: pageSize, After: q.Get("cursor"), Kind: catalog.Kind(q.Get("kind")),
		Producer: q.Get("producer"), Genre: q.Get("genre"), Country: view.Country, Sort: catalog.Sort(q.Get("sort"))}
	if p.Sort == "" {
		p.Sort = catalogSorts[0]
	}
	if view.Year != "" {
		if y, err := strconv.Atoi(view.Year); err != nil {
			view.filterError(apperr.FieldError{Field: "query.year", Code: catalog.CodeFilterYear, Params: map[string]any{"value": view.Year}})
		} else {
			p.Year = y
		}
	}
	orgs, err := h.deps.Orgs.List(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	// The catalogue checks the other filters even when the year is not a
	// number, so every bad value is named at once.
	items, next, err := h.catalogPage(r, b, &p)
	var ae *apperr.Error
	if errors.As(err, &ae) && ae.Code == apperr.Invalid {
		for _, f := range ae.Fields {
			view.filterError(f)
		}
		err = nil
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if len(view.FormErrors) > 0 {
		items, next = nil, ""
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
	for _, s := range catalogSorts {
		view.Sorts = append(view.Sorts, Option{Value: string(s), Label: b.T("catalogsort.sort." + string(s)), Selected: s == p.Sort})
	}
	view.Filtered = p.Kind != "" || view.Year != "" || p.Producer != "" || p.Genre != "" || p.Country != ""
	if len(view.FormErrors) > 0 {
		status := http.StatusUnprocessableEntity
		if r.Header.Get("HX-Request") != "" {
			status = http.StatusOK // htmx swaps only successful answers in
		}
		h.render(w, r, status, "catalog", view)
		return
	}
	n, err := h.deps.Catalog.Count(r.Context(), p)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	view.Count = b.N("catalogsort.count", n)
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

// catalogPage lists a page; a cursor the listing refuses (stale, forged, or
// made for another order or language) starts again at the first page.
func (h *Handler) catalogPage(r *http.Request, b *Base, p *catalog.ListParams) ([]*catalog.Title, string, error) {
	items, next, err := h.deps.Catalog.List(r.Context(), *p, []string{b.Lang})
	var ae *apperr.Error
	if p.After != "" && errors.As(err, &ae) && len(ae.Fields) == 1 && ae.Fields[0].Field == "cursor" {
		p.After = ""
		items, next, err = h.deps.Catalog.List(r.Context(), *p, []string{b.Lang})
	}
	return items, next, err
}

// filterError shows a refused filter value beside its input and above the
// results (which is what htmx swaps in as the filters change).
func (v *CatalogView) filterError(f apperr.FieldError) {
	input := strings.TrimPrefix(f.Field, "query.")
	if val, ok := f.Params["value"].(string); ok && utf8.RuneCountInString(val) > 40 {
		f.Params["value"] = string([]rune(val)[:40]) + "…"
	}
	msg, ok := codedMessage(v.Localizer, f)
	if !ok {
		msg = v.T("catalogsort.badfilter")
	}
	v.FormErrors[input] = FieldErr{Input: input, Message: msg, Lang: v.Lang}
	v.Problems = append(v.Problems, msg)
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

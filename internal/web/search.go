package web

import (
	"bytes"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/search"
)

func init() {
	addRoutes(func(h *Handler, r chi.Router) {
		r.Get("/search", h.searchPage)
		r.Get("/search/suggest", h.searchSuggest)
	})
}

// SearchView is the search page: hits with highlights, facets that narrow
// the search, and paging.
type SearchView struct {
	*Base
	Query    string
	Total    int
	Capped   bool // more titles match than the search examined
	Hits     []SearchHit
	Facets   []FacetGroup
	Active   []Option // filters applied, each with the URL that removes it
	NextURL  string
	Problem  string
	Searched bool
}

// SearchHit is one found title.
type SearchHit struct {
	ID, Title, Lang string
	Highlight       template.HTML
	MatchedLang     string
	Kind            string
	Year            int
	// MatchIsTitle says the highlight is the displayed title itself, so a
	// suggestion shows it once instead of adding the matched form below.
	MatchIsTitle bool
}

// FacetGroup is one facet with links that add its values as filters.
type FacetGroup struct {
	Name   string
	Values []FacetLink
}

// FacetLink narrows the search to one facet value.
type FacetLink struct {
	Label, URL string
	Count      string
}

// searchFilters are the query parameters the page passes on to the search.
var searchFilters = []string{"kind", "genre", "producer", "country", "year_from", "year_to"}

func (h *Handler) searchPage(w http.ResponseWriter, r *http.Request) {
	b := h.base(r, "search.heading", "search")
	q := r.URL.Query()
	v := &SearchView{Base: b, Query: strings.TrimSpace(q.Get("q"))}
	b.Search = v.Query
	if v.Query == "" || h.deps.Search == nil {
		h.render(w, r, http.StatusOK, "search", v)
		return
	}
	v.Searched = true
	year := func(k string) int { n, _ := strconv.Atoi(q.Get(k)); return n }
	// The page lists titles (people have their own pages): type=title keeps
	// person hits out and still brings titles found by their director.
	p := search.Params{Query: v.Query, Prefs: []string{b.Lang}, Limit: 20, Cursor: q.Get("cursor"), Type: search.TypeTitle,
		Filter: search.Filter{Kind: q.Get("kind"), Genre: q.Get("genre"), Producer: q.Get("producer"),
			Country: strings.ToUpper(q.Get("country")), YearFrom: year("year_from"), YearTo: year("year_to")}}
	res, err := h.deps.Search.Search(r.Context(), p)
	if apperr.Is(err, apperr.Invalid) {
		v.Problem = b.T("search.invalid")
		h.render(w, r, http.StatusUnprocessableEntity, "search", v)
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	v.Total, v.Capped = res.Total, res.Capped
	for _, hit := range res.Hits {
		v.Hits = append(v.Hits, SearchHit{ID: hit.ID, Title: hit.Title, Lang: b.Lang, Highlight: template.HTML(hit.Highlight),
			MatchedLang: hit.MatchedLanguage, Kind: b.T("kind." + hit.Kind), Year: hit.Year})
	}
	// Hit titles are in the display language when the title has it; the
	// highlight is the localization that matched, in its own language.
	for i := range v.Hits {
		v.Hits[i].Lang = displayLang(res.Hits[i], b.Lang)
	}
	name, err := h.orgNamer(r, b)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	v.Facets = facetGroups(b, q, res.Facets, name)
	for _, k := range searchFilters {
		if val := q.Get(k); val != "" {
			v.Active = append(v.Active, Option{Value: withParam(q, k, ""), Label: b.T("search.facet."+k) + ": " + facetLabel(b, k, val, name)})
		}
	}
	if res.NextCursor != "" {
		v.NextURL = withParam(q, "cursor", res.NextCursor)
	}
	h.render(w, r, http.StatusOK, "search", v)
}

func displayLang(hit search.Hit, fallback string) string {
	if hit.MatchedLanguage != "" && hit.Title == plainText(hit.Highlight) {
		return hit.MatchedLanguage
	}
	return fallback
}

// plainText strips the <mark> tags of a highlight and unescapes it.
func plainText(h string) string {
	h = strings.NewReplacer("<mark>", "", "</mark>", "").Replace(h)
	return strings.NewReplacer("&lt;", "<", "&gt;", ">", "&#34;", `"`, "&#39;", "'", "&quot;", `"`, "&amp;", "&").Replace(h)
}

func facetGroups(b *Base, q url.Values, f search.Facets, orgName func(string) string) []FacetGroup {
	groups := []struct {
		key    string
		values []search.FacetValue
	}{{"kind", f.Kind}, {"genre", f.Genre}, {"producer", f.Producer}, {"country", f.Country}}
	var out []FacetGroup
	for _, g := range groups {
		if len(g.values) == 0 || q.Get(g.key) != "" {
			continue
		}
		fg := FacetGroup{Name: b.T("search.facet." + g.key)}
		for _, fv := range g.values {
			fg.Values = append(fg.Values, FacetLink{Label: facetLabel(b, g.key, fv.Value, orgName), Count: b.Num(fv.Count),
				URL: withParam(q, g.key, fv.Value)})
		}
		out = append(out, fg)
	}
	return out
}

func facetLabel(b *Base, key, value string, orgName func(string) string) string {
	switch key {
	case "producer":
		return orgName(value)
	case "kind":
		return b.T("kind." + value)
	case "genre":
		return b.T("genre." + value)
	case "country":
		return b.Country(strings.ToUpper(value))
	}
	return value
}

// withParam returns the search URL with one parameter set (or removed when
// value is empty) and paging restarted.
func withParam(q url.Values, key, value string) string {
	next := url.Values{}
	for k, vs := range q {
		if k != "cursor" {
			next[k] = vs
		}
	}
	if value == "" {
		next.Del(key)
	} else {
		next.Set(key, value)
	}
	return "/search?" + next.Encode()
}

// SuggestView is the list under the header search box.
type SuggestView struct {
	*Base
	Query  string
	Hits   []SearchHit
	People []SuggestPerson // below the titles
}

// searchSuggest answers the header box as the user types (htmx swaps the
// fragment in); without JavaScript the box submits to the search page.
func (h *Handler) searchSuggest(w http.ResponseWriter, r *http.Request) {
	b := h.base(r, "", "")
	v := &SuggestView{Base: b, Query: strings.TrimSpace(r.URL.Query().Get("q"))}
	if v.Query != "" && h.deps.Search != nil {
		// Input the search cannot read lists no titles and nobody.
		hits, people, err := h.deps.Search.SuggestAll(r.Context(), v.Query, []string{b.Lang}, true, true)
		if err != nil && !apperr.Is(err, apperr.Invalid) {
			h.fail(w, r, err)
			return
		}
		for _, hit := range hits {
			// The title in the interface language first (Search.Suggest
			// picks it, falling back to the original language, then
			// English); the form the query matched, when another, below.
			v.Hits = append(v.Hits, SearchHit{ID: hit.ID, Title: hit.Title, Lang: displayLang(hit, b.Lang),
				Highlight: template.HTML(hit.Highlight), MatchedLang: hit.MatchedLanguage, Kind: b.T("kind." + hit.Kind), Year: hit.Year,
				MatchIsTitle: hit.Title == plainText(hit.Highlight)})
		}
		v.People = suggestPeople(b, people)
	}
	var buf bytes.Buffer
	if err := h.tpl.pages["search"].ExecuteTemplate(&buf, "suggestions", v); err != nil {
		h.internalError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}

package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/xuri/excelize/v2"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/langtag"
)

func init() {
	addRoutes(func(h *Handler, r chi.Router) {
		r.Get("/titles/export", h.catalogExport)
	})
}

// maxExport bounds how many titles one export names (a page is 20).
const maxExport = 200

// catalogExport downloads the titles ticked on the catalogue page as a
// workbook an acquisitions manager can circulate: one row per title with its
// name in the page's language and in each interface language, kind, year,
// owner, producers, countries, genres, languages and identifiers. Titles the
// reader may not read are left out, as the catalogue leaves them out.
func (h *Handler) catalogExport(w http.ResponseWriter, r *http.Request) {
	b := h.base(r, "catalog.title", "catalog")
	ids := r.URL.Query()["id"]
	if len(ids) == 0 {
		h.redirectWithFlash(w, r, "/titles", "flash.catalogsort.noselection")
		return
	}
	if len(ids) > maxExport {
		ids = ids[:maxExport]
	}
	orgs, err := h.deps.Orgs.List(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	names := orgNames(orgs)
	var titles []*catalog.Title
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		t, err := h.deps.Catalog.Get(r.Context(), id, []string{b.Lang})
		if apperr.Is(err, apperr.NotFound) {
			continue
		}
		if err != nil {
			h.fail(w, r, err)
			return
		}
		titles = append(titles, t)
	}
	data, err := catalogWorkbook(b, titles, names)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	hd.Set("Content-Disposition", `attachment; filename="catalogue-selection-`+time.Now().UTC().Format("2006-01-02")+`.xlsx"`)
	hd.Set("Cache-Control", "no-store")
	w.Write(data)
}

func catalogWorkbook(b *Base, titles []*catalog.Title, names map[string]map[string]string) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return nil, err
	}
	header := []any{b.T("catalogsort.col.title")}
	for _, l := range UILanguages {
		header = append(header, b.T("catalogsort.col.titlein", "Language", b.Language(l)))
	}
	for _, k := range []string{"original", "kind", "year", "owner", "producers", "countries", "genres", "languages", "eidr", "isan", "id"} {
		header = append(header, b.T("catalogsort.col."+k))
	}
	if err := sw.SetRow("A1", header); err != nil {
		return nil, err
	}
	org := func(slug string) string {
		if n, _ := b.Pick(names[slug]); n != "" {
			return n
		}
		return slug
	}
	for i, t := range titles {
		row := []any{t.DisplayTitle}
		for _, l := range UILanguages {
			row = append(row, t.Localizations[l].Title)
		}
		original := t.Localizations[langtag.PickFrom(t.Languages(), []string{t.OriginalLanguage})].Title
		var producers, countries, genres, langs []string
		for _, p := range t.Producers {
			producers = append(producers, org(p))
		}
		for _, c := range t.Countries {
			countries = append(countries, b.Country(c))
		}
		for _, g := range t.Genres {
			genres = append(genres, b.T("genre."+g))
		}
		for _, l := range sortedLanguages(t) {
			langs = append(langs, b.Language(l))
		}
		var year any = ""
		if t.ProductionYear != 0 {
			year = t.ProductionYear
		}
		row = append(row, original, b.T("kind."+string(t.Kind)), year, org(t.Owner), strings.Join(producers, ", "),
			strings.Join(countries, ", "), strings.Join(genres, ", "), strings.Join(langs, ", "),
			t.Identifiers.EIDR, t.Identifiers.ISAN, t.ID)
		if err := sw.SetRow(cellRef(i+2), row); err != nil {
			return nil, err
		}
	}
	return workbookBytes(f, sw)
}

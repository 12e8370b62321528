package web

import (
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/rights"
)

func init() {
	addRoutes(func(h *Handler, r chi.Router) {
		r.Get("/rights/avails", h.deskAvails)
		r.Get("/rights/avails/export", h.deskExport)
	})
}

// deskPage is how many available titles one grid page asks for (the
// catalogue-wide query's page; filters then apply to those).
const deskPage = 50

// DeskView is the avails grid page: the question, and titles × columns.
type DeskView struct {
	*Base
	FormErrors
	F                   *deskForm
	Media               []Option
	Kinds, Genres, Orgs []Option
	Columns             []DeskColumn
	Rows                []DeskRow
	Asked               bool
	NextURL, FirstURL   string
	ExportURL, EMAURL   string
	Hidden              int // available titles the filters left out of this page

	query   rights.Query
	results []*rights.Result
}

// DeskRow is one title of the grid.
type DeskRow struct {
	ID, Title, TitleLang, Kind string
	Year                       int
	Cells                      []DeskCell
	genres, producers          []string
	owner, kind                string
	names                      []string
}

func (h *Handler) deskAvails(w http.ResponseWriter, r *http.Request) {
	v, err := h.deskBuild(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	status := http.StatusOK
	if len(v.FormErrors) > 0 {
		status = http.StatusUnprocessableEntity
	}
	h.render(w, r, status, "desk_avails", v)
}

// deskBuild asks the grid's question and lays out the answer. Field errors
// come back in the view, not as err.
func (h *Handler) deskBuild(r *http.Request) (*DeskView, error) {
	if h.deps.Rights == nil {
		return nil, apperr.New(apperr.NotFound, "rights are not enabled")
	}
	b := h.base(r, "desk.avails.title", "avails")
	f := readDeskForm(r.URL.Query())
	v := &DeskView{Base: b, FormErrors: FormErrors{}, F: f, Asked: f.Asked}
	for _, m := range rights.AllMedia {
		v.Media = append(v.Media, Option{Value: string(m), Label: b.T("rights.media." + string(m)), Selected: contains(f.Media, string(m))})
	}
	v.Kinds, v.Genres = kindOptions(b, f.Kind), genreOptions(b, []string{f.Genre})
	orgs, err := h.deps.Orgs.List(r.Context())
	if err != nil {
		return nil, err
	}
	for _, o := range orgs {
		n, _ := b.Pick(o.Names)
		v.Orgs = append(v.Orgs, Option{Value: o.Slug, Label: n, Selected: o.Slug == f.Producer})
	}
	if f.Kind != "" && !isKind(f.Kind) {
		v.FormErrors["kind"] = FieldErr{Input: "kind", Message: b.T("catalog.filter.badkind"), Lang: b.Lang}
	}
	if f.Genre != "" && !contains(catalog.Genres, f.Genre) {
		v.FormErrors["genre"] = FieldErr{Input: "genre", Message: b.T("desk.err.genre"), Lang: b.Lang}
	}
	if !f.Asked || len(v.FormErrors) > 0 {
		return v, nil
	}
	ctx := r.Context()
	v.query = f.query()
	// Titles whose rights wait on an event are listed too, as conditional cells.
	v.query.IncludeConditional = true
	res, err := h.deps.Rights.Query(ctx, v.query)
	if fe, ok := deskErrors(b, err); ok {
		v.FormErrors = fe
		return v, nil
	}
	if err != nil {
		return nil, err
	}
	name, err := h.orgNamer(r, b)
	if err != nil {
		return nil, err
	}
	for _, res := range res.Results {
		t, err := h.deps.Catalog.Get(ctx, res.TitleID, []string{b.Lang})
		if apperr.Is(err, apperr.NotFound) {
			continue // deleted or hidden since: leave it out
		}
		if err != nil {
			return nil, err
		}
		row := deskRow(b, t)
		if !f.keeps(row) {
			v.Hidden++
			continue
		}
		v.Rows = append(v.Rows, row)
		v.results = append(v.results, res)
	}
	v.Columns = deskColumns(b, v.query, f.View)
	ids := make([]string, len(v.Rows))
	for i, row := range v.Rows {
		ids[i] = row.ID
	}
	if len(ids) > 0 {
		cells, err := h.deskCells(ctx, b, name, b.User.Principal().Org, v.query, v.Columns, ids)
		if err != nil {
			return nil, err
		}
		for i := range v.Rows {
			v.Rows[i].Cells = cells[v.Rows[i].ID]
			for j := range v.Rows[i].Cells {
				c := &v.Rows[i].Cells[j]
				c.Label = cellLabel(b, c.State)
				c.PopID = "pop-" + strconv.Itoa(i) + "-" + strconv.Itoa(j)
				c.Summary = strings.Join(c.Lines, "\n")
			}
		}
	}
	sortDeskRows(b.Lang, f.Sort, v.Rows)
	qs := f.values()
	if res.NextCursor != "" {
		qs.Set("cursor", res.NextCursor)
		v.NextURL = "/rights/avails?" + qs.Encode()
	}
	if f.Cursor != "" {
		qs.Del("cursor")
		v.FirstURL = "/rights/avails?" + qs.Encode()
	}
	qs = f.values()
	qs.Set("format", "xlsx")
	v.ExportURL = "/rights/avails/export?" + qs.Encode()
	qs.Set("format", "ema")
	v.EMAURL = "/rights/avails/export?" + qs.Encode()
	return v, nil
}

func deskRow(b *Base, t *catalog.Title) DeskRow {
	row := DeskRow{ID: t.ID, Title: t.DisplayTitle, TitleLang: t.DisplayLanguage, Kind: b.T("kind." + string(t.Kind)),
		Year: t.ProductionYear, genres: t.Genres, producers: t.Producers, owner: t.Owner, kind: string(t.Kind)}
	for _, l := range t.Localizations {
		row.names = append(row.names, strings.ToLower(l.Title))
	}
	return row
}

// keeps applies the title filters (kind, genre, producer or owner, text in
// any of the title's languages).
func (f *deskForm) keeps(row DeskRow) bool {
	switch {
	case f.Kind != "" && f.Kind != row.kind:
		return false
	case f.Genre != "" && !contains(row.genres, f.Genre):
		return false
	case f.Producer != "" && row.owner != f.Producer && !contains(row.producers, f.Producer):
		return false
	}
	if f.Text == "" {
		return true
	}
	needle := strings.ToLower(f.Text)
	for _, n := range row.names {
		if strings.Contains(n, needle) {
			return true
		}
	}
	return false
}

// sortDeskRows orders rows by title in the reader's language's collation
// (pinyin order does not apply: Chinese collates by the CLDR default, Russian
// by its alphabet), or by year, newest first, then title.
func sortDeskRows(lang, by string, rows []DeskRow) {
	col := collate.New(language.Make(lang), collate.Loose)
	sort.SliceStable(rows, func(i, j int) bool {
		if by == "year" && rows[i].Year != rows[j].Year {
			return rows[i].Year > rows[j].Year
		}
		return col.CompareString(rows[i].Title, rows[j].Title) < 0
	})
}

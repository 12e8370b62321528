package web

import (
	"errors"
	"io"
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/avails"
	"github.com/silkbridge/silkbridge/internal/rights"
)

func init() {
	addRoutes(func(h *Handler, r chi.Router) {
		if h.deps.Avails == nil {
			return
		}
		r.Get("/imports", h.importForm)
		r.Post("/imports", h.importSubmit)
		r.Get("/imports/{id}", h.importStatus)
	})
}

// ImportFormView is the avails upload form.
type ImportFormView struct {
	*Base
	Kind     string
	KeepGood bool
	Err      string
}

// ImportView is an import's progress and, when finished, its report.
type ImportView struct {
	*Base
	Job      *avails.ImportJob
	Percent  int
	Finished bool
	Rows     []ImportErrorRow
}

// ImportErrorRow is a bad row of the report, worded in the page's language
// (the API's report carries the rules' own words).
type ImportErrorRow struct {
	Sheet, Column, Value, Message string
	Row                           int
}

func (h *Handler) importForm(w http.ResponseWriter, r *http.Request) {
	h.renderImportForm(w, r, http.StatusOK, &ImportFormView{Kind: string(rights.KindHoldings)})
}

func (h *Handler) renderImportForm(w http.ResponseWriter, r *http.Request, status int, v *ImportFormView) {
	v.Base = h.base(r, "imports.title", "imports")
	if !v.CanWrite() {
		h.fail(w, r, apperr.New(apperr.Forbidden, "editors only"))
		return
	}
	if status != http.StatusOK && r.Header.Get("HX-Request") != "" {
		// htmx swaps only successful answers; the form with its message is one.
		status = http.StatusOK
	}
	h.render(w, r, status, "imports", v)
}

// importSubmit takes the upload. The form is posted by htmx with the CSRF
// token in a header, so the body is read here, bounded by the import's own
// limit, and an oversize file gets a message rather than a broken page.
func (h *Handler) importSubmit(w http.ResponseWriter, r *http.Request) {
	st := stateOf(r)
	v := &ImportFormView{Kind: r.URL.Query().Get("kind")}
	r.Body = http.MaxBytesReader(w, r.Body, avails.MaxBytes+1<<20)
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		var tooBig *http.MaxBytesError
		v.Err = st.loc.T("imports.err.nofile")
		if errors.As(err, &tooBig) {
			v.Err = st.loc.T("imports.err.toobig", "MB", st.loc.Num(avails.MaxBytes>>20))
		}
		h.renderImportForm(w, r, http.StatusUnprocessableEntity, v)
		return
	}
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	v.Kind, v.KeepGood = r.PostFormValue("kind"), r.PostFormValue("keep_good_rows") != ""
	f, _, err := r.FormFile("file")
	if err != nil {
		v.Err = st.loc.T("imports.err.nofile")
		h.renderImportForm(w, r, http.StatusUnprocessableEntity, v)
		return
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, avails.MaxBytes+1))
	if err != nil || len(data) == 0 {
		v.Err = st.loc.T("imports.err.nofile")
		h.renderImportForm(w, r, http.StatusUnprocessableEntity, v)
		return
	}
	if len(data) > avails.MaxBytes {
		v.Err = st.loc.T("imports.err.toobig", "MB", st.loc.Num(avails.MaxBytes>>20))
		h.renderImportForm(w, r, http.StatusUnprocessableEntity, v)
		return
	}
	j, err := h.deps.Avails.Submit(r.Context(), data, avails.ImportOptions{Kind: rights.Kind(v.Kind), KeepGoodRows: v.KeepGood})
	if apperr.Is(err, apperr.Invalid) {
		v.Err = st.loc.T("imports.err.file")
		h.renderImportForm(w, r, http.StatusUnprocessableEntity, v)
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	to := "/imports/" + j.ID
	if r.Header.Get("HX-Request") != "" {
		w.Header().Set("HX-Redirect", to)
		w.WriteHeader(http.StatusNoContent)
		return
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// importStatus shows an import; while it runs, the status block asks for
// itself again every second (htmx), so the bar follows the job, then the
// report replaces it.
func (h *Handler) importStatus(w http.ResponseWriter, r *http.Request) {
	b := h.base(r, "imports.status.title", "imports")
	j, err := h.deps.Avails.ImportStatus(r.Context(), chi.URLParam(r, "id"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	v := &ImportView{Base: b, Job: j, Finished: j.Status.Finished()}
	if j.RowsTotal > 0 {
		v.Percent = j.RowsDone * 100 / j.RowsTotal
	}
	if j.Report != nil {
		for _, e := range j.Report.Errors {
			row := ImportErrorRow{Sheet: e.Sheet, Row: e.Row, Column: e.Column, Value: e.Value, Message: b.T("imports.err.row")}
			switch e.Sheet { // the EMA sheets' names; others are the file's own
			case avails.SheetMovies:
				row.Sheet = b.T("imports.sheet.movies")
			case avails.SheetTV:
				row.Sheet = b.T("imports.sheet.tv")
			}
			if e.Column != "" {
				row.Message = b.T("imports.err.cell", "Column", e.Column)
			}
			v.Rows = append(v.Rows, row)
		}
	}
	h.render(w, r, http.StatusOK, "import", v)
}

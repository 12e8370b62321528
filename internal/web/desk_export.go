package web

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/avails"
)

// deskExport downloads the grid as it is shown (same question, filters and
// page): format=xlsx is the grid itself in the reader's language, one row
// per title and one column per medium or territory; format=ema is the
// available rows as an EMA Avails workbook of offers (avails.WriteOffers).
func (h *Handler) deskExport(w http.ResponseWriter, r *http.Request) {
	v, err := h.deskBuild(r)
	if err == nil && (!v.Asked || len(v.FormErrors) > 0) {
		err = apperr.New(apperr.Invalid, "the avails question is incomplete")
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	var data []byte
	name := "avails-grid.xlsx"
	switch r.URL.Query().Get("format") {
	case "ema":
		name = "avails-offers.xlsx"
		data, err = avails.WriteOffers(r.Context(), h.deps.Catalog, v.User.Principal().Org, offersOf(v.query, v.results))
	default:
		data, err = gridWorkbook(v)
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	hd.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	hd.Set("Cache-Control", "no-store")
	w.Write(data)
}

// gridWorkbook writes the grid: title, year, kind, then each column's state
// with its explanation.
func gridWorkbook(v *DeskView) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	sheet := "Sheet1"
	header := []any{v.T("desk.col.title"), v.T("desk.col.year"), v.T("desk.col.kind")}
	for _, c := range v.Columns {
		header = append(header, c.Label)
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return nil, err
	}
	if err := sw.SetRow("A1", header); err != nil {
		return nil, err
	}
	for i, row := range v.Rows {
		year := ""
		if row.Year != 0 {
			year = strconv.Itoa(row.Year)
		}
		vals := []any{row.Title, year, row.Kind}
		for _, c := range row.Cells {
			vals = append(vals, strings.TrimSpace(c.Label+"\n"+c.Summary))
		}
		if err := sw.SetRow(cellRef(i+2), vals); err != nil {
			return nil, err
		}
	}
	return workbookBytes(f, sw)
}

func cellRef(row int) string { return "A" + strconv.Itoa(row) }

// workbookBytes flushes a workbook's one streamed sheet and returns the file.
func workbookBytes(f *excelize.File, sw *excelize.StreamWriter) ([]byte, error) {
	if err := sw.Flush(); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

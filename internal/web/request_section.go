package web

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"net/url"

	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/licensing"
)

func init() { RegisterTitleSection(licensingSection) }

// LicensingSectionView is the title page's licensing block: the requests on
// the title between the user's organisation and others, and a way to ask.
type LicensingSectionView struct {
	*Base
	NewURL string
	Rows   []RequestRow
}

// Table is the section's requests for the table partial.
func (v *LicensingSectionView) Table() RowsTable { return RowsTable{Base: v.Base, Rows: v.Rows} }

func licensingSection(h *Handler, r *http.Request, t *catalog.Title, b *Base) (*TitleSection, error) {
	if h.deps.Licensing == nil {
		return nil, nil
	}
	ctx := r.Context()
	list, err := h.deps.Licensing.List(ctx, licensing.ListParams{TitleID: t.ID, Limit: 20})
	if err != nil {
		return nil, err
	}
	v := &LicensingSectionView{Base: b}
	if b.CanWrite() {
		v.NewURL = "/requests/new?title=" + url.QueryEscape(t.ID)
	}
	if len(list) > 0 {
		names, err := h.orgNameMap(ctx, b)
		if err != nil {
			return nil, err
		}
		for _, req := range list {
			v.Rows = append(v.Rows, h.requestRow(ctx, b, names, req))
		}
	}
	if v.NewURL == "" && len(v.Rows) == 0 {
		return nil, nil
	}
	var buf bytes.Buffer
	if err := h.tpl.pages["title"].ExecuteTemplate(&buf, "licensing_section", v); err != nil {
		return nil, fmt.Errorf("render licensing section: %w", err)
	}
	return &TitleSection{ID: "licensing", Heading: b.T("licensing.section.heading"), Body: template.HTML(buf.String())}, nil
}

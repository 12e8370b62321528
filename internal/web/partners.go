package web

import (
	"net/http"
	"sort"
)

// PartnersView lists the organisations that share partner-visible titles
// with the user's organisation.
type PartnersView struct {
	*Base
	Partners []PartnerRow
}

// PartnerRow is one partner organisation.
type PartnerRow struct {
	Slug, Name, Lang, Country string
	Names                     []LangOption // the name in every language it has
}

func (h *Handler) partners(w http.ResponseWriter, r *http.Request) {
	b := h.base(r, "partners.title", "partners")
	if b.Org == nil {
		h.fail(w, r, errNoOrg)
		return
	}
	v := &PartnersView{Base: b}
	for _, slug := range b.Org.Partners {
		o, err := h.deps.Orgs.Get(r.Context(), slug)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		row := PartnerRow{Slug: o.Slug, Country: b.Country(o.Country)}
		row.Name, row.Lang = b.Pick(o.Names)
		for tag, name := range o.Names {
			if tag != row.Lang {
				row.Names = append(row.Names, LangOption{Tag: tag, Name: name})
			}
		}
		sort.Slice(row.Names, func(i, j int) bool { return row.Names[i].Tag < row.Names[j].Tag })
		v.Partners = append(v.Partners, row)
	}
	h.render(w, r, http.StatusOK, "partners", v)
}

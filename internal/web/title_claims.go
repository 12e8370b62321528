package web

import (
	"net/http"
	"net/url"

	"github.com/go-chi/chi/v5"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/rights"
)

func init() {
	addRoutes(func(h *Handler, r chi.Router) {
		r.Post("/titles/{id}/claims/{claim}/{move:confirm|reject|withdraw}", h.claimMove)
	})
}

// ClaimRow is a claim on the rights section of a title page: the terms
// claimed, by whom, and what the viewer may do about it.
type ClaimRow struct {
	RightsRow
	Badge       string // "claimed by X, awaiting confirmation" or "rejected"
	Rejected    bool
	Reason      string // the keepers' reason for rejecting, when given
	Action      string // form action prefix: /titles/{id}/claims/{claim}/
	CanDecide   bool   // the viewer keeps the title (owner or producer) and may write
	CanWithdraw bool   // the viewer's organisation made the claim and the viewer may write
}

// claimRows lists the claims on t the viewer may see (rights.Service.Claims
// decides which), with the buttons its role allows.
func claimRows(h *Handler, r *http.Request, t *catalog.Title, b *Base, name func(string) string) ([]ClaimRow, error) {
	claims, err := h.deps.Rights.Claims(r.Context(), t.ID)
	if err != nil {
		return nil, err
	}
	p := b.User.Principal()
	var out []ClaimRow
	for _, c := range claims {
		row := ClaimRow{RightsRow: rightsRow(b, c.ID, name(c.Holder), "", c.Terms, ""),
			Rejected: c.Status == rights.HoldingRejected, Reason: c.StatusReason,
			Action:    "/titles/" + url.PathEscape(t.ID) + "/claims/" + url.PathEscape(c.ID) + "/",
			CanDecide: rights.CanDecide(t, p.Org, p.CanWrite()), CanWithdraw: p.CanWrite() && c.Holder == p.Org}
		row.Badge = b.T("claims.badge.claimed", "Org", row.From)
		if row.Rejected {
			row.Badge = b.T("claims.badge.rejected", "Org", row.From)
		}
		out = append(out, row)
	}
	return out, nil
}

// claimMove confirms, rejects or withdraws a claim from the title page and
// returns to it. Refusals the user can act on (a confirmation that would
// overlap an exclusive holding, a reason too long) come back as a message on
// the page; the rest are error pages.
func (h *Handler) claimMove(w http.ResponseWriter, r *http.Request) {
	if h.deps.Rights == nil {
		h.fail(w, r, apperr.New(apperr.NotFound, "rights are not enabled"))
		return
	}
	id, claim, move := chi.URLParam(r, "id"), chi.URLParam(r, "claim"), chi.URLParam(r, "move")
	ctx := r.Context()
	var err error
	switch move {
	case "confirm":
		_, err = h.deps.Rights.ConfirmClaim(ctx, id, claim)
	case "reject":
		_, err = h.deps.Rights.RejectClaim(ctx, id, claim, r.PostFormValue("reason"))
	case "withdraw":
		err = h.deps.Rights.DeleteHolding(ctx, id, claim)
	}
	back := "/titles/" + url.PathEscape(id) + "#rights"
	if err == nil {
		flash := map[string]string{"confirm": "flash.claimconfirmed", "reject": "flash.claimrejected", "withdraw": "flash.claimwithdrawn"}
		h.redirectWithFlash(w, r, back, flash[move])
		return
	}
	switch apperr.ErrorCode(err) {
	case apperr.Conflict:
		h.redirectWithFlash(w, r, back, "flash.claimconflict")
	case apperr.Invalid:
		h.redirectWithFlash(w, r, back, "flash.claiminvalid")
	default:
		h.fail(w, r, err)
	}
}

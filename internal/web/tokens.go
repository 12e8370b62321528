package web

import (
	"errors"
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/auth"
)

// TokensView lists the organisation's API tokens. NewToken is set only in
// the response that created it: the secret is never stored or shown again.
type TokensView struct {
	*Base
	Tokens   []TokenRow
	Roles    []Option
	Name     string
	NameErr  string
	NewToken string
	NewName  string
}

// TokenRow is one API token.
type TokenRow struct {
	ID, Name, Role, Created, Revoked string
}

func (h *Handler) tokens(w http.ResponseWriter, r *http.Request) {
	h.renderTokens(w, r, http.StatusOK, &TokensView{})
}

func (h *Handler) renderTokens(w http.ResponseWriter, r *http.Request, status int, v *TokensView) {
	v.Base = h.base(r, "tokens.title", "tokens")
	if !v.IsAdmin() {
		h.fail(w, r, apperr.New(apperr.Forbidden, "admins only"))
		return
	}
	list, err := h.deps.Tokens.List(r.Context(), v.User.Org)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	role := r.PostFormValue("role")
	if role == "" {
		role = string(auth.RoleViewer)
	}
	v.Roles = roleOptions(v.Base, role)
	for _, t := range list {
		row := TokenRow{ID: t.ID, Name: t.Name, Role: v.T("role." + string(t.Role)), Created: v.DateTime(t.CreatedAt)}
		if t.RevokedAt != nil {
			row.Revoked = v.DateTime(*t.RevokedAt)
		}
		v.Tokens = append(v.Tokens, row)
	}
	h.render(w, r, status, "tokens", v)
}

// tokenCreate issues a token and shows it in this response only (no
// redirect), so it is never stored in a cookie or the browser history.
func (h *Handler) tokenCreate(w http.ResponseWriter, r *http.Request) {
	st := stateOf(r)
	p := st.user.Principal()
	if err := p.RequireAdmin(); err != nil {
		h.fail(w, r, err)
		return
	}
	role, err := auth.ParseRole(r.PostFormValue("role"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	name := r.PostFormValue("name")
	t, plain, err := h.deps.Tokens.Issue(r.Context(), p.Org, role, name)
	if apperr.Is(err, apperr.Invalid) {
		msg := st.loc.T("tokens.err.name")
		if ae := (*apperr.Error)(nil); errors.As(err, &ae) && len(ae.Fields) > 0 {
			if coded, ok := codedMessage(st.loc, ae.Fields[0]); ok {
				msg = coded
			}
		}
		h.renderTokens(w, r, http.StatusUnprocessableEntity, &TokensView{Name: name, NameErr: msg})
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.renderTokens(w, r, http.StatusOK, &TokensView{NewToken: plain, NewName: t.Name})
}

func (h *Handler) tokenRevoke(w http.ResponseWriter, r *http.Request) {
	p := stateOf(r).user.Principal()
	if err := p.RequireAdmin(); err != nil {
		h.fail(w, r, err)
		return
	}
	if err := h.deps.Tokens.Revoke(r.Context(), p.Org, chi.URLParam(r, "id")); err != nil {
		h.fail(w, r, err)
		return
	}
	h.redirectWithFlash(w, r, "/org/tokens", "flash.revoked")
}

package web

import (
	"errors"
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/auth"
)

// MembersView lists the organisation's users, with the add-member form.
type MembersView struct {
	*Base
	Members []MemberRow
	Roles   []Option
	New     auth.NewUser
	FormErrors
	Notice string
}

// MemberRow is one member and the roles they could be given.
type MemberRow struct {
	ID, Email, Name, Created string
	Role                     string
	Roles                    []Option
	Self                     bool
}

func (h *Handler) members(w http.ResponseWriter, r *http.Request) {
	h.renderMembers(w, r, http.StatusOK, auth.NewUser{Role: auth.RoleViewer}, nil, "")
}

func (h *Handler) renderMembers(w http.ResponseWriter, r *http.Request, status int, nu auth.NewUser, errs apperr.Fields, notice string) {
	b := h.base(r, "members.title", "members")
	list, err := h.deps.Users.Members(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	v := &MembersView{Base: b, Roles: roleOptions(b, string(nu.Role)), New: nu, FormErrors: FormErrors{}, Notice: notice}
	for _, e := range errs {
		msg, lang := fieldMessage(b.Localizer, e)
		v.FormErrors[e.Field] = FieldErr{Input: e.Field, Message: msg, Lang: lang}
	}
	for _, u := range list {
		v.Members = append(v.Members, MemberRow{ID: u.ID, Email: u.Email, Name: u.Name, Created: b.DateTime(u.CreatedAt),
			Role: b.T("role." + string(u.Role)), Roles: roleOptions(b, string(u.Role)), Self: u.ID == b.User.ID})
	}
	h.render(w, r, status, "members", v)
}

func roleOptions(b *Base, selected string) []Option {
	out := make([]Option, 0, len(auth.Roles))
	for _, role := range auth.Roles {
		out = append(out, Option{Value: string(role), Label: b.T("role." + string(role)), Selected: string(role) == selected})
	}
	return out
}

// memberAdd creates a user with an initial password the admin passes on.
func (h *Handler) memberAdd(w http.ResponseWriter, r *http.Request) {
	nu := auth.NewUser{Email: r.PostFormValue("email"), Name: r.PostFormValue("name"),
		Role: auth.Role(r.PostFormValue("role")), Password: r.PostFormValue("password")}
	_, err := h.deps.Users.AddMember(r.Context(), nu)
	var ae *apperr.Error
	if errors.As(err, &ae) && (ae.Code == apperr.Invalid || ae.Code == apperr.Conflict) && len(ae.Fields) > 0 {
		nu.Password = "" // never echo a password back into the page
		h.renderMembers(w, r, http.StatusUnprocessableEntity, nu, ae.Fields, "")
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.redirectWithFlash(w, r, "/org/members", "flash.memberadded")
}

func (h *Handler) memberRole(w http.ResponseWriter, r *http.Request) {
	err := h.deps.Users.SetRole(r.Context(), chi.URLParam(r, "id"), auth.Role(r.PostFormValue("role")))
	if apperr.Is(err, apperr.Conflict) {
		h.renderMembers(w, r, http.StatusConflict, auth.NewUser{Role: auth.RoleViewer}, nil, stateOf(r).loc.T("members.lastadmin"))
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.redirectWithFlash(w, r, "/org/members", "flash.rolechanged")
}

package web

import (
	"net/http"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/auth"
)

// LoginView is the sign-in page.
type LoginView struct {
	*Base
	Email string
	Next  string
	Error string
}

func (h *Handler) loginForm(w http.ResponseWriter, r *http.Request) {
	if stateOf(r).user != nil {
		http.Redirect(w, r, localPath(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	h.render(w, r, http.StatusOK, "login", &LoginView{Base: h.base(r, "login.title", "login"), Next: r.URL.Query().Get("next")})
}

// login checks the password (after reserving an attempt with the limiter), starts a new session
// (a fresh id, so a planted cookie cannot fix the session) and redirects.
func (h *Handler) login(w http.ResponseWriter, r *http.Request) {
	st := stateOf(r)
	email, password := r.PostFormValue("email"), r.PostFormValue("password")
	view := &LoginView{Base: h.base(r, "login.title", "login"), Email: email, Next: r.PostFormValue("next")}
	addr := h.clientAddr(r)
	// The attempt counts as a failure before the password is checked, so
	// concurrent guesses cannot all pass the limit before one is recorded.
	if err := h.deps.Limiter.Reserve(email, addr); err != nil {
		view.Error = view.T("login.toomany")
		h.render(w, r, http.StatusTooManyRequests, "login", view)
		return
	}
	u, err := h.deps.Users.Authenticate(r.Context(), email, password)
	if apperr.Is(err, apperr.Unauthenticated) {
		view.Error = view.T("login.failed")
		h.render(w, r, http.StatusUnauthorized, "login", view)
		return
	}
	if err != nil {
		h.deps.Limiter.Release(email, addr)
		h.fail(w, r, err)
		return
	}
	h.deps.Limiter.Succeed(email, addr)
	raw, _, err := h.deps.Sessions.Start(r.Context(), u)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.setCookie(w, st, sessionCookie, raw, auth.SessionTTL)
	h.clearCookie(w, st, preCookie)
	http.Redirect(w, r, localPath(view.Next), http.StatusSeeOther)
}

func (h *Handler) logout(w http.ResponseWriter, r *http.Request) {
	st := stateOf(r)
	if st.user != nil {
		if err := h.deps.Sessions.End(r.Context(), st.raw); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	h.clearCookie(w, st, sessionCookie)
	h.redirectWithFlash(w, r, "/login", "flash.signedout")
}

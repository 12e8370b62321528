package web

import (
	"net/http"
	"time"
)

// switchLanguage remembers the chosen interface language for a year and
// returns to the page the switcher was on.
func (h *Handler) switchLanguage(w http.ResponseWriter, r *http.Request) {
	lang := r.PostFormValue("lang")
	if !isUILanguage(lang) {
		h.errorPage(w, r, http.StatusBadRequest, "error.invalid.title", "error.invalid.body")
		return
	}
	h.setCookie(w, stateOf(r), langCookie, lang, 365*24*time.Hour)
	http.Redirect(w, r, localPath(r.PostFormValue("next")), http.StatusSeeOther)
}

package web

import (
	"context"
	"crypto/subtle"
	"errors"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/org"
	"github.com/silkbridge/silkbridge/internal/server"
)

// Cookie names. sb_session matches the server's per-client rate limiter.
const (
	sessionCookie = "sb_session"
	// preCookie keys the CSRF token of a visitor who has not signed in yet
	// (the sign-in form and the language switcher must be protected too).
	preCookie = "sb_pre"
)

// reqState is what the web layer knows about a request.
type reqState struct {
	user    *auth.User
	org     *org.Organisation
	raw     string // the session id or pre-session key that CSRF tokens derive from
	csrf    string // the form token: HMAC of raw under the server key
	loc     *Localizer
	flash   string
	secure  bool
	written bool
	// err is a failure to resolve the state (the database did not answer);
	// withState turns it into a 500 page rather than treating the visitor as
	// signed out.
	err error
}

type stateKey struct{}

func stateOf(r *http.Request) *reqState {
	st, _ := r.Context().Value(stateKey{}).(*reqState)
	return st
}

// withState resolves the session cookie and the language for every web
// request, and puts the user's principal in the context for the services.
func (h *Handler) withState(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r = h.attachState(w, r)
		if err := stateOf(r).err; err != nil {
			h.log.Error("web session state", "err", err, "path", r.URL.Path)
			h.errorPage(w, r, http.StatusInternalServerError, "error.internal.title", "error.internal.body")
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (h *Handler) attachState(w http.ResponseWriter, r *http.Request) *http.Request {
	if stateOf(r) != nil {
		return r
	}
	st := &reqState{secure: h.isSecure(r)}
	st.loc = newLocalizer(h.bundle, negotiate(r), func(id string) { h.log.Warn("missing message", "id", id) })
	ctx := r.Context()
	if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
		u, err := h.deps.Sessions.Resolve(ctx, c.Value)
		switch {
		case err == nil:
			st.user, st.raw = u, c.Value
			ctx = auth.WithPrincipal(ctx, u.Principal())
			if o, err := h.deps.Orgs.Get(ctx, u.Org); err == nil {
				st.org = o
			}
		case apperr.Is(err, apperr.Unauthenticated):
			h.clearCookie(w, st, sessionCookie)
		default:
			st.err = err
		}
	}
	if st.user == nil {
		if c, err := r.Cookie(preCookie); err == nil && len(c.Value) >= 32 && len(c.Value) <= 100 {
			st.raw = c.Value
		} else {
			st.raw = auth.RandomString(32)
			h.setCookie(w, st, preCookie, st.raw, 0)
		}
	}
	if c, err := r.Cookie(flashCookie); err == nil {
		st.flash = c.Value
		h.clearCookie(w, st, flashCookie)
	}
	if tok, err := h.deps.Sessions.CSRFToken(ctx, st.raw); err != nil {
		st.err = errors.Join(st.err, err)
	} else {
		st.csrf = tok
	}
	return r.WithContext(context.WithValue(ctx, stateKey{}, st))
}

// checkCSRF refuses unsafe requests whose form field "csrf" (or, for htmx,
// header X-CSRF-Token) does not match the caller's token.
func (h *Handler) checkCSRF(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			next.ServeHTTP(w, r)
			return
		}
		st := stateOf(r)
		got := r.Header.Get("X-CSRF-Token")
		if got == "" {
			got = r.PostFormValue("csrf")
		}
		if st == nil || st.csrf == "" || subtle.ConstantTimeCompare([]byte(got), []byte(st.csrf)) != 1 {
			h.errorPage(w, r, http.StatusForbidden, "error.csrf.title", "error.csrf.body")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// isSecure reports whether the browser reached us over TLS, directly or
// through a trusted reverse proxy.
func (h *Handler) isSecure(r *http.Request) bool {
	return r.TLS != nil || (h.deps.TrustProxy && strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https"))
}

// clientAddr is the address login limiting counts against: the one the
// server resolved (past its trusted proxies, see server.Config), or the peer
// when the handler runs without the server's middleware (tests).
func (h *Handler) clientAddr(r *http.Request) string {
	if a := server.ClientAddr(r.Context()); a != "" {
		return a
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// setCookie sets an HttpOnly, SameSite=Lax cookie, Secure behind TLS.
// maxAge 0 makes a browser-session cookie.
func (h *Handler) setCookie(w http.ResponseWriter, st *reqState, name, value string, maxAge time.Duration) {
	c := &http.Cookie{Name: name, Value: value, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: st.secure}
	if maxAge > 0 {
		c.MaxAge = int(maxAge.Seconds())
	}
	http.SetCookie(w, c)
}

func (h *Handler) clearCookie(w http.ResponseWriter, st *reqState, name string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: st.secure})
}

// flashCookie carries a message key across a redirect (post/redirect/get).
const flashCookie = "sb_flash"

func (h *Handler) redirectWithFlash(w http.ResponseWriter, r *http.Request, to, flashKey string) {
	h.setCookie(w, stateOf(r), flashCookie, flashKey, time.Minute)
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// requireUser sends visitors who are not signed in to the sign-in page.
func (h *Handler) requireUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if st := stateOf(r); st == nil || st.user == nil {
			if r.Method != http.MethodGet {
				h.errorPage(w, r, http.StatusUnauthorized, "error.signin.title", "error.signin.body")
				return
			}
			http.Redirect(w, r, "/login?next="+urlQueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// base returns the common view of a page.
func (h *Handler) base(r *http.Request, titleKey, nav string) *Base {
	st := stateOf(r)
	b := &Base{Localizer: st.loc, Nav: nav, User: st.user, Org: st.org, CSRF: st.csrf, Here: r.URL.RequestURI()}
	if titleKey != "" {
		b.PageTitle = st.loc.T(titleKey)
	}
	if st.org != nil {
		b.OrgName, b.OrgLang = st.loc.Pick(st.org.Names)
	}
	if st.flash != "" && strings.HasPrefix(st.flash, "flash.") {
		b.Flash = st.loc.T(st.flash)
	}
	b.Unread = h.unreadNotes(r)
	return b
}

// Authenticator lets the JSON API accept the session cookie, so htmx calls
// from pages work. Unsafe methods must also carry the X-CSRF-Token header.
func (h *Handler) Authenticator() func(r *http.Request) (*auth.Principal, error) {
	return func(r *http.Request) (*auth.Principal, error) {
		c, err := r.Cookie(sessionCookie)
		if err != nil || c.Value == "" {
			return nil, nil
		}
		// Errors other than Unauthenticated are the store's: the API answers
		// them with 500, never as a sign-in failure.
		u, err := h.deps.Sessions.Resolve(r.Context(), c.Value)
		if err != nil {
			return nil, err
		}
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
		default:
			want, err := h.deps.Sessions.CSRFToken(r.Context(), c.Value)
			if err != nil {
				return nil, err
			}
			if subtle.ConstantTimeCompare([]byte(r.Header.Get("X-CSRF-Token")), []byte(want)) != 1 {
				return nil, apperr.New(apperr.Unauthenticated, "cookie-authenticated changes need the X-CSRF-Token header of the page")
			}
		}
		return u.Principal(), nil
	}
}

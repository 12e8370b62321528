package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/org"
)

// Base is the part of every page's view: who is signed in, the interface
// language and the helpers templates call (.T, .N, .Date …). Page views embed
// it, so templates reach it as the dot (or $ inside range).
type Base struct {
	*Localizer
	PageTitle string
	Nav       string // which header link is current
	User      *auth.User
	Org       *org.Organisation
	OrgName   string
	OrgLang   string // language of OrgName, for its lang attribute
	CSRF      string
	Here      string // the current path and query, for the language switcher
	Search    string
	Flash     string // a message shown once after a redirect
	Unread    int    // the organisation's unread licensing notifications, for the nav badge
}

// CanWrite reports whether the signed-in user may create and edit titles.
func (b *Base) CanWrite() bool { return b.User != nil && b.User.Principal().CanWrite() }

// IsAdmin reports whether the signed-in user administers the organisation.
func (b *Base) IsAdmin() bool { return b.User != nil && b.User.Role == auth.RoleAdmin }

// Switcher lists the interface languages for the language switcher.
func (b *Base) Switcher() []LangOption {
	out := make([]LangOption, 0, len(UILanguages))
	for _, l := range UILanguages {
		out = append(out, LangOption{Tag: l, Name: Autonym(l), Current: l == b.Lang})
	}
	return out
}

// LangOption is one entry of a language list.
type LangOption struct {
	Tag, Name string
	Current   bool
	URL       string
}

// Option is one choice of a select, radio group or checkbox list.
type Option struct {
	Value, Label string
	Selected     bool
}

// FormErrors are the errors of a form's inputs, keyed by input name. Views
// embed it so templates can write {{.Err "email"}} and {{.Invalid "email"}}.
type FormErrors map[string]FieldErr

// Err returns the error shown beside an input, or nil.
func (e FormErrors) Err(input string) *FieldErr {
	if fe, ok := e[input]; ok {
		return &fe
	}
	return nil
}

// Invalid returns the ARIA attributes that tie an invalid input to its message.
func (e FormErrors) Invalid(input string) template.HTMLAttr {
	if _, ok := e[input]; !ok {
		return ""
	}
	return template.HTMLAttr(`aria-invalid="true" aria-describedby="` + inputID(input) + `-err"`)
}

// templates holds one parsed template set per page: the layout and partials
// of templates/base, and the page file, which defines "content".
type templates struct {
	pages map[string]*template.Template
}

func parseTemplates(fsys fs.FS, funcs template.FuncMap) (*templates, error) {
	shared, err := fs.Glob(fsys, "templates/base/*.html")
	if err != nil {
		return nil, err
	}
	pages, err := fs.Glob(fsys, "templates/*.html")
	if err != nil {
		return nil, err
	}
	t := &templates{pages: map[string]*template.Template{}}
	for _, p := range pages {
		name := strings.TrimSuffix(path.Base(p), ".html")
		tpl, err := template.New(name).Funcs(funcs).ParseFS(fsys, append(append([]string{}, shared...), p)...)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", name, err)
		}
		if tpl.Lookup("content") == nil {
			return nil, fmt.Errorf("template %s defines no content block", name)
		}
		t.pages[name] = tpl
	}
	return t, nil
}

// render executes page into a buffer first, so a template error becomes a
// clean 500 rather than half a page.
func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, page string, view any) {
	tpl, ok := h.tpl.pages[page]
	if !ok {
		h.internalError(w, r, fmt.Errorf("no template %q", page))
		return
	}
	var buf bytes.Buffer
	if err := tpl.ExecuteTemplate(&buf, "layout.html", view); err != nil {
		h.internalError(w, r, fmt.Errorf("render %s: %w", page, err))
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", "text/html; charset=utf-8")
	// Pages show organisation-private data: never cache them in shared caches.
	hd.Set("Cache-Control", "no-store")
	hd.Set("Vary", "Cookie, Accept-Language")
	// media-src blob: lets hls.js feed the preview player through Media Source Extensions.
	hd.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; media-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
	if st := stateOf(r); st != nil {
		hd.Set("Content-Language", st.loc.Lang)
	}
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

func (h *Handler) internalError(w http.ResponseWriter, r *http.Request, err error) {
	h.log.Error("web", "err", err, "path", r.URL.Path)
	http.Error(w, "internal error", http.StatusInternalServerError)
}

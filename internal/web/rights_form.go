package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/rights"
)

func init() {
	addRoutes(func(h *Handler, r chi.Router) {
		r.Get("/titles/{id}/rights/{kind:holdings|licences}/new", h.rightsFormNew)
		r.Get("/titles/{id}/rights/{kind:holdings|licences}/{rid}/edit", h.rightsFormEdit)
		r.Post("/titles/{id}/rights/{kind:holdings|licences}", h.rightsSave)
		r.Post("/titles/{id}/rights/{kind:holdings|licences}/{rid}", h.rightsSave)
		r.Post("/titles/{id}/rights/{kind:holdings|licences}/{rid}/delete", h.rightsDelete)
	})
}

// Rows of repeated inputs the form offers (languages, holdbacks).
const (
	formLangRows     = 4
	formHoldbackRows = 3
)

// rightsForm is a holding or licence as the form holds it: territories as
// ticked groups plus typed countries, less exclusions; media as "only these"
// or "all media except these"; languages as rows of tag and use.
type rightsForm struct {
	Groups            []string
	Countries, Except string
	MediaMode         string // only or except
	Media             []string
	Langs             []langRow
	Start, End        string
	Perpetual         bool
	Exclusive         bool
	Holdbacks         []holdbackRow
	Licensee          string
}

type langRow struct{ Tag, Use string }

type holdbackRow struct{ Territories, Media, Until string }

func readRightsForm(r *http.Request) *rightsForm {
	r.ParseForm()
	p := r.PostForm
	f := &rightsForm{Groups: p["groups"], Countries: p.Get("countries"), Except: p.Get("except"),
		MediaMode: p.Get("media_mode"), Media: p["media"], Start: strings.TrimSpace(p.Get("start")),
		End: strings.TrimSpace(p.Get("end")), Perpetual: p.Get("perpetual") == "on", Exclusive: p.Get("exclusive") == "on",
		Licensee: strings.TrimSpace(p.Get("licensee"))}
	for i := 0; i < formLangRows; i++ {
		n := strconv.Itoa(i)
		f.Langs = append(f.Langs, langRow{Tag: strings.TrimSpace(p.Get("lang_" + n)), Use: p.Get("use_" + n)})
	}
	for i := 0; i < formHoldbackRows; i++ {
		n := strconv.Itoa(i)
		f.Holdbacks = append(f.Holdbacks, holdbackRow{Territories: p.Get("hb_terr_" + n), Media: p.Get("hb_media_" + n),
			Until: strings.TrimSpace(p.Get("hb_until_" + n))})
	}
	return f
}

// rightsFormOf fills the form from stored terms (editing).
func rightsFormOf(t rights.Terms, licensee string) *rightsForm {
	f := &rightsForm{Except: strings.Join(t.ExceptTerritories, ", "), Start: t.Start, Exclusive: t.Exclusive,
		Licensee: licensee, MediaMode: "only", Perpetual: t.End == nil}
	var countries []string
	for _, c := range t.Territories {
		if len(c) == 2 {
			countries = append(countries, c)
		} else {
			f.Groups = append(f.Groups, c)
		}
	}
	f.Countries = strings.Join(countries, ", ")
	for _, m := range t.Media {
		f.Media = append(f.Media, string(m))
	}
	if t.End != nil {
		f.End = *t.End
	}
	for _, l := range t.Languages {
		tag, use, _ := strings.Cut(l, ":")
		f.Langs = append(f.Langs, langRow{Tag: tag, Use: use})
	}
	for len(f.Langs) < formLangRows {
		f.Langs = append(f.Langs, langRow{})
	}
	for _, hb := range t.Holdbacks {
		terr := strings.Join(hb.Territories, ", ")
		if len(hb.ExceptTerritories) > 0 {
			terr += " -" + strings.Join(hb.ExceptTerritories, " -")
		}
		for _, m := range hb.Media {
			f.Holdbacks = append(f.Holdbacks, holdbackRow{Territories: terr, Media: string(m), Until: hb.Until})
		}
	}
	for len(f.Holdbacks) < formHoldbackRows {
		f.Holdbacks = append(f.Holdbacks, holdbackRow{})
	}
	return f
}

// terms returns the form's terms for the domain to validate. "All media
// except" ticks the media left out; holdback territories prefixed with "-"
// are exclusions ("WORLD -CN").
func (f *rightsForm) terms() rights.Terms {
	t := rights.Terms{Territories: append(append([]string{}, f.Groups...), splitList(f.Countries)...),
		ExceptTerritories: splitList(f.Except), Start: f.Start, Exclusive: f.Exclusive}
	for _, m := range rights.AllMedia {
		if contains(f.Media, string(m)) != (f.MediaMode == "except") {
			t.Media = append(t.Media, m)
		}
	}
	for _, l := range f.Langs {
		if l.Tag == "" {
			continue
		}
		if l.Use == "dub" || l.Use == "sub" {
			l.Tag += ":" + l.Use
		}
		t.Languages = append(t.Languages, l.Tag)
	}
	if !f.Perpetual && f.End != "" {
		end := f.End
		t.End = &end
	}
	for _, hb := range f.Holdbacks {
		if strings.TrimSpace(hb.Territories) == "" && hb.Media == "" && hb.Until == "" {
			continue
		}
		h := rights.Holdback{Until: hb.Until, Media: []rights.Media{rights.Media(hb.Media)}}
		for _, c := range splitList(hb.Territories) {
			if ex, ok := strings.CutPrefix(c, "-"); ok {
				h.ExceptTerritories = append(h.ExceptTerritories, ex)
			} else {
				h.Territories = append(h.Territories, c)
			}
		}
		t.Holdbacks = append(t.Holdbacks, h)
	}
	return t
}

// RightsFormView is the page recording or changing a holding or licence.
type RightsFormView struct {
	*Base
	FormErrors
	TitleID, TitleName, TitleLang string
	Kind                          string // holdings or licences
	RecordID                      string // set when editing
	Action                        string
	F                             *rightsForm
	Groups, Media, Uses, AllMedia []Option
	Partners                      []Option // licensee suggestions
	Conflicts                     []ConflictLine
	Keeper                        bool // the viewer's holdings here are confirmed, not claims
}

// ConflictLine is one obstacle of a refused change, with a link to the
// record in the way when it is on the title page.
type ConflictLine struct {
	Text, Ref string
}

func (h *Handler) rightsFormNew(w http.ResponseWriter, r *http.Request) {
	h.rightsFormPage(w, r, "", nil)
}

func (h *Handler) rightsFormEdit(w http.ResponseWriter, r *http.Request) {
	f, err := h.storedRightsForm(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.rightsFormPage(w, r, chi.URLParam(r, "rid"), f)
}

// storedRightsForm loads the record being edited; only its holder or
// licensor may edit it, others get not found (they have no edit page).
func (h *Handler) storedRightsForm(r *http.Request) (*rightsForm, error) {
	id, rid, ctx := chi.URLParam(r, "id"), chi.URLParam(r, "rid"), r.Context()
	me := stateOf(r).user.Principal().Org
	if chi.URLParam(r, "kind") == "holdings" {
		hs, err := h.deps.Rights.Holdings(ctx, id)
		if err != nil {
			return nil, err
		}
		claims, err := h.deps.Rights.Claims(ctx, id)
		if err != nil {
			return nil, err
		}
		for _, x := range append(hs, claims...) {
			if x.ID == rid && x.TitleID == id && x.Holder == me {
				return rightsFormOf(x.Terms, ""), nil
			}
		}
		return nil, apperr.New(apperr.NotFound, "holding %q not found", rid)
	}
	ls, err := h.deps.Rights.Licences(ctx, id)
	if err != nil {
		return nil, err
	}
	for _, x := range ls {
		if x.ID == rid && x.TitleID == id && x.Licensor == me {
			return rightsFormOf(x.Terms, x.Licensee), nil
		}
	}
	return nil, apperr.New(apperr.NotFound, "licence %q not found", rid)
}

// rightsFormPage renders the form (f nil: a new record, WORLD in every medium
// from today, perpetual).
func (h *Handler) rightsFormPage(w http.ResponseWriter, r *http.Request, rid string, f *rightsForm) {
	v, err := h.rightsFormView(r, rid, f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "rights_form", v)
}

func (h *Handler) rightsFormView(r *http.Request, rid string, f *rightsForm) (*RightsFormView, error) {
	if h.deps.Rights == nil {
		return nil, apperr.New(apperr.NotFound, "rights are not enabled")
	}
	id, kind := chi.URLParam(r, "id"), chi.URLParam(r, "kind")
	b := h.base(r, "desk.form.title."+kind, "")
	if !b.CanWrite() {
		return nil, apperr.New(apperr.Forbidden, "viewers record no rights")
	}
	t, err := h.deps.Catalog.Get(r.Context(), id, []string{b.Lang})
	if err != nil {
		return nil, err
	}
	if f == nil {
		f = rightsFormOf(rights.Terms{Territories: []string{"WORLD"}, Media: rights.AllMedia, Start: today()}, "")
	}
	v := &RightsFormView{Base: b, FormErrors: FormErrors{}, TitleID: t.ID, TitleName: t.DisplayTitle, TitleLang: t.DisplayLanguage,
		Kind: kind, RecordID: rid, F: f, Keeper: rights.IsKeeper(t, b.User.Principal().Org)}
	v.Action = "/titles/" + url.PathEscape(id) + "/rights/" + kind
	if rid != "" {
		v.Action += "/" + url.PathEscape(rid)
		v.PageTitle = b.T("desk.form.edit." + kind)
	}
	for _, g := range rights.Groups() {
		v.Groups = append(v.Groups, Option{Value: g, Label: groupName(b, g), Selected: contains(f.Groups, g)})
	}
	for _, m := range rights.AllMedia {
		v.Media = append(v.Media, Option{Value: string(m), Label: b.T("rights.media." + string(m)), Selected: contains(f.Media, string(m))})
	}
	for _, u := range []string{"", "dub", "sub"} {
		v.Uses = append(v.Uses, Option{Value: u, Label: b.T("desk.form.use." + useKey(u))})
	}
	v.AllMedia = v.Media
	if kind == "licences" {
		orgs, err := h.deps.Orgs.List(r.Context())
		if err != nil {
			return nil, err
		}
		for _, o := range orgs {
			if o.Slug != b.User.Principal().Org {
				n, _ := b.Pick(o.Names)
				v.Partners = append(v.Partners, Option{Value: o.Slug, Label: n})
			}
		}
	}
	return v, nil
}

func useKey(u string) string {
	if u == "" {
		return "both"
	}
	return u
}

// groupName names a territory group in the reader's language.
func groupName(b *Base, g string) string {
	if g == "WORLD" {
		return b.T("rights.worldwide")
	}
	return b.T("desk.group." + g)
}

func today() string { return time.Now().UTC().Format(time.DateOnly) }

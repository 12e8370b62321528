package web

import (
	"net/url"
	"strings"
	"time"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/rights"
)

// deskForm is the avails grid's question as its GET form (and so its shareable
// URL) holds it.
type deskForm struct {
	Territories, Except, Languages string
	Media                          []string
	Start, End                     string
	Exclusive                      bool
	Match                          string // cover_entire or overlap
	View                           string // media or territories: the grid's columns
	Kind, Genre, Producer, Text    string // filters on the titles found
	Sort                           string // title or year
	Cursor                         string
	Asked                          bool // the form was submitted: run the query
}

func readDeskForm(q url.Values) *deskForm {
	f := &deskForm{Territories: q.Get("territories"), Except: q.Get("except"), Languages: q.Get("languages"),
		Media: q["media"], Start: strings.TrimSpace(q.Get("start")), End: strings.TrimSpace(q.Get("end")),
		Exclusive: q.Get("exclusive") == "on", Match: q.Get("match"), View: q.Get("view"), Kind: q.Get("kind"),
		Genre: q.Get("genre"), Producer: q.Get("producer"), Text: strings.TrimSpace(q.Get("q")), Sort: q.Get("sort"),
		Cursor: q.Get("cursor"), Asked: q.Has("start")}
	if !f.Asked {
		f.Territories, f.Start, f.Match = "WORLD", time.Now().UTC().Format(time.DateOnly), string(rights.Overlap)
	}
	if f.Match != string(rights.CoverEntire) {
		f.Match = string(rights.Overlap)
	}
	if f.View != "territories" {
		f.View = "media"
	}
	if f.Sort != "year" {
		f.Sort = "title"
	}
	return f
}

// query is the availability question; no media ticked asks for every medium.
func (f *deskForm) query() rights.Query {
	q := rights.Query{Territories: splitList(f.Territories), ExceptTerritories: splitList(f.Except),
		Languages: splitList(f.Languages), Start: f.Start, Exclusive: f.Exclusive, Match: rights.Match(f.Match),
		Cursor: f.Cursor, Limit: deskPage}
	for _, m := range f.Media {
		q.Media = append(q.Media, rights.Media(m))
	}
	if len(q.Media) == 0 {
		q.Media = append(q.Media, rights.AllMedia...)
	}
	if f.End != "" {
		end := f.End
		q.End = &end
	}
	return q
}

// values is the form as a query string, for links (next page, exports).
func (f *deskForm) values() url.Values {
	v := url.Values{}
	set := func(k, s string) {
		if s != "" {
			v.Set(k, s)
		}
	}
	set("territories", f.Territories)
	set("except", f.Except)
	set("languages", f.Languages)
	v["media"] = append([]string(nil), f.Media...)
	v.Set("start", f.Start)
	set("end", f.End)
	if f.Exclusive {
		v.Set("exclusive", "on")
	}
	v.Set("match", f.Match)
	v.Set("view", f.View)
	set("kind", f.Kind)
	set("genre", f.Genre)
	set("producer", f.Producer)
	set("q", f.Text)
	v.Set("sort", f.Sort)
	set("cursor", f.Cursor)
	return v
}

// deskInputs maps the query's field paths to the form's inputs.
var deskInputs = map[string]string{"territories": "territories", "except_territories": "except", "media": "media",
	"languages": "languages", "start": "start", "end": "end", "cursor": "cursor", "match": "match"}

// deskErrors words the domain's field errors per input in the reader's
// language (the domain's English stays in the logs and the API).
func deskErrors(b *Base, err error) (FormErrors, bool) {
	ae, ok := err.(*apperr.Error)
	if !ok || ae.Code != apperr.Invalid || len(ae.Fields) == 0 {
		return nil, false
	}
	out := FormErrors{}
	for _, fe := range ae.Fields {
		field, _, _ := strings.Cut(fe.Field, "[")
		input := deskInputs[field]
		if input == "" {
			input = "start"
		}
		if _, seen := out[input]; !seen {
			out[input] = FieldErr{Input: input, Message: b.T("desk.err." + input), Lang: b.Lang}
		}
	}
	return out, true
}

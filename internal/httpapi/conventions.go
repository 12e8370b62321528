package httpapi

import (
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humachi"

	entitytag "github.com/silkbridge/silkbridge/internal/etag"
	"github.com/silkbridge/silkbridge/internal/langtag"
)

// applyConventions sets the API-wide rules of docs/api.md on the huma
// config, so operations added later by any file follow them without
// opting in: the errors each operation documents, Link rel="next" beside
// next_cursor, Vary and per-language ETags for localized answers.
func applyConventions(cfg *huma.Config) {
	cfg.Servers = []*huma.Server{{URL: "/", Description: "This hub (paths are absolute from its root)"}}
	cfg.OnAddOperation = append(cfg.OnAddOperation, documentErrors)
	cfg.Transformers = append(cfg.Transformers, localizedAnswer, nextLink)
}

// documentErrors lists on every operation the answers the shared machinery
// can give it, beside those the operation declared itself: 304 for GETs
// (If-None-Match), 401/403 when secured, 404 with path parameters, 400 /
// 413 / 415 / 422 with a body, 422 with parameters, 409 for changes, 412
// with If-Match, 429 (rate limit) and 500 everywhere.
func documentErrors(oapi *huma.OpenAPI, op *huma.Operation) {
	if op.Responses == nil {
		op.Responses = map[string]*huma.Response{}
	}
	schema := oapi.Components.Schemas.Schema(reflect.TypeFor[ProblemError](), true, "Error")
	add := func(codes ...int) {
		for _, c := range codes {
			k := strconv.Itoa(c)
			if _, ok := op.Responses[k]; !ok {
				op.Responses[k] = &huma.Response{Description: http.StatusText(c),
					Content: map[string]*huma.MediaType{"application/problem+json": {Schema: schema}}}
			}
		}
	}
	if op.Method == http.MethodGet {
		if _, ok := op.Responses["304"]; !ok {
			op.Responses["304"] = &huma.Response{Description: "Not Modified: If-None-Match named the current ETag"}
		}
	}
	if len(op.Security) > 0 {
		add(http.StatusUnauthorized, http.StatusForbidden)
	}
	for _, p := range op.Parameters {
		switch {
		case p.In == "path":
			add(http.StatusNotFound, http.StatusUnprocessableEntity)
		case p.In == "header" && strings.EqualFold(p.Name, "If-Match"):
			add(http.StatusPreconditionFailed, http.StatusUnprocessableEntity)
		default:
			add(http.StatusUnprocessableEntity)
		}
	}
	if op.RequestBody != nil {
		add(http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType, http.StatusUnprocessableEntity)
	}
	switch op.Method {
	case http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
		add(http.StatusConflict)
	}
	if strings.HasPrefix(op.Path, UploadsPath[:len(UploadsPath)-1]) {
		// tus answers 412 (text) to a missing or unsupported Tus-Resumable.
		if _, ok := op.Responses["412"]; !ok {
			op.Responses["412"] = &huma.Response{Description: "Tus-Resumable missing or unsupported",
				Content: map[string]*huma.MediaType{"text/plain": {Schema: &huma.Schema{Type: "string"}}}}
		}
	}
	add(http.StatusTooManyRequests, http.StatusInternalServerError)
	// The catch-all is redundant once the statuses are listed, and a
	// "default" beside them makes generated clients guess.
	delete(op.Responses, "default")
}

// localizedAnswer marks answers whose operation reads Accept-Language or
// lang: Vary: Accept-Language, and an ETag set by the handler gains the
// display language ("v3" -> "v3;lang=zh-Hans"), so a cache never hands one
// language's copy to a reader of another. If-Match accepts the tag of any
// language (entitytag.MatchesVersion).
func localizedAnswer(ctx huma.Context, status string, v any) (any, error) {
	if !readsLanguage(ctx.Operation()) {
		return v, nil
	}
	_, w := humachi.Unwrap(ctx)
	h := w.Header()
	if !strings.Contains(h.Get("Vary"), "Accept-Language") {
		h.Add("Vary", "Accept-Language")
	}
	if tag := h.Get("ETag"); tag != "" {
		lang := displayLanguage(v)
		if lang == "" {
			lang = firstPreference(ctx)
		}
		h.Set("ETag", entitytag.WithLang(tag, lang))
	}
	return v, nil
}

func readsLanguage(op *huma.Operation) bool {
	for _, p := range op.Parameters {
		if (p.In == "query" && p.Name == "lang") || (p.In == "header" && strings.EqualFold(p.Name, "Accept-Language")) {
			return true
		}
	}
	return false
}

// displayLanguage is the body's display_language field, when it has one.
func displayLanguage(v any) string {
	if f, ok := jsonField(v, "display_language"); ok {
		if c, err := langtag.Canonical(f); err == nil {
			return c
		}
	}
	return ""
}

// firstPreference is the caller's first language, canonical (so nothing a
// client sends can break out of the quoted tag), or "".
func firstPreference(ctx huma.Context) string {
	prefs := langtag.ParseAcceptLanguage(ctx.Header("Accept-Language"))
	if l := ctx.Query("lang"); l != "" {
		prefs = append([]string{l}, prefs...)
	}
	for _, p := range prefs {
		if c, err := langtag.Canonical(p); err == nil {
			return c
		}
	}
	return ""
}

// nextLink adds `Link: <…?cursor=…>; rel="next"` (RFC 8288) to every page
// whose body has a next_cursor, so clients can follow pages by header alone.
// It reads the typed body, not the JSON text, and applies to list
// operations added later without their handlers doing anything.
func nextLink(ctx huma.Context, status string, v any) (any, error) {
	next, ok := jsonField(v, "next_cursor")
	if !ok || next == "" {
		return v, nil
	}
	u := ctx.URL()
	q := u.Query()
	q.Set("cursor", next)
	ctx.AppendHeader("Link", "<"+u.Path+"?"+q.Encode()+`>; rel="next"`)
	return v, nil
}

// jsonField finds the string field tagged json:"name" on a struct body
// (or a pointer to one), including embedded structs. Where a type keeps the
// field is found once per type: every answer asks twice (display_language,
// next_cursor), and walking the fields' tags each time was 6% of the CPU of
// reading one title.
func jsonField(v any, name string) (string, bool) {
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer || rv.Kind() == reflect.Interface {
		if rv.IsNil() {
			return "", false
		}
		rv = rv.Elem()
	}
	if rv.Kind() != reflect.Struct {
		return "", false
	}
	key := jsonFieldKey{rv.Type(), name}
	path, ok := jsonFieldPaths.Load(key)
	if !ok {
		path, _ = jsonFieldPaths.LoadOrStore(key, jsonFieldPath(rv.Type(), name))
	}
	if path.([]int) == nil {
		return "", false
	}
	f, err := rv.FieldByIndexErr(path.([]int))
	if err != nil { // through a nil embedded pointer
		return "", false
	}
	return f.String(), true
}

type jsonFieldKey struct {
	t    reflect.Type
	name string
}

// jsonFieldPaths maps a struct type and a JSON name to the index path of
// its string field (nil where it has none).
var jsonFieldPaths sync.Map

// jsonFieldPath is where struct type t keeps the string field tagged
// json:"name", looking into embedded structs (or pointers to them) in
// field order; nil if nowhere.
func jsonFieldPath(t reflect.Type, name string) []int {
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if tag == name && f.Type.Kind() == reflect.String {
			return []int{i}
		}
		if f.Anonymous && tag == "" {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				if sub := jsonFieldPath(ft, name); sub != nil {
					return append([]int{i}, sub...)
				}
			}
		}
	}
	return nil
}

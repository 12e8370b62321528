package httpapi

import (
	"errors"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/silkbridge/silkbridge/internal/apperr"
)

var errBadAuthHeader = apperr.New(apperr.Unauthenticated, "Authorization header must be 'Bearer <token>'")

func cutBearer(h string) (string, bool) {
	scheme, token, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
		return "", false
	}
	return strings.TrimSpace(token), true
}

// statusOf maps an apperr code to its HTTP status.
func statusOf(code apperr.Code) int {
	switch code {
	case apperr.Invalid:
		return http.StatusUnprocessableEntity
	case apperr.NotFound:
		return http.StatusNotFound
	case apperr.Conflict:
		return http.StatusConflict
	case apperr.Forbidden:
		return http.StatusForbidden
	case apperr.Unauthenticated:
		return http.StatusUnauthorized
	case apperr.PreconditionFailed:
		return http.StatusPreconditionFailed
	case apperr.TooMany:
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}

// Problem turns a domain error into an RFC 9457 problem. Internal errors are
// logged by the caller and shown only as "internal error".
func Problem(err error) error {
	var ae *apperr.Error
	if !errors.As(err, &ae) {
		return huma.Error500InternalServerError("internal error")
	}
	details := make([]error, 0, len(ae.Fields))
	fields := make([]FieldProblem, 0, len(ae.Fields))
	for _, f := range ae.Fields {
		loc := "body"
		if f.Field != "" {
			loc = "body." + f.Field
		}
		if f.Field == "cursor" {
			loc = "query.cursor"
		}
		if strings.HasPrefix(f.Field, "query.") { // a bad query parameter, not a body field
			loc = f.Field
		}
		d := &huma.ErrorDetail{Location: loc, Message: f.Message, Value: f.Value}
		details = append(details, d)
		fields = append(fields, FieldProblem{ErrorDetail: d, Code: f.Code, Params: f.Params})
	}
	pe := &ProblemError{ErrorModel: huma.ErrorModel{
		Title:  http.StatusText(statusOf(ae.Code)),
		Status: statusOf(ae.Code),
		Detail: ae.Message,
		Errors: toDetails(details),
	}, Code: string(ae.Code), Refs: ae.Refs}
	if len(fields) > 0 {
		pe.Errors = fields
	}
	return pe
}

// FieldProblem is one field error: huma's detail (shared with the embedded
// model's list) plus, when the domain names the rule broken, its code and
// parameters, so clients can word the error themselves as the web does.
type FieldProblem struct {
	*huma.ErrorDetail
	Code   string         `json:"code,omitempty" doc:"Rule broken, e.g. text.control"`
	Params map[string]any `json:"params,omitempty" doc:"The rule's parameters, e.g. {\"Char\":\"U+0000\",\"Position\":3}"`
}

// ProblemError is huma's problem model plus a stable machine-readable code
// and, for conflicts, the records involved.
type ProblemError struct {
	huma.ErrorModel
	// Errors shadows the model's list in JSON, adding codes; same details.
	Errors []FieldProblem `json:"errors,omitempty"`
	Code   string         `json:"code,omitempty" doc:"Stable error code, e.g. not_found"`
	Refs   []any          `json:"refs,omitempty" doc:"Records involved in a conflict"`
}

func toDetails(errs []error) []*huma.ErrorDetail {
	out := make([]*huma.ErrorDetail, 0, len(errs))
	for _, e := range errs {
		out = append(out, e.(*huma.ErrorDetail))
	}
	return out
}

func init() { huma.NewError = newError }

// newError makes every error huma itself raises (validation, 415, 413…)
// a ProblemError too, so the document describes one error model with
// code and refs, and every answer carries a machine code.
func newError(status int, msg string, errs ...error) huma.StatusError {
	pe := &ProblemError{ErrorModel: huma.ErrorModel{Status: status, Title: http.StatusText(status), Detail: msg}, Code: statusCode(status)}
	for _, err := range errs {
		pe.Add(err)
	}
	return pe
}

// Add appends an error detail to both lists (the embedded model's and the
// one with codes that JSON shows). A detail about the whole body never
// echoes the body back (a 415 or malformed-JSON 400 used to quote it in full).
func (p *ProblemError) Add(err error) {
	var d *huma.ErrorDetail
	if dd, ok := err.(huma.ErrorDetailer); ok {
		d = dd.ErrorDetail()
	} else {
		d = &huma.ErrorDetail{Message: err.Error()}
	}
	if d.Location == "body" {
		d.Value = nil
	}
	p.ErrorModel.Errors = append(p.ErrorModel.Errors, d)
	p.Errors = append(p.Errors, FieldProblem{ErrorDetail: d})
}

// statusCode is the machine code of an error huma raises by status; the
// domain's apperr codes where one exists.
func statusCode(status int) string {
	switch status {
	case http.StatusBadRequest:
		return "bad_request"
	case http.StatusMethodNotAllowed:
		return "method_not_allowed"
	case http.StatusNotAcceptable:
		return "not_acceptable"
	case http.StatusRequestEntityTooLarge:
		return "too_large"
	case http.StatusUnsupportedMediaType:
		return "unsupported_media_type"
	case http.StatusUnprocessableEntity:
		return string(apperr.Invalid)
	case http.StatusNotFound:
		return string(apperr.NotFound)
	case http.StatusConflict:
		return string(apperr.Conflict)
	case http.StatusForbidden:
		return string(apperr.Forbidden)
	case http.StatusUnauthorized:
		return string(apperr.Unauthenticated)
	case http.StatusPreconditionFailed:
		return string(apperr.PreconditionFailed)
	case http.StatusTooManyRequests:
		return string(apperr.TooMany)
	}
	if status >= 500 {
		return string(apperr.Internal)
	}
	return ""
}

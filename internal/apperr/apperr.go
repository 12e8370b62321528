// Package apperr defines the error codes every silkbridge layer speaks.
//
// Domain packages return *Error values; the HTTP layers map codes to status
// codes in one place, and everything else is treated as internal.
package apperr

import (
	"errors"
	"fmt"
)

// Code classifies an error for callers; it is stable and safe to show.
type Code string

// Error codes. Each maps to exactly one HTTP status in httpapi.
const (
	Invalid            Code = "invalid"             // 422: the input breaks a rule
	NotFound           Code = "not_found"           // 404: absent or not visible to the caller
	Conflict           Code = "conflict"            // 409: clashes with stored state
	Forbidden          Code = "forbidden"           // 403: visible but not allowed
	Unauthenticated    Code = "unauthenticated"     // 401: no or bad credentials
	PreconditionFailed Code = "precondition_failed" // 412: stale version
	TooMany            Code = "too_many_requests"   // 429
	Internal           Code = "internal"            // 500: never shown in detail
)

// FieldError names one invalid input field by its JSON path, e.g.
// "localizations.zh-Hans.short_synopsis".
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
	Value   any    `json:"value,omitempty"`
	// Code, when set, names the rule broken (e.g. "text.control") so that
	// interfaces can word the error themselves, filled with Params.
	Code   string         `json:"code,omitempty"`
	Params map[string]any `json:"params,omitempty"`
}

// Error is the error type domain code returns.
type Error struct {
	Code    Code
	Message string
	Fields  []FieldError
	// Refs carries structured detail for conflicts (e.g. conflicting record ids).
	Refs []any
}

func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return fmt.Sprintf("%s: %s", e.Code, e.Message)
	}
	return fmt.Sprintf("%s: %s (%s: %s)", e.Code, e.Message, e.Fields[0].Field, e.Fields[0].Message)
}

// New returns an error with a code and message.
func New(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err, or Internal when err carries none.
func ErrorCode(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// Is reports whether err carries code.
func Is(err error, code Code) bool { return err != nil && ErrorCode(err) == code }

// Fields collects field errors during validation.
type Fields []FieldError

// Add records a problem with one field.
func (f *Fields) Add(field, format string, args ...any) {
	*f = append(*f, FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

// AddCode records a problem with one field under a rule code and its
// parameters, so that interfaces can word it in their own language; the
// formatted message is the English wording API clients see.
func (f *Fields) AddCode(field, code string, params map[string]any, format string, args ...any) {
	*f = append(*f, FieldError{Field: field, Message: fmt.Sprintf(format, args...), Code: code, Params: params})
}

// Err returns an Invalid error listing the fields, or nil when there are none.
func (f Fields) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &Error{Code: Invalid, Message: "the request has invalid fields", Fields: f}
}

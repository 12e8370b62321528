package auth

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/silkbridge/silkbridge/internal/apperr"
)

// commonPasswordsGz is the 30,000 most common passwords, most common first,
// one per line, lower-case: the "passwords" frequency list of the npm package
// zxcvbn 4.4.2 (lib/frequency_lists.js; Copyright (c) 2012-2016 Dan Wheeler
// and Dropbox, Inc., MIT licence), itself drawn from leaked-password corpora.
// Only entries of at least PasswordMin characters can matter today (about
// 1,100); the whole list is kept so that lowering the minimum stays safe.
//
//go:embed common_passwords.txt.gz
var commonPasswordsGz []byte

var commonPasswords = sync.OnceValue(func() map[string]struct{} {
	zr, err := gzip.NewReader(bytes.NewReader(commonPasswordsGz))
	if err != nil {
		panic("common passwords: " + err.Error()) // embedded: a build defect
	}
	set := make(map[string]struct{}, 30000)
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		if w := strings.TrimSpace(sc.Text()); w != "" {
			set[strings.ToLower(w)] = struct{}{}
		}
	}
	if sc.Err() != nil || len(set) < 1000 {
		panic("common passwords: unreadable embedded list")
	}
	return set
})

// DemoPassword is the published password of the demo users; outside the
// demo (see AllowDemoPassword) nobody may choose it.
const DemoPassword = "silkbridge-demo"

// Codes of the password rules broken; interfaces word them from the code
// (the web's input.<code> messages) and its parameters.
const (
	// CodePasswordLength: shorter than Min or longer than Max characters.
	CodePasswordLength = "password.length"
	// CodePasswordCommon: one of the commonest passwords, whatever its case.
	CodePasswordCommon = "password.common"
	// CodePasswordDemo: the demo users' published password.
	CodePasswordDemo = "password.demo"
)

// IsCommonPassword reports whether pw, ignoring case and surrounding
// spaces, is on the embedded list of common passwords.
func IsCommonPassword(pw string) bool {
	_, found := commonPasswords()[strings.ToLower(strings.TrimSpace(pw))]
	return found
}

// checkPassword applies OWASP ASVS 2.1 to a new password: 10 to 256
// characters (NIST SP 800-63B; no composition rules), not a common password,
// not the demo password unless allowDemo. It returns a field error for the
// form input "password", or nil.
func checkPassword(pw string, allowDemo bool) *apperr.FieldError {
	if n := utf8.RuneCountInString(pw); n < PasswordMin || n > PasswordMax {
		return &apperr.FieldError{Field: "password", Message: "must be 10 to 256 characters",
			Code: CodePasswordLength, Params: map[string]any{"Min": PasswordMin, "Max": PasswordMax}}
	}
	if !allowDemo && strings.EqualFold(strings.TrimSpace(pw), DemoPassword) {
		return &apperr.FieldError{Field: "password", Code: CodePasswordDemo,
			Message: "is the published demo password; choose another"}
	}
	if IsCommonPassword(pw) {
		return &apperr.FieldError{Field: "password", Code: CodePasswordCommon,
			Message: "is one of the most common passwords; choose a longer phrase of your own"}
	}
	return nil
}

package web

import "github.com/silkbridge/silkbridge/internal/auth"

// The password rules' codes are worded by the web like the text rule's, as
// input.<code> messages (locales/password.*.json), wherever a password is set.
func init() {
	inputCodes = append(inputCodes, auth.CodePasswordLength, auth.CodePasswordCommon, auth.CodePasswordDemo)
}

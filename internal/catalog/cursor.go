package catalog

import (
	"encoding/base64"
	"strings"
	"unicode/utf8"

	"github.com/silkbridge/silkbridge/internal/apperr"
)

// CursorKind says which list a cursor pages through, so a cursor from one
// list is refused by another instead of being read as a position in it.
type CursorKind byte

// The lists paged by id.
const (
	CursorTitles        CursorKind = 't'
	CursorAvailability  CursorKind = 'a'
	CursorNotifications CursorKind = 'n'
	CursorRequests      CursorKind = 'r'
)

// cursorVersion starts every cursor, so a format change can be told apart.
const cursorVersion = "c1"

// EncodeCursor turns the last id of a page into an opaque cursor.
func EncodeCursor(kind CursorKind, id string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(cursorVersion + string(kind) + id))
}

// DecodeCursor reverses EncodeCursor. Anything this server could not have
// issued for that list is Invalid with a field error on "cursor": before,
// any base64 was taken as an id and silently gave a first or empty page.
func DecodeCursor(kind CursorKind, c string) (string, error) {
	b, err := base64.RawURLEncoding.Strict().DecodeString(c)
	prefix := cursorVersion + string(kind)
	if err != nil || !strings.HasPrefix(string(b), prefix) {
		return "", errBadCursor
	}
	id := string(b[len(prefix):])
	if !validCursorID(id) {
		return "", errBadCursor
	}
	return id, nil
}

var errBadCursor = (apperr.Fields{{Field: "cursor", Message: "is not a cursor this server issued", Code: "cursor.invalid"}}).Err()

// validCursorID accepts the ids the hub issues (UUIDs) and imported title ids
// (at most 64 characters, no spaces, slashes, '?' or '#'), printable UTF-8.
func validCursorID(id string) bool {
	if id == "" || len(id) > 64 || !utf8.ValidString(id) {
		return false
	}
	for _, r := range id {
		if r <= ' ' || r == 0x7f || r == '/' || r == '?' || r == '#' || r >= 0x80 && r <= 0x9f {
			return false
		}
	}
	return true
}

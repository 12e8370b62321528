package catalog

import (
	"encoding/base64"

	"github.com/silkbridge/silkbridge/internal/apperr"
)

// EncodeCursor turns the last id of a page into an opaque cursor.
func EncodeCursor(id string) string { return base64.RawURLEncoding.EncodeToString([]byte(id)) }

// DecodeCursor reverses EncodeCursor.
func DecodeCursor(c string) (string, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil || len(b) == 0 || len(b) > 100 {
		return "", (apperr.Fields{{Field: "cursor", Message: "is not a cursor this server issued"}}).Err()
	}
	return string(b), nil
}

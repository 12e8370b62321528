package httpapi

import (
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/danielgtaylor/huma/v2"
)

// errBodyNotUTF8 refuses a body encoding/json would otherwise accept by
// replacing its invalid bytes with U+FFFD, storing text the client never sent.
var errBodyNotUTF8 = errors.New("the request body is not valid UTF-8")

// strictUTF8 returns formats whose JSON decoders refuse invalid UTF-8 (huma
// answers 400 problem+json naming the body) instead of repairing it.
func strictUTF8(formats map[string]huma.Format) map[string]huma.Format {
	out := make(map[string]huma.Format, len(formats))
	for name, f := range formats {
		if strings.Contains(name, "json") && f.Unmarshal != nil {
			unmarshal := f.Unmarshal
			f.Unmarshal = func(data []byte, v any) error {
				if !utf8.Valid(data) {
					return errBodyNotUTF8
				}
				return unmarshal(data, v)
			}
		}
		out[name] = f
	}
	return out
}

package web

import (
	"fmt"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/textrule"
)

// inputCodes are the domain rule codes the web words itself, as
// input.<code> messages filled with the error's parameters.
var inputCodes = []string{textrule.CodeControl, textrule.CodeInvalidUTF8, textrule.CodeInvisible,
	catalog.CodeFilterKind, catalog.CodeFilterYear, catalog.CodeFilterGenre, catalog.CodeFilterCountry,
	catalog.CodeFilterOrg, catalog.CodeFilterSort}

// codedMessage translates a field error that carries a known rule code; ok is
// false otherwise, and the caller falls back to its own wording.
func codedMessage(loc *Localizer, e apperr.FieldError) (msg string, ok bool) {
	if !contains(inputCodes, e.Code) {
		return "", false
	}
	var pairs []any
	for k, v := range e.Params {
		if n, isInt := v.(int); isInt {
			pairs = append(pairs, k, loc.Num(n))
		} else {
			pairs = append(pairs, k, fmt.Sprint(v))
		}
	}
	return loc.T("input."+e.Code, pairs...), true
}

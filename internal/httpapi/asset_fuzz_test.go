package httpapi_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/silkbridge/silkbridge/internal/httpapi"
)

// FuzzContentDisposition: the header is printable ASCII, its quoted name
// cannot be broken out of, and filename* decodes back to the exact name.
func FuzzContentDisposition(f *testing.F) {
	for _, s := range []string{"唐探1900 母版.mov", `a"b\c.mov`, "Детектив's.mxf", "a;b=c%20.pdf"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		h := httpapi.ContentDisposition(name)
		for _, r := range h {
			if r < 0x20 || r > 0x7e {
				t.Fatalf("non-ASCII or control character in %q", h)
			}
		}
		quoted := strings.TrimSuffix(strings.TrimPrefix(strings.SplitN(h, "; filename*=", 2)[0], `attachment; filename="`), `"`)
		if strings.ContainsAny(quoted, `"\`) {
			t.Fatalf("quoted name breaks out: %q", h)
		}
		enc := strings.SplitN(h, "filename*=UTF-8''", 2)[1]
		got, err := url.PathUnescape(enc)
		if err != nil || got != name && strings.ToValidUTF8(name, "\uFFFD") == name {
			t.Fatalf("filename* %q decodes to %q (%v), want %q", enc, got, err, name)
		}
	})
}

package httpapi_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/silkbridge/silkbridge/internal/avails"
	"github.com/silkbridge/silkbridge/internal/avails/availstest"
	"github.com/silkbridge/silkbridge/internal/store"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

// importAvails posts a file, expects 202 with the status URL, and returns
// the import's status once finished (the test API runs imports at once).
func (b *testBundle) importAvails(query, who string, body any) *response {
	b.t.Helper()
	res := b.do("POST", "/api/v1/avails/import"+query, who, body).want(b.t, http.StatusAccepted)
	loc := res.header.Get("Location")
	if id, _ := res.body["id"].(string); id == "" || loc != "/api/v1/imports/"+id {
		b.t.Fatalf("Location %q for %s", loc, res.raw)
	}
	return b.do("GET", loc, who, nil).want(b.t, http.StatusOK)
}

const availsHead = "Licensee\tTerritory\tTerritoryExclusion\tLicenseType\tStart\tEnd\tContentID\tExclusive\n"

func TestImportStatusOnlyForImporter(t *testing.T) {
	storetest.ForEachEngine(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		b := setup(t, open)
		film := b.do("POST", "/api/v1/titles", "vgtrk/editor", redSilk()).want(t, http.StatusCreated).body["id"].(string)
		res := b.importAvails("", "vgtrk/editor", availsHead+"vgtrk\tRU\t\tSVOD\t2025-01-01\t\t"+film+"\tNo\n")
		if res.body["status"] != "succeeded" || res.body["org"] != "vgtrk" {
			t.Fatalf("import = %s", res.raw)
		}
		// The job acted as the importer: the audit names its token.
		audit := b.do("GET", "/api/v1/audit?entity=holding", "vgtrk/admin", nil).want(t, http.StatusOK)
		items, _ := audit.body["items"].([]any)
		if len(items) != 1 || items[0].(map[string]any)["actor_kind"] != "token" || items[0].(map[string]any)["actor"] != "test" {
			t.Fatalf("audit of the imported holding = %s", audit.raw)
		}
		loc := "/api/v1/imports/" + res.body["id"].(string)
		b.do("GET", loc, "vgtrk/viewer", nil).want(t, http.StatusOK) // anyone of the importing organisation
		b.do("GET", loc, "cmg/admin", nil).want(t, http.StatusNotFound)
		b.do("GET", loc, "other/admin", nil).want(t, http.StatusNotFound)
		b.do("GET", "/api/v1/imports/no-such-import", "vgtrk/admin", nil).want(t, http.StatusNotFound)
		b.do("GET", loc, "", nil).want(t, http.StatusUnauthorized)
	})
}

func TestImportBodyOverLimitIs413(t *testing.T) {
	b := setup(t, storetest.OpenSQLite)
	// Over the server's global 1 MiB limit but within the import's own: accepted.
	var sb strings.Builder
	sb.WriteString(availsHead)
	for sb.Len() < 2<<20 {
		sb.WriteString("vgtrk\tRU\t\tSVOD\t2025-01-01\t\tno-such-title\tNo\n")
	}
	res := b.do("POST", "/api/v1/avails/import", "vgtrk/editor", sb.String())
	if res.status != http.StatusAccepted {
		t.Fatalf("a 2 MiB file: %d %s", res.status, res.raw)
	}
	// Over the import's own limit: 413 problem+json.
	big := bytes.Repeat([]byte("x"), avails.MaxBytes+1)
	res = b.do("POST", "/api/v1/avails/import", "vgtrk/editor", big).want(t, http.StatusRequestEntityTooLarge)
	if ct := res.header.Get("Content-Type"); ct != "application/problem+json" {
		t.Fatalf("413 answered as %q: %s", ct, res.raw)
	}
	// Other routes keep the global limit.
	b.do("POST", "/api/v1/titles", "vgtrk/editor", bytes.Repeat([]byte(" "), 2<<20)).want(t, http.StatusRequestEntityTooLarge)
}

func TestMalformedXLSXIs422(t *testing.T) {
	b := setup(t, storetest.OpenSQLite)
	for name, file := range malformedWorkbooks(t) {
		res := b.do("POST", "/api/v1/avails/import?format=xlsx", "vgtrk/editor", file)
		if res.status != http.StatusUnprocessableEntity || !strings.Contains(string(res.raw), "file") {
			t.Errorf("%s: %d %s", name, res.status, res.raw)
		}
	}
}

func malformedWorkbooks(t *testing.T) map[string][]byte { return availstest.Malformed(t) }

package avails_test

import (
	"strings"
	"testing"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/avails"
	"github.com/silkbridge/silkbridge/internal/avails/availstest"
	"github.com/silkbridge/silkbridge/internal/rights"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

// TestMalformedXLSXIsRefused: a damaged or hostile workbook is an Invalid
// error naming the problem, never an import of "0 rows".
func TestMalformedXLSXIsRefused(t *testing.T) {
	want := map[string]string{
		"not a zip":   "not a zip archive",
		"broken XML":  "xl/worksheets/sheet1.xml is not well-formed XML",
		"entity bomb": "declares a DTD",
		"zip bomb":    "zip bomb",
	}
	b := setup(t, storetest.OpenSQLite)
	ctx := storetest.As("cmg", auth.RoleEditor)
	for name, file := range availstest.Malformed(t) {
		if _, err := avails.ReadXLSX(file); err == nil || !strings.Contains(err.Error(), want[name]) {
			t.Errorf("%s: ReadXLSX error %v, want one saying %q", name, err, want[name])
		}
		rep, err := b.avails.Import(ctx, file, avails.ImportOptions{Kind: rights.KindHoldings, Format: avails.XLSX})
		if !apperr.Is(err, apperr.Invalid) || rep != nil {
			t.Errorf("%s: import = %+v, %v", name, rep, err)
		}
	}
	if sheets, err := avails.ReadXLSX(availstest.Workbook(t)); err != nil || len(sheets[0].Rows) != 1 {
		t.Fatalf("the valid workbook: %v", err)
	}
}

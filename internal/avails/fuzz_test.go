package avails

import (
	"strings"
	"testing"

	"github.com/silkbridge/silkbridge/internal/rights"
)

// FuzzReadTSV: no input makes the TSV reader or the row mapping panic, and
// what the reader accepts has a header with the two key columns.
func FuzzReadTSV(f *testing.F) {
	f.Add([]byte("Territory\tLicenseType\tStart\nRU\tSVOD\t2025-01-01\n"))
	f.Add([]byte("\xef\xbb\xbfTerritory\tLicenseType\n\"RU\t\"x\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ReadTSV(data, "")
		if err != nil {
			return
		}
		has := map[string]bool{}
		for _, c := range s.Header {
			has[c] = true
		}
		if !has["Territory"] || !has["LicenseType"] {
			t.Fatalf("accepted a sheet without the key columns: %v", s.Header)
		}
		for _, r := range s.Rows {
			rowItem(r, isTVSheet(s), rights.KindLicences, "2026-01-01")
		}
	})
}

// FuzzReadXLSX: no input makes the workbook reader panic, and what it
// accepts passed the workbook check (every XML part well-formed, no DTD,
// within the unpacking limits) and has the key columns. The seed corpus
// holds a valid workbook, a broken sheet, an entity bomb and a non-zip.
func FuzzReadXLSX(f *testing.F) {
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sheets, err := ReadXLSX(data)
		if err != nil {
			return
		}
		if err := checkWorkbook(data); err != nil {
			t.Fatalf("accepted a workbook the check refuses: %v", err)
		}
		for _, s := range sheets {
			has := map[string]bool{}
			for _, c := range s.Header {
				has[c] = true
			}
			if !has["Territory"] || !has["LicenseType"] {
				t.Fatalf("accepted a sheet without the key columns: %v", s.Header)
			}
			for _, r := range s.Rows {
				rowItem(r, isTVSheet(s), rights.KindHoldings, "2026-01-01")
			}
		}
	})
}

// FuzzNeutralise: a neutralised cell never starts a formula, and reading it
// back gives the value, unless the value itself was a quote before a
// formula character (which reading drops, as an exported cell's).
func FuzzNeutralise(f *testing.F) {
	for _, v := range []string{"=1+1", "+7", "-x", "@SUM(A1)", "\tx", "'=x", "plain", "", "'"} {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, v string) {
		n := neutralise(v)
		if n != "" && strings.IndexByte(formulaStarts, n[0]) >= 0 {
			t.Fatalf("neutralise(%q) = %q starts a formula", v, n)
		}
		quotedFormula := len(v) > 1 && v[0] == '\'' && strings.IndexByte(formulaStarts, v[1]) >= 0
		if back := unneutralise(n); back != v && !quotedFormula {
			t.Fatalf("unneutralise(neutralise(%q)) = %q", v, back)
		}
	})
}

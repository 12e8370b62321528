package avails

import (
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
			rowItem(r, isTVSheet(s), rights.KindLicences)
		}
	})
}

// FuzzReadXLSX: no input makes the workbook reader panic.
func FuzzReadXLSX(f *testing.F) {
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sheets, err := ReadXLSX(data)
		if err != nil {
			return
		}
		for _, s := range sheets {
			for _, r := range s.Rows {
				rowItem(r, isTVSheet(s), rights.KindHoldings)
			}
		}
	})
}

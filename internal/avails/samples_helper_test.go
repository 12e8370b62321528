package avails_test

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"
)

// readRow returns a row of the first sheet of a workbook.
func readRow(t *testing.T, data []byte, n int) []string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetList()[0])
	if err != nil || len(rows) < n {
		t.Fatalf("rows = %d, %v", len(rows), err)
	}
	return rows[n-1]
}

// Package availstest makes avails files for tests: malformed workbooks of
// every kind a hostile or broken upload takes.
package availstest

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"io"
	"strings"
	"testing"

	"github.com/silkbridge/silkbridge/internal/avails"
)

// Workbook returns a valid avails workbook with one data row.
func Workbook(t testing.TB) []byte {
	t.Helper()
	s := &avails.Sheet{Name: avails.SheetMovies, Header: avails.MoviesColumns, Rows: []avails.Row{{Cells: map[string]string{
		"Territory": "RU", "LicenseType": "SVOD", "Start": "2025-01-01", "ContentID": "no-such-title", "AvailID": "A-1", "ALID": "md:alid:org:example:no-such-title"}}}}
	var b bytes.Buffer
	if err := avails.WriteXLSX(&b, []*avails.Sheet{s}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// Malformed returns workbooks an import must refuse, by what is wrong.
func Malformed(t testing.TB) map[string][]byte {
	t.Helper()
	good := Workbook(t)
	const sheet = "xl/worksheets/sheet1.xml"
	return map[string][]byte{
		"not a zip": []byte("PK\x03\x04 this is not an archive"),
		"broken XML": rewrite(t, good, sheet, func(x []byte) []byte {
			// Cut the sheet after its first data cell: excelize reads the rows before the break.
			i := bytes.LastIndex(x, []byte("<row "))
			return x[:i+20]
		}),
		"entity bomb": rewrite(t, good, sheet, func(x []byte) []byte {
			dtd := `<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>`
			s := strings.Replace(string(x), "?>", "?>"+dtd, 1)
			return []byte(strings.Replace(s, "<sheetData>", "<sheetData><row r=\"9\"><c r=\"A9\" t=\"inlineStr\"><is><t>&lol2;</t></is></c></row>", 1))
		}),
		"zip bomb": rewrite(t, good, "xl/media/padding.bin", func([]byte) []byte {
			return make([]byte, 4*avails.MaxBytes+1) // deflates to about 130 KB
		}),
	}
}

// rewrite returns the workbook with part replaced by edit(part) (a new part
// when absent).
func rewrite(t testing.TB, wb []byte, part string, edit func([]byte) []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(wb), int64(len(wb)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
	found := false
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if f.Name == part {
			data, found = edit(data), true
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	if !found {
		w, _ := zw.Create(part)
		w.Write(edit(nil))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// Package avails reads and writes EMA Avails spreadsheets (Movies and TV
// sheets, versions 1.7 to 1.9, as TSV or XLSX) and maps their rows to
// silkbridge holdings and licences. The mapping is documented in docs/rights.md.
package avails

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Limits keep a hostile or mistaken upload from exhausting the server.
const (
	MaxBytes = 32 << 20
	MaxRows  = 100_000
)

// Sheet is one table of an avails file: the column names and the data rows.
type Sheet struct {
	Name   string // Movies or TV
	Header []string
	Rows   []Row
}

// Row is a data row, its cells keyed by column name.
type Row struct {
	Line  int // row number in the spreadsheet, or line number in the TSV file
	Cells map[string]string
}

// Get returns the trimmed value of a column ("" when absent).
func (r Row) Get(col string) string { return strings.TrimSpace(r.Cells[col]) }

// FormatError is a file that cannot be read as an avails sheet at all.
type FormatError struct{ Msg string }

func (e *FormatError) Error() string { return e.Msg }

func formatErr(format string, args ...any) error { return &FormatError{fmt.Sprintf(format, args...)} }

// ReadTSV reads a tab-separated avails sheet. UTF-8 (with or without BOM) and
// UTF-16 with BOM (Excel's "Unicode Text") are accepted; anything else that is
// not valid UTF-8 is refused rather than guessed, so Chinese and Cyrillic text
// is never silently mangled.
func ReadTSV(data []byte, name string) (*Sheet, error) {
	if len(data) > MaxBytes {
		return nil, formatErr("the file is larger than %d MB", MaxBytes>>20)
	}
	text, err := decodeText(data)
	if err != nil {
		return nil, err
	}
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = '\t'
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	r.ReuseRecord = false
	var records [][]string
	var lines []int
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, formatErr("not a TSV file: %v", err)
		}
		line, _ := r.FieldPos(0)
		records = append(records, rec)
		lines = append(lines, line)
		if len(records) > MaxRows+10 {
			return nil, formatErr("more than %d rows", MaxRows)
		}
	}
	return tableToSheet(name, records, lines)
}

func decodeText(data []byte) (string, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		dec := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
		out, _, err := transform.Bytes(dec, data)
		if err != nil {
			return "", formatErr("the UTF-16 text is damaged: %v", err)
		}
		data = out
	}
	if !utf8.Valid(data) {
		return "", formatErr("the file is not UTF-8 text; save it as UTF-8 (Excel: \"CSV UTF-8\" or \"Unicode Text\") so Chinese and Cyrillic survive")
	}
	return string(data), nil
}

// ReadXLSX reads the Movies and TV sheets of an avails workbook (other sheets,
// such as instructions, are skipped).
func ReadXLSX(data []byte) ([]*Sheet, error) {
	if len(data) > MaxBytes {
		return nil, formatErr("the file is larger than %d MB", MaxBytes>>20)
	}
	if err := checkWorkbook(data); err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: 8 * MaxBytes, UnzipXMLSizeLimit: 4 * MaxBytes})
	if err != nil {
		return nil, formatErr("not an XLSX workbook: %v", err)
	}
	defer f.Close()
	var out []*Sheet
	for _, name := range f.GetSheetList() {
		rows, err := f.GetRows(name, excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, formatErr("sheet %q: %v", name, err)
		}
		if len(rows) > MaxRows+10 {
			return nil, formatErr("sheet %q has more than %d rows", name, MaxRows)
		}
		lines := make([]int, len(rows))
		for i := range rows {
			lines[i] = i + 1
		}
		s, err := tableToSheet(name, rows, lines)
		if err != nil {
			var fe *FormatError
			if errors.As(err, &fe) && strings.Contains(fe.Msg, "no header row") {
				continue // not an avails sheet
			}
			return nil, err
		}
		for i := range s.Rows {
			convertSerialDates(&s.Rows[i])
		}
		out = append(out, s)
	}
	if len(out) == 0 {
		return nil, formatErr("no sheet has an avails header row (with Territory and LicenseType columns)")
	}
	return out, nil
}

// convertSerialDates turns Excel date serials in date columns into YYYY-MM-DD.
func convertSerialDates(r *Row) {
	for _, col := range []string{"Start", "End"} {
		v := r.Get(col)
		var serial float64
		if v == "" || strings.ContainsAny(v, "-/") {
			continue
		}
		if _, err := fmt.Sscanf(v, "%g", &serial); err != nil || serial < 1 || serial > 2958465 {
			continue
		}
		if t, err := excelize.ExcelDateToTime(serial, false); err == nil {
			r.Cells[col] = t.Format("2006-01-02")
		}
	}
}

// tableToSheet finds the header row (the first of the first ten rows naming
// both Territory and LicenseType: row 2 of the EMA template, under the row
// of column classes), then reads the rows after it the way MovieLabs'
// reader does: the template's hints row right under the header (the
// version, e.g. "1.9" in A3, and "//REQ"/"//Opt" hints) is skipped; when the
// sheet has an ALID column, a row is an avail only when its ALID is present
// and does not start with "//"; otherwise (v1.6 sheets have no ALID) any
// non-empty row whose first cell does not start with "//" is.
func tableToSheet(name string, records [][]string, lines []int) (*Sheet, error) {
	head := -1
	for i := 0; i < len(records) && i < 10; i++ {
		has := map[string]bool{}
		for _, c := range records[i] {
			has[strings.TrimSpace(c)] = true
		}
		if has["Territory"] && has["LicenseType"] {
			head = i
			break
		}
	}
	if head < 0 {
		return nil, formatErr("sheet %q: no header row with Territory and LicenseType columns in the first ten rows", name)
	}
	s := &Sheet{Name: name}
	seen := map[string]bool{}
	for _, c := range records[head] {
		c = strings.TrimSpace(c)
		if c != "" && seen[c] {
			return nil, formatErr("sheet %q: column %q appears twice", name, c)
		}
		seen[c] = true
		s.Header = append(s.Header, c)
	}
	alidCol := -1
	for j, c := range s.Header {
		if c == "ALID" {
			alidCol = j
		}
	}
	for i := head + 1; i < len(records); i++ {
		rec := records[i]
		if i == head+1 && isHintsRow(rec) {
			continue
		}
		empty := true
		for _, c := range rec {
			if strings.TrimSpace(c) != "" {
				empty = false
				break
			}
		}
		if empty || strings.HasPrefix(strings.TrimSpace(rec[0]), "//") {
			continue
		}
		if alidCol >= 0 {
			alid := ""
			if alidCol < len(rec) {
				alid = strings.TrimSpace(rec[alidCol])
			}
			if alid == "" || strings.HasPrefix(alid, "//") {
				continue
			}
		}
		row := Row{Line: lines[i], Cells: map[string]string{}}
		for j, c := range rec {
			if j < len(s.Header) && s.Header[j] != "" {
				row.Cells[s.Header[j]] = unneutralise(c)
			}
		}
		s.Rows = append(s.Rows, row)
	}
	if len(s.Rows) > MaxRows {
		return nil, formatErr("sheet %q has more than %d rows", name, MaxRows)
	}
	return s, nil
}

// isHintsRow tells the EMA template's third row (the template version in
// its first cell, "1.9" or "v1.7.2", and "//REQ", "//Opt" hints) from data.
func isHintsRow(rec []string) bool {
	for _, c := range rec {
		if strings.HasPrefix(strings.TrimSpace(c), "//") {
			return true
		}
	}
	return len(rec) > 0 && versionRE.MatchString(strings.TrimSpace(rec[0]))
}

var versionRE = regexp.MustCompile(`^[vV]?1\.[0-9]+(\.[0-9]+)?[a-z]?$`)

// formulaStarts are the characters that make a spreadsheet read a cell
// as a formula (OWASP "CSV injection"): = + - @, and tab and carriage
// return, which some spreadsheets skip before one.
const formulaStarts = "=+-@\t\r"

// neutralise prefixes a cell that a spreadsheet would run as a formula
// with a quote, which spreadsheets show as text and ReadTSV drops again.
func neutralise(v string) string {
	if v != "" && strings.IndexByte(formulaStarts, v[0]) >= 0 {
		return "'" + v
	}
	return v
}

// unneutralise drops the quote neutralise added (a quote before any other
// character is the cell's own).
func unneutralise(v string) string {
	if len(v) > 1 && v[0] == '\'' && strings.IndexByte(formulaStarts, v[1]) >= 0 {
		return v[1:]
	}
	return v
}

// WriteTSV writes a sheet as UTF-8 TSV: the header line, then the rows.
// Tabs and line breaks inside values become spaces, as TSV cannot hold them;
// a value a spreadsheet would run as a formula is written quoted (see
// neutralise). XLSX needs no such quoting: WriteXLSX writes every value as a
// string cell, which spreadsheets never evaluate.
func WriteTSV(w io.Writer, s *Sheet) error {
	clean := strings.NewReplacer("\t", " ", "\r\n", " ", "\n", " ", "\r", " ")
	var b strings.Builder
	b.WriteString(strings.Join(s.Header, "\t"))
	b.WriteString("\n")
	for _, r := range s.Rows {
		for i, col := range s.Header {
			if i > 0 {
				b.WriteByte('\t')
			}
			b.WriteString(neutralise(clean.Replace(r.Cells[col])))
		}
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteXLSX writes sheets as a workbook laid out like the EMA template: row 1
// the column classes, row 2 the column names, row 3 a version hint, then data.
func WriteXLSX(w io.Writer, sheets []*Sheet) error {
	f := excelize.NewFile()
	defer f.Close()
	for i, s := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.Name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(s.Name); err != nil {
			return err
		}
		sw, err := f.NewStreamWriter(s.Name)
		if err != nil {
			return err
		}
		classes := make([]any, len(s.Header))
		names := make([]any, len(s.Header))
		hints := make([]any, len(s.Header))
		for j, col := range s.Header {
			classes[j], names[j] = columnClass(col), col
		}
		hints[0] = "//" + Version
		for n, row := range [][]any{classes, names, hints} {
			if err := sw.SetRow(cellName(1, n+1), row); err != nil {
				return err
			}
		}
		for k, r := range s.Rows {
			vals := make([]any, len(s.Header))
			for j, col := range s.Header {
				vals[j] = r.Cells[col]
			}
			if err := sw.SetRow(cellName(1, k+4), vals); err != nil {
				return err
			}
		}
		if err := sw.Flush(); err != nil {
			return err
		}
	}
	return f.Write(w)
}

func cellName(col, row int) string {
	n, _ := excelize.CoordinatesToCellName(col, row)
	return n
}

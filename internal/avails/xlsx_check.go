package avails

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Limits of a workbook's unpacked parts: a zip bomb (a few kilobytes that
// unpack to gigabytes) is refused as soon as it passes them.
const (
	maxPartBytes  = 4 * MaxBytes // one sheet of 100,000 rows is about 50 MB of XML
	maxTotalBytes = 8 * MaxBytes
	maxParts      = 10_000
)

// checkWorkbook refuses a workbook that excelize would read wrongly rather
// than refuse: excelize stops at the first XML error of a sheet and returns
// the rows before it, so a damaged sheet read as "0 rows" and an import of
// it "succeeded". Every XML part must be well-formed, declare no DTD (XLSX
// never does; a DTD is how entity bombs are built) and unpack within limits.
func checkWorkbook(data []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return formatErr("not an XLSX workbook (not a zip archive): %v", err)
	}
	if len(zr.File) > maxParts {
		return formatErr("not an XLSX workbook: %d parts in the archive", len(zr.File))
	}
	var total int64
	for _, f := range zr.File {
		n, err := checkPart(f, maxTotalBytes-total)
		total += n
		if err != nil {
			return err
		}
	}
	return nil
}

// errTooBig marks a part or archive that unpacks past its limit.
var errTooBig = errors.New("too big")

// checkPart reads one part, checking XML parts for well-formedness, and
// returns its unpacked size; budget is what the archive may still unpack.
func checkPart(f *zip.File, budget int64) (int64, error) {
	rc, err := f.Open()
	if err != nil {
		return 0, formatErr("the workbook's part %s cannot be unpacked: %v", f.Name, err)
	}
	defer rc.Close()
	limit := min(int64(maxPartBytes), budget)
	cr := &countingReader{r: rc, limit: limit}
	name := strings.ToLower(f.Name)
	if strings.HasSuffix(name, ".xml") || strings.HasSuffix(name, ".rels") || strings.HasSuffix(name, ".vml") {
		err = checkXML(cr)
	} else {
		_, err = io.Copy(io.Discard, cr)
	}
	switch {
	case errors.Is(err, errTooBig):
		return cr.n, formatErr("the workbook unpacks to more than %d MB (part %s); refused as a zip bomb", limit>>20, f.Name)
	case err != nil:
		var fe *FormatError
		if errors.As(err, &fe) {
			return cr.n, formatErr("the workbook's part %s %s", f.Name, fe.Msg)
		}
		return cr.n, formatErr("the workbook's part %s is damaged: %v", f.Name, err)
	}
	return cr.n, nil
}

// checkXML reads a whole XML document, strictly.
func checkXML(r io.Reader) error {
	d := xml.NewDecoder(r)
	d.Strict = true
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			if errors.Is(err, errTooBig) {
				return err
			}
			return formatErr("is not well-formed XML: %v", err)
		}
		if dir, ok := tok.(xml.Directive); ok {
			return formatErr("declares a DTD (%.40s), which workbooks never do; refused (entity expansion)", strings.TrimSpace(string(dir)))
		}
	}
}

type countingReader struct {
	r     io.Reader
	n     int64
	limit int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if c.n > c.limit {
		return n, fmt.Errorf("%w", errTooBig)
	}
	return n, err
}

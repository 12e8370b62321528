package avails

import (
	"bytes"
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/rights"
)

// Format is a file format.
type Format string

// Formats.
const (
	TSV  Format = "tsv"
	XLSX Format = "xlsx"
)

// DetectFormat tells XLSX (a zip archive) from TSV by content.
func DetectFormat(data []byte) Format {
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return XLSX
	}
	return TSV
}

// TitleReader returns titles an organisation may read (catalog.Service).
type TitleReader interface {
	Readable(ctx context.Context, viewer, id string) (*catalog.Title, error)
}

// Service imports and exports avails for the caller's organisation.
type Service struct {
	rights *rights.Service
	titles TitleReader
	// jobs records imports run in the background (import_job.go); schedule
	// queues one (nil: Submit runs it at once).
	jobs     JobStore
	schedule func(ctx context.Context, id string) error
	now      func() time.Time
	// deals gives the price of licences for the pricing columns (export_terms.go).
	deals DealReader
	// orgs names the licensor in DisplayName (export_window.go).
	orgs OrgReader
}

// NewService returns an avails service.
func NewService(r *rights.Service, titles TitleReader) *Service {
	return &Service{rights: r, titles: titles, now: time.Now}
}

// ImportOptions control an import.
type ImportOptions struct {
	Kind         rights.Kind // holdings (an avails sheet received) or licences (one sent)
	Format       Format      // empty: detect
	KeepGoodRows bool        // store the good rows even when others are bad
	// Progress, when set, hears how many data rows are applied, after
	// validation (0) and after each chunk (see rights.ImportWith).
	Progress func(done, total int)
	// Chunk is how many records one write transaction applies (0: default).
	Chunk int
}

// RowError is a problem with one cell (or row) of the file.
type RowError struct {
	Sheet   string `json:"sheet"`
	Row     int    `json:"row" doc:"Spreadsheet row or TSV line number"`
	Column  string `json:"column,omitempty"`
	Value   string `json:"value,omitempty"`
	Message string `json:"message"`
	Refs    []any  `json:"refs,omitempty" doc:"Conflicting records"`
}

// Report says what an import did.
type Report struct {
	Kind      rights.Kind `json:"kind"`
	Rows      int         `json:"rows" doc:"Data rows read"`
	Created   int         `json:"created"`
	Updated   int         `json:"updated"`
	Deleted   int         `json:"deleted"`
	Committed bool        `json:"committed" doc:"false when bad rows made the import store nothing"`
	Errors    []RowError  `json:"errors"`
}

// source ties an import item to the rows it came from.
type source struct {
	sheet    string
	tv       bool
	workType string
	rows     []Row
}

// Read parses an avails file, refusing with an Invalid error naming the
// problem a file that is not an avails sheet at all (broken XML, a zip bomb,
// not a workbook, no header row), before anything is recorded.
func Read(data []byte, format Format) ([]*Sheet, error) {
	if format == "" {
		format = DetectFormat(data)
	}
	var sheets []*Sheet
	switch format {
	case XLSX:
		ss, err := ReadXLSX(data)
		if err != nil {
			return nil, fileProblem(err)
		}
		sheets = ss
	case TSV:
		sh, err := ReadTSV(data, "")
		if err != nil {
			return nil, fileProblem(err)
		}
		sheets = []*Sheet{sh}
	default:
		return nil, apperr.New(apperr.Invalid, "format must be tsv or xlsx, not %q", format)
	}
	return sheets, nil
}

// fileProblem is the Invalid error of a file that cannot be read, with the
// machine code interfaces word it by.
func fileProblem(err error) error {
	return &apperr.Error{Code: apperr.Invalid, Message: "the file cannot be imported: " + err.Error(),
		Fields: []apperr.FieldError{{Field: "file", Message: err.Error(), Code: "avails.file"}}}
}

// Import reads an avails file and applies it to the caller's records.
func (s *Service) Import(ctx context.Context, data []byte, opt ImportOptions) (*Report, error) {
	if _, err := auth.Require(ctx); err != nil {
		return nil, err
	}
	sheets, err := Read(data, opt.Format)
	if err != nil {
		return nil, err
	}
	rep := &Report{Kind: opt.Kind, Errors: []RowError{}}
	var items []rights.ImportItem
	var keys []groupKey
	var srcs []source
	today := s.now().UTC().Format("2006-01-02")
	for _, sh := range sheets {
		tv := isTVSheet(sh)
		if sh.Name == "" {
			sh.Name = SheetMovies
			if tv {
				sh.Name = SheetTV
			}
		}
		rep.Rows += len(sh.Rows)
		byKey := map[groupKey]int{}
		groups := map[groupKey]int{} // groups per AvailID and title (terms left empty)
		first := len(items)
		for _, row := range sh.Rows {
			it, key, grouped := rowItem(row, tv, opt.Kind, today)
			if i, ok := byKey[key]; ok && grouped {
				mergeInto(&items[i], it)
				srcs[i].rows = append(srcs[i].rows, row)
				continue
			}
			if grouped {
				groups[groupKey{key.availID, key.title, ""}]++
			}
			byKey[key] = len(items)
			items = append(items, it)
			keys = append(keys, key)
			srcs = append(srcs, source{sheet: sh.Name, tv: tv, workType: row.Get("WorkType"), rows: []Row{row}})
		}
		for i := first; i < len(items); i++ {
			if k := keys[i]; k.availID != "" && groups[groupKey{k.availID, k.title, ""}] > 1 {
				items[i].Key = splitKey(k.availID, k.terms)
			}
		}
	}
	// Progress counts the file's rows: an item stands for the rows merged into it.
	rowsBefore := make([]int, len(srcs)+1)
	for i, src := range srcs {
		rowsBefore[i+1] = rowsBefore[i] + len(src.rows)
	}
	cfg := rights.ImportConfig{KeepGood: opt.KeepGoodRows, Chunk: opt.Chunk}
	if opt.Progress != nil {
		cfg.Progress = func(done, _ int) { opt.Progress(rowsBefore[done], rep.Rows) }
	}
	res, err := s.rights.ImportWith(ctx, opt.Kind, items, cfg)
	if err != nil {
		return nil, err
	}
	rep.Created, rep.Updated, rep.Deleted, rep.Committed = res.Created, res.Updated, res.Deleted, res.Committed
	type cellKey struct {
		item int
		col  string
	}
	reported := map[cellKey]bool{}
	for _, e := range res.Errors {
		src := srcs[e.Item]
		col := ""
		if e.Field != "" {
			col = columnOf(e.Field, src.tv, src.workType)
		}
		if k := (cellKey{e.Item, col}); col != "" && reported[k] {
			continue // one message per cell: the reader's, not also the rules' echo of it
		} else {
			reported[k] = true
		}
		row := src.rows[0]
		// A problem in one element of a merged list points at the row it came from.
		if col == "LicenseType" {
			if i := indexOf(e.Field); i >= 0 && i < len(src.rows) {
				row = src.rows[i]
			}
		}
		rep.Errors = append(rep.Errors, RowError{Sheet: src.sheet, Row: row.Line, Column: col, Value: row.Get(col), Message: e.Message, Refs: e.Refs})
	}
	sort.SliceStable(rep.Errors, func(i, j int) bool {
		a, b := rep.Errors[i], rep.Errors[j]
		if a.Sheet != b.Sheet {
			return a.Sheet < b.Sheet
		}
		return a.Row < b.Row
	})
	return rep, nil
}

func indexOf(field string) int {
	_, rest, ok := strings.Cut(field, "[")
	if !ok {
		return -1
	}
	n, err := strconv.Atoi(strings.TrimSuffix(rest, "]"))
	if err != nil {
		return -1
	}
	return n
}

func isTVSheet(sh *Sheet) bool {
	if strings.EqualFold(sh.Name, SheetTV) {
		return true
	}
	for _, c := range sh.Header {
		if c == "EpisodeContentID" || c == "SeriesContentID" || c == "SeasonContentID" {
			return true
		}
	}
	return false
}

// rowItem turns a row into an import item, with the key of the record it
// belongs to and whether further rows may merge into it (keying.go).
func rowItem(row Row, tv bool, kind rights.Kind, today string) (rights.ImportItem, groupKey, bool) {
	var it rights.ImportItem
	bad := func(col, format string, args ...any) {
		it.Problems = append(it.Problems, apperr.FieldError{Field: col, Message: fmt.Sprintf(format, args...)})
	}
	ref := row.Get("ContentID")
	if tv {
		if v := row.Get(tvIDColumn(row.Get("WorkType"))); v != "" {
			ref = v
		}
	}
	if ref == "" {
		ref = row.Get("ALID")
	}
	it.TitleRef = titleRef(ref)
	switch strings.ToLower(row.Get("EntryType")) {
	case "", "full extract", "create", "update":
	case "full delete", "delete":
		it.Delete = true
	default:
		bad("EntryType", "%q is not Full Extract, Create, Update, Full Delete or Delete", row.Get("EntryType"))
	}
	it.Terms.Territories = territories(row.Get("Territory"))
	it.Terms.ExceptTerritories = territories(row.Get("TerritoryExclusion"))
	if m, err := ParseLicenseType(row.Get("LicenseType")); err != nil {
		bad("LicenseType", "%v", err)
	} else {
		it.Terms.Media = []rights.Media{m}
	}
	windowCells(&it, row, today, bad)
	excl, err := parseExclusive(row.Get("Exclusive"))
	if err != nil {
		bad("Exclusive", "%v", err)
	}
	it.Terms.Exclusive = excl
	suffix, err := usageSuffix(row.Get("LocalizationType"))
	if err != nil {
		bad("LocalizationType", "%v", err)
	}
	for _, l := range splitList(row.Get("AllowedLanguages")) {
		it.Terms.Languages = append(it.Terms.Languages, l+suffix)
	}
	if kind == rights.KindLicences {
		it.Licensee = row.Get("Licensee")
	}
	if id := row.Get("AvailID"); id != "" {
		it.Key = id
		return it, groupKey{availID: id, title: it.TitleRef, terms: termsKey(&it)}, true
	}
	it.Key = strings.Join([]string{ref, row.Get("Territory"), row.Get("TerritoryExclusion"), row.Get("LicenseType"),
		row.Get("Licensee"), it.Terms.Start}, "|")
	return it, groupKey{terms: "row:" + strconv.Itoa(row.Line)}, false
}

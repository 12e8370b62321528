package catalog

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/auth"
)

// MaxImportLine bounds one JSON line of an import (a title with long synopses
// in many languages stays far below it).
const MaxImportLine = 1 << 20

// LineError is an import problem on one line of the file.
type LineError struct {
	Line int
	Err  error
}

func (e *LineError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }
func (e *LineError) Unwrap() error { return e.Err }

// ImportError lists every bad line of a refused import.
type ImportError struct{ Lines []*LineError }

func (e *ImportError) Error() string {
	msgs := make([]string, len(e.Lines))
	for i, l := range e.Lines {
		msgs[i] = l.Error()
	}
	return "import refused, nothing stored:\n" + strings.Join(msgs, "\n")
}

// Import reads JSON lines (one title each, as Export writes them) and stores
// them for the caller's organisation: lines with the id of an existing title
// of that organisation replace it, others create titles. Every line is checked
// first; if any is bad, nothing is stored and every bad line is reported.
func (s *Service) Import(ctx context.Context, r io.Reader) (int, error) {
	p, err := auth.Require(ctx)
	if err != nil {
		return 0, err
	}
	if err := p.RequireWrite(); err != nil {
		return 0, err
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), MaxImportLine)
	var titles []*Title
	var bad []*LineError
	seen := map[string]int{}
	pending := map[string]*Title{} // earlier lines, so a season may follow its series
	now := s.now().UTC().Truncate(time.Microsecond)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		t, err := s.importLine(ctx, p.Org, []byte(line), now, pending)
		if err == nil && t.ID != "" {
			if prev, dup := seen[t.ID]; dup {
				err = fmt.Errorf("id %s repeats line %d", t.ID, prev)
			}
			seen[t.ID] = n
		}
		if err != nil {
			bad = append(bad, &LineError{Line: n, Err: err})
			continue
		}
		titles = append(titles, t)
		pending[t.ID] = t
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			err = fmt.Errorf("a line is longer than %d bytes", MaxImportLine)
		}
		return 0, apperr.New(apperr.Invalid, "read import: %v", err)
	}
	if len(bad) > 0 {
		return 0, &ImportError{Lines: bad}
	}
	if err := s.store.TitleImport(ctx, titles); err != nil {
		return 0, err
	}
	return len(titles), nil
}

// importRecord is a title as exported; display and audit fields are accepted
// and ignored so an export imports unchanged.
type importRecord struct {
	ID    string `json:"id"`
	Owner string `json:"owner"`
	Fields
	Version         int64     `json:"version"`
	CreatedAt       time.Time `json:"created_at"`
	UpdatedAt       time.Time `json:"updated_at"`
	DisplayLanguage string    `json:"display_language"`
	DisplayTitle    string    `json:"display_title"`
}

func (s *Service) importLine(ctx context.Context, owner string, line []byte, now time.Time, pending map[string]*Title) (*Title, error) {
	var rec importRecord
	if err := DecodeStrict(line, &rec); err != nil {
		return nil, err
	}
	if rec.Owner != "" && rec.Owner != owner {
		return nil, fmt.Errorf("owner %q is not the importing organisation %q", rec.Owner, owner)
	}
	t := &Title{ID: rec.ID, Owner: owner, Fields: rec.Fields, Version: 1, CreatedAt: now, UpdatedAt: now}
	if t.ID == "" {
		t.ID = NewID()
	} else if len(t.ID) > 64 || strings.ContainsAny(t.ID, " /?#") {
		return nil, fmt.Errorf("id %q is not a valid title id", t.ID)
	} else if cur, err := s.store.TitleGet(ctx, t.ID); err == nil {
		if cur.Owner != owner {
			return nil, fmt.Errorf("title %s belongs to %s", t.ID, cur.Owner)
		}
		t.Version, t.CreatedAt = cur.Version+1, cur.CreatedAt
	} else if !apperr.Is(err, apperr.NotFound) {
		return nil, err
	}
	if err := s.checkIn(ctx, t, pending); err != nil {
		return nil, err
	}
	return t, nil
}

// Export writes every title the caller's organisation owns as JSON lines.
func (s *Service) Export(ctx context.Context, w io.Writer) (int, error) {
	p, err := auth.Require(ctx)
	if err != nil {
		return 0, err
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	n, after := 0, ""
	for {
		items, more, err := s.store.TitleList(ctx, ListParams{Viewer: p.Org, Owner: p.Org, Limit: 500, After: after})
		if err != nil {
			return n, err
		}
		for _, t := range items {
			if err := enc.Encode(t); err != nil {
				return n, err
			}
			n++
			after = t.ID
		}
		if !more {
			return n, nil
		}
	}
}

package catalog

import (
	"encoding/base64"
	"encoding/json"
	"sync"
	"time"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/silkbridge/silkbridge/internal/langtag"
)

// Sort orders a catalogue listing.
type Sort string

// Sort orders. The zero value lists titles by id, which is creation order.
const (
	SortCreated Sort = ""
	SortTitle   Sort = "title"   // the title the reader sees, in the reader's language's collation
	SortYear    Sort = "year"    // production year, newest first (no year last), then title
	SortChanged Sort = "changed" // most recently changed first
)

// Sorts lists the orders a listing may ask for besides creation order.
var Sorts = []Sort{SortTitle, SortYear, SortChanged}

// SortLanguages are the languages titles keep sort keys in: the interface
// languages. Titles are ordered for other readers as for English ones.
var SortLanguages = []string{"en", "ru", "zh-Hans"}

// SortLanguage returns the sort language for a reader preferring prefs: the
// first preference whose language has sort keys (any Chinese script is
// ordered by the Simplified Chinese titles, pinyin order), else English.
func SortLanguage(prefs []string) string {
	for _, p := range prefs {
		t, err := language.Parse(p)
		if err != nil {
			continue
		}
		switch base, _ := t.Base(); base.String() {
		case "en":
			return "en"
		case "ru":
			return "ru"
		case "zh":
			return "zh-Hans"
		}
	}
	return "en"
}

// SortKey returns the collation key of the title a reader of lang sees
// (its sort title when it has one), in lang's collation: CLDR's, so Russian
// ё sorts with е and Chinese by pinyin. Keys compare as bytes, which both
// engines do for binary columns, so SQLite and PostgreSQL give one order.
func SortKey(t *Title, lang string) []byte {
	shown := langtag.PickFrom(t.Languages(), []string{lang, t.OriginalLanguage, "en"})
	l := t.Localizations[shown]
	text := l.SortTitle
	if text == "" {
		text = l.Title
	}
	c := collators.get(lang)
	defer collators.put(lang, c)
	key := c.col.KeyFromString(&c.buf, text)
	if len(key) > MaxSortKey {
		key = key[:MaxSortKey]
	}
	out := append([]byte{}, key...)
	c.buf.Reset()
	return out
}

// collators keeps built collators per language for reuse: building one is
// most of a key's cost (about 50 µs against a few for the key), and every
// title write and the background fill make a key per sort language. A
// collator with its buffer is not safe for concurrent use, hence a pool.
var collators collatorPools

type collatorPools struct{ pools sync.Map } // language → *sync.Pool of *collator

type collator struct {
	col *collate.Collator
	buf collate.Buffer
}

func (p *collatorPools) get(lang string) *collator {
	pool, ok := p.pools.Load(lang)
	if !ok {
		pool, _ = p.pools.LoadOrStore(lang, &sync.Pool{New: func() any {
			return &collator{col: collate.New(language.Make(lang))}
		}})
	}
	return pool.(*sync.Pool).Get().(*collator)
}

func (p *collatorPools) put(lang string, c *collator) {
	if pool, ok := p.pools.Load(lang); ok {
		pool.(*sync.Pool).Put(c)
	}
}

// MaxSortKey bounds a sort key (a key's primary weights come first, so the
// cut only merges titles whose first couple of hundred letters agree, and
// their ids order them), keeping index entries and cursors small.
const MaxSortKey = 512

// SortKeys returns a title's key in every sort language.
func SortKeys(t *Title) map[string][]byte {
	out := make(map[string][]byte, len(SortLanguages))
	for _, l := range SortLanguages {
		out[l] = SortKey(t, l)
	}
	return out
}

// Position is where a sorted page ends: the last title's sort values and id.
// The store lists titles strictly after it in the listing's order.
type Position struct {
	Key     []byte    // SortTitle, SortYear: the title's sort key in the sort language
	Year    int       // SortYear: the production year (0 when none)
	Changed time.Time // SortChanged: when the title last changed
	ID      string
}

// sortCursor is the content of a sorted listing's cursor. It keeps the sort
// and language it was made for, so it is refused by a listing in another order
// instead of being read as a position in it.
type sortCursor struct {
	Sort    Sort      `json:"s"`
	Lang    string    `json:"l,omitempty"`
	Key     []byte    `json:"k,omitempty"`
	Year    int       `json:"y,omitempty"`
	Changed time.Time `json:"c,omitzero"`
	ID      string    `json:"i"`
}

// cursorSorted marks cursors of sorted title listings.
const cursorSorted CursorKind = 's'

func encodeSortCursor(p ListParams, last *Title) string {
	c := sortCursor{Sort: p.Sort, ID: last.ID}
	switch p.Sort {
	case SortTitle:
		c.Lang, c.Key = p.SortLang, SortKey(last, p.SortLang)
	case SortYear:
		c.Lang, c.Key, c.Year = p.SortLang, SortKey(last, p.SortLang), last.ProductionYear
	case SortChanged:
		c.Changed = last.UpdatedAt.UTC()
	}
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(append([]byte(cursorVersion+string(cursorSorted)), b...))
}

func decodeSortCursor(p ListParams, s string) (*Position, error) {
	b, err := base64.RawURLEncoding.Strict().DecodeString(s)
	prefix := cursorVersion + string(cursorSorted)
	if err != nil || len(b) <= len(prefix) || string(b[:len(prefix)]) != prefix {
		return nil, errBadCursor
	}
	var c sortCursor
	if json.Unmarshal(b[len(prefix):], &c) != nil || c.Sort != p.Sort || !validCursorID(c.ID) {
		return nil, errBadCursor
	}
	if (p.Sort == SortTitle || p.Sort == SortYear) && (c.Lang != p.SortLang) {
		return nil, errBadCursor
	}
	if p.Sort == SortChanged && c.Changed.IsZero() {
		return nil, errBadCursor
	}
	return &Position{Key: c.Key, Year: c.Year, Changed: c.Changed, ID: c.ID}, nil
}

package search

import "context"

// Store is what search needs from the database. The store picks candidates
// with the keys from this package's analyzer and keeps the index; ranking
// happens here, the same for every engine.
type Store interface {
	// SearchFind takes the first Cap matches of f in index order, and returns
	// up to Limit of them from Offset in the index's rank order (best first),
	// each with its localized titles.
	SearchFind(ctx context.Context, f Find) ([]Candidate, error)
	// SearchMatches examines the first Cap matches of f in index order: it
	// counts them and their facet values, and returns the Limit best of them
	// by the index's rank (ignoring Offset), with their localized titles, in
	// one pass over the index.
	SearchMatches(ctx context.Context, f Find) (Matches, error)
	// SearchTerms returns the vocabulary terms in any of the ranges.
	SearchTerms(ctx context.Context, ranges []TermRange) ([]string, error)

	// SearchIndexStatus reports the index's analyzer version and follow
	// watermark; a missing or unusable index is an error.
	SearchIndexStatus(ctx context.Context) (IndexStatus, error)
	// SearchIndexReset drops and recreates the (empty) index. The engine
	// may leave out structures that are cheaper to build in one go once the
	// index is full; SearchIndexComplete builds them.
	SearchIndexReset(ctx context.Context) error
	// SearchVocabularyAdd adds words to the vocabulary (a rebuild's, held
	// back until its titles are written; see rebuildVocabulary).
	SearchVocabularyAdd(ctx context.Context, terms []string) error
	// SearchIndexComplete is called when a rebuild has written every title
	// and its vocabulary.
	SearchIndexComplete(ctx context.Context) error
	// SearchIndexSetState records the analyzer version and watermark.
	SearchIndexSetState(ctx context.Context, s IndexStatus) error
	// SearchChanges returns logged catalogue changes with seq > after (up to
	// limit, in seq order), or with the given seqs when seqs is not empty.
	SearchChanges(ctx context.Context, after int64, seqs []int64, limit int) ([]Change, error)
	// SearchMaxSeq returns the highest change seq committed so far.
	SearchMaxSeq(ctx context.Context) (int64, error)
	// SearchSource returns the searchable texts of titles: those named by ids,
	// or when ids is nil up to limit titles with id > after in id order.
	SearchSource(ctx context.Context, ids []string, after string, limit int) ([]Source, error)
	// SearchIndexWrite stores docs (unless the title has moved on to another
	// version meanwhile) and removes the docs of titles in gone that no
	// longer exist, in one short transaction.
	SearchIndexWrite(ctx context.Context, docs []Doc, gone []string) error
}

// Find is a query as the store evaluates it.
type Find struct {
	Viewer string  // organisation whose visibility rules apply
	Terms  [][]Alt // every term must match by one of its alternatives
	Filter Filter
	Offset int
	Limit  int
	// Cap bounds the matches examined, so that a query matching much of the
	// catalogue costs no more than one matching Cap titles.
	Cap int
}

// Filter narrows a search.
type Filter struct {
	Kind     string
	Genre    string
	YearFrom int
	YearTo   int
	Producer string
	Country  string
}

// Matches is what SearchMatches found.
type Matches struct {
	Total  int
	Facets Facets
	Top    []Candidate // best first
}

// Candidate is a title the store found.
type Candidate struct {
	ID               string
	Kind             string
	Year             int
	OriginalLanguage string
	Titles           map[string]string // language tag → localized title
}

// Facets count the matching titles by attribute value, most frequent first.
type Facets struct {
	Kind     []FacetValue `json:"kind"`
	Genre    []FacetValue `json:"genre"`
	Year     []FacetValue `json:"year"`
	Producer []FacetValue `json:"producer"`
	Country  []FacetValue `json:"country"`
}

// FacetValue is one value of a facet and how many matching titles have it.
type FacetValue struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// IndexStatus describes the stored index.
type IndexStatus struct {
	Analyzer  string // AnalyzerVersion that built it; empty when never built
	Watermark int64  // every change with seq ≤ Watermark is indexed
}

// Change is one entry of a change log: the catalogue's (ID is a title) or
// the people's (ID is a person).
type Change struct {
	Seq int64
	ID  string
}

// Source is what the index is built from for one title.
type Source struct {
	ID      string
	Version int64
	Texts   []string
	// Facets are the store's own encoding of the title's facet values,
	// carried into its Doc so the store can count facets from the index.
	Facets string
	// What the in-memory index (MemoryIndex) keeps besides the keys: the
	// title's attributes, for filters and the visibility rule, and its
	// localized titles by language tag (Texts are their titles).
	Attrs  TitleAttrs
	Titles map[string]string
	// Directors are the people credited as the title's director, for the
	// in-memory index's SearchDirected (filled by MemoryIndex only).
	Directors []string
}

// TitleAttrs are the attributes of a title that a search filters on or
// shows, and those its visibility depends on.
type TitleAttrs struct {
	Kind             string
	Year             int // 0 when unknown
	OriginalLanguage string
	Owner            string
	Visibility       string // catalog.Visibility
}

// Doc is one title's entry in the index.
type Doc struct {
	TitleID string
	Version int64
	Keys    Keys
	Facets  string // Source.Facets
}

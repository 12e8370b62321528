package search

import (
	"context"
	"encoding/base64"
	"sort"
	"strconv"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/langtag"
)

// Ranking windows. The store examines the first MatchCap matches of a query
// in index order (all of them, for all but the commonest words), orders them
// by a cheap rank of its own, and this package re-ranks the best
// rerankWindow of them; later pages follow the store's order, so the order
// of the whole result list does not depend on the page size.
const (
	rerankWindow    = 50
	suggestWindow   = 40
	SuggestLimit    = 10
	MaxLimit        = 50
	maxFuzzyPerTerm = 8
	// MatchCap is how many matches of a query are examined: totals and
	// facets count at most this many, and ranking picks the best of them.
	// It bounds the cost of a query that matches much of the catalogue (a
	// single common word) to that of one matching MatchCap titles.
	MatchCap = 500
	// suggestCap is MatchCap for search-as-you-type, which shows ten titles
	// and no counts.
	suggestCap = 200
	maxOffset  = MatchCap
)

// Params is a search request.
type Params struct {
	Query  string
	Prefs  []string // display languages, most preferred first
	Limit  int
	Cursor string
	Filter Filter
	// Type narrows hits to "title" or "person"; empty means both.
	Type string
}

// Hit is one found title.
type Hit struct {
	Type            string  `json:"type" enum:"title,person" doc:"What was found"`
	ID              string  `json:"id"`
	Name            string  `json:"name,omitempty" doc:"Person hits: the display name (also in title, for older clients)"`
	Title           string  `json:"title" doc:"Title in the caller's display language"`
	Kind            string  `json:"kind"`
	Year            int     `json:"year,omitempty"`
	Score           float64 `json:"score" doc:"Relevance; higher is better; comparable within one result list"`
	MatchedLanguage string  `json:"matched_language" doc:"Language of the localized title the query matched"`
	Highlight       string  `json:"highlight" doc:"The matched localized title as HTML (escaped) with <mark> around matching parts"`
}

// ResultPage is one page of hits.
type ResultPage struct {
	Total      int    `json:"total" doc:"Titles matching, of those the caller may read; at most 500 (see total_capped)"`
	Capped     bool   `json:"total_capped,omitempty" doc:"The query matches more titles than the 500 examined: total and facets count those 500, and hits are the best of them"`
	Hits       []Hit  `json:"hits"`
	Facets     Facets `json:"facets"`
	NextCursor string `json:"next_cursor,omitempty"`
}

// Service answers searches for authenticated callers.
type Service struct {
	store       Store
	peopleStore PeopleStore // nil when the store does not index people
	// directed answers SearchDirected: the people store, or an in-memory
	// title index over a store that keeps credits.
	directed interface {
		SearchDirected(ctx context.Context, viewer string, personIDs []string) (map[string][]Candidate, error)
	}
	// IndexTrouble, when set, is told about index errors (the indexer
	// rebuilds a missing or corrupt index).
	IndexTrouble func(error)
}

// NewService returns a search service over store.
func NewService(store Store) *Service {
	s := &Service{store: store}
	if ps, ok := store.(PeopleStore); ok {
		s.peopleStore, s.directed = ps, ps
	}
	return s
}

// WithMemoryIndex answers the title index's look-ups from m, an in-memory
// copy of the index over the same store (see MemoryIndex).
func (s *Service) WithMemoryIndex(m *MemoryIndex) *Service {
	s.store = m
	if _, ok := m.Store.(DirectorSource); ok && s.peopleStore != nil {
		s.directed = m
	}
	return s
}

// WithMemoryPeople answers people look-ups from m, an in-memory copy of the
// people index over the same store (see MemoryPeople).
func (s *Service) WithMemoryPeople(m *MemoryPeople) *Service {
	s.peopleStore = m
	return s
}

// Search returns a page of titles and people matching p.Query that the
// caller may read. Titles are ranked as always; people, and titles found
// through their directors' names, join the first page by score.
func (s *Service) Search(ctx context.Context, p Params) (*ResultPage, error) {
	pr, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	q, err := ParseQuery(p.Query, ModeSearch)
	if err != nil {
		return nil, err
	}
	offset, err := decodeCursor(p.Cursor)
	if err != nil {
		return nil, err
	}
	if p.Limit <= 0 || p.Limit > MaxLimit {
		p.Limit = 20
	}
	if p.Type != "" && p.Type != TypeTitle && p.Type != TypePerson {
		return nil, (apperr.Fields{{Field: "type", Message: "must be title or person"}}).Err()
	}
	if err := s.expandTerms(ctx, &q); err != nil {
		return nil, s.trouble(err)
	}
	if p.Type == TypePerson {
		return s.searchPeople(ctx, pr.Org, q, p, offset)
	}
	res, err := s.searchTitles(ctx, pr, q, p, offset)
	if err == nil && res.Total == 0 {
		if wide, ok := q.Widen(); ok {
			q = wide
			res, err = s.searchTitles(ctx, pr, q, p, offset)
		}
	}
	if err != nil || offset > 0 || p.Filter != (Filter{}) {
		return res, err // filters are title attributes: people join unfiltered first pages only
	}
	return s.mergePeople(ctx, pr.Org, q, p, res)
}

func (s *Service) searchTitles(ctx context.Context, pr *auth.Principal, q Query, p Params, offset int) (*ResultPage, error) {
	f := Find{Viewer: pr.Org, Terms: alts(q), Filter: p.Filter, Cap: MatchCap}
	if offset < rerankWindow {
		f.Limit = rerankWindow
	}
	m, err := s.store.SearchMatches(ctx, f)
	if err != nil {
		return nil, s.trouble(err)
	}
	res := &ResultPage{Total: m.Total, Capped: m.Total >= MatchCap, Facets: m.Facets, Hits: []Hit{}}
	if offset >= m.Total {
		return res, nil
	}
	var hits []Hit
	if offset < rerankWindow {
		top := s.rerank(q, m.Top, p.Prefs)
		hits = top[min(offset, len(top)):]
	}
	if need := offset + p.Limit; need > rerankWindow && len(hits) < p.Limit {
		f.Offset = max(offset, rerankWindow)
		f.Limit = need - f.Offset
		cands, err := s.store.SearchFind(ctx, f)
		if err != nil {
			return nil, s.trouble(err)
		}
		hits = append(hits, s.hits(q, cands, p.Prefs)...)
	}
	if len(hits) > p.Limit {
		hits = hits[:p.Limit]
	}
	res.Hits = hits
	if next := offset + len(hits); len(hits) == p.Limit && next < m.Total && next < maxOffset {
		res.NextCursor = encodeCursor(next)
	}
	return res, nil
}

// Suggest returns up to SuggestLimit titles for a search-as-you-type box: the
// last word of q also matches as a prefix.
func (s *Service) Suggest(ctx context.Context, query string, prefs []string) ([]Hit, error) {
	titles, _, err := s.SuggestAll(ctx, query, prefs, true, false)
	return titles, err
}

// SuggestAll returns what a search-as-you-type box lists: up to
// SuggestLimit titles (when titles is set) and up to SuggestLimit people
// (when people is set), the query parsed and its words looked up in the
// vocabulary once for both.
func (s *Service) SuggestAll(ctx context.Context, query string, prefs []string, titles, people bool) (t, p []Hit, err error) {
	pr, q, err := s.suggestQuery(ctx, query)
	if err != nil {
		return nil, nil, err
	}
	if titles {
		if t, err = s.suggestTitles(ctx, pr.Org, q, prefs); err != nil {
			return nil, nil, err
		}
	}
	if people {
		if p, err = s.suggestPeople(ctx, pr.Org, q, prefs); err != nil {
			return nil, nil, err
		}
	}
	return t, p, nil
}

func (s *Service) suggestTitles(ctx context.Context, viewer string, q Query, prefs []string) ([]Hit, error) {
	hits, err := s.rank(ctx, q, Find{Viewer: viewer, Terms: alts(q), Limit: suggestWindow, Cap: suggestCap}, prefs)
	if err != nil {
		return nil, err
	}
	if wide, ok := q.Widen(); ok && len(hits) == 0 {
		if hits, err = s.rank(ctx, wide, Find{Viewer: viewer, Terms: alts(wide), Limit: suggestWindow, Cap: suggestCap}, prefs); err != nil {
			return nil, err
		}
	}
	if len(hits) > SuggestLimit {
		hits = hits[:SuggestLimit]
	}
	return hits, nil
}

// rank fetches the store's candidates and orders them by this package's score.
func (s *Service) rank(ctx context.Context, q Query, f Find, prefs []string) ([]Hit, error) {
	cands, err := s.store.SearchFind(ctx, f)
	if err != nil {
		return nil, s.trouble(err)
	}
	return s.rerank(q, cands, prefs), nil
}

// rerank orders the store's candidates by this package's score.
func (s *Service) rerank(q Query, cands []Candidate, prefs []string) []Hit {
	hits := s.hits(q, cands, prefs)
	// Stable: equal scores keep the store's order.
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].Score > hits[j].Score })
	return hits
}

func (s *Service) hits(q Query, cands []Candidate, prefs []string) []Hit {
	out := make([]Hit, 0, len(cands))
	for _, c := range cands {
		m := q.Match(c.Titles)
		langs := make([]string, 0, len(c.Titles))
		for l := range c.Titles {
			langs = append(langs, l)
		}
		display := langtag.PickFrom(langs, append(append([]string{}, prefs...), c.OriginalLanguage, "en"))
		out = append(out, Hit{
			Type: TypeTitle, ID: c.ID, Title: c.Titles[display], Kind: c.Kind, Year: c.Year,
			Score: float64(int(m.Score*1000+0.5)) / 1000, MatchedLanguage: m.Lang, Highlight: m.Highlight,
		})
	}
	return out
}

// expandTerms fills each long word's Fuzzy list and the prefix word's
// Completions from the index vocabulary, in one look-up. Fuzzy terms are
// those in the word's ranges that are one edit away, likeliest typos first
// (see nearest); a word that is itself in the vocabulary gets none until
// the query is widened.
func (s *Service) expandTerms(ctx context.Context, q *Query) error {
	lookups := q.FuzzyLookups()
	completions := q.CompletionLookups()
	if len(lookups) == 0 && len(completions) == 0 {
		return nil
	}
	var all []TermRange
	for _, rs := range lookups {
		all = append(all, rs...)
	}
	for _, rs := range completions {
		all = append(all, rs...)
	}
	found, err := s.store.SearchTerms(ctx, all)
	if err != nil {
		return err
	}
	sort.Strings(found)
	for i := range completions {
		q.Terms[i].setCompletions(found)
	}
	known := func(k string) bool {
		i := sort.SearchStrings(found, k)
		return i < len(found) && found[i] == k
	}
	for i := range lookups {
		t := &q.Terms[i]
		near := nearest(t.Text, found)
		if known(t.Text) || known(translitPrefix+t.Text) {
			// Only unknown words are taken for typos at first. A known
			// word's neighbours are other words, often its other
			// romanizations (krasnyi: krasnyj, krasnyy), whose long lists
			// would add nothing but reading time; they are asked for only
			// when the query finds nothing (Widen).
			t.knownNear = near
			continue
		}
		t.Fuzzy = near
	}
	return nil
}

func abs(n int) int { return max(n, -n) }

func (s *Service) trouble(err error) error {
	if s.IndexTrouble != nil {
		s.IndexTrouble(err)
	}
	return err
}

func alts(q Query) [][]Alt {
	out := make([][]Alt, len(q.Terms))
	for i, t := range q.Terms {
		out[i] = t.Alts()
	}
	return out
}

// Cursors are opaque offsets into the ranked list.
func encodeCursor(offset int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("o" + strconv.Itoa(offset)))
}

func decodeCursor(c string) (int, error) {
	if c == "" {
		return 0, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err == nil && len(b) > 1 && b[0] == 'o' {
		if n, err := strconv.Atoi(string(b[1:])); err == nil && n > 0 && n <= maxOffset {
			return n, nil
		}
	}
	return 0, (apperr.Fields{{Field: "cursor", Message: "is not a cursor this server issued"}}).Err()
}

// suggestQuery authenticates a search-as-you-type call and parses and
// expands its query, the start shared by title and people suggestions.
func (s *Service) suggestQuery(ctx context.Context, query string) (*auth.Principal, Query, error) {
	pr, err := auth.Require(ctx)
	if err != nil {
		return nil, Query{}, err
	}
	q, err := ParseQuery(query, ModeSuggest)
	if err != nil {
		return nil, Query{}, err
	}
	if err := s.expandTerms(ctx, &q); err != nil {
		return nil, Query{}, s.trouble(err)
	}
	return pr, q, nil
}

package search

import (
	"context"
	"sort"
	"strings"

	"github.com/silkbridge/silkbridge/internal/langtag"
)

// People search. People live in a small index of their own beside the
// titles' one (the store keeps the analyzer's keys of every person's names,
// written with the person), so title indexing and ranking are untouched. A
// query finds people by any of their names in any script, and titles
// through their directors' names.

// Hit types.
const (
	TypeTitle  = "title"
	TypePerson = "person"
)

// PeopleFind is a people query as the store evaluates it.
type PeopleFind struct {
	Viewer string
	Terms  [][]Alt    // every term must match by one of its alternatives…
	Prefix [][]string // …or, for a prefix term, by a key starting with one of these
	Limit  int
}

// PersonCandidate is a person the store found, with their names by language.
type PersonCandidate struct {
	ID    string
	Names map[string]string
}

// PeopleStore is implemented by stores that index people.
type PeopleStore interface {
	// SearchPeople returns up to f.Limit people readable by f.Viewer
	// matching f, in id order.
	SearchPeople(ctx context.Context, f PeopleFind) ([]PersonCandidate, error)
	// SearchDirected returns, for each person, the titles readable by
	// viewer that credit them as director.
	SearchDirected(ctx context.Context, viewer string, personIDs []string) (map[string][]Candidate, error)
}

// DirectorSource is implemented by stores that keep credits; an in-memory
// title index over one answers SearchDirected too.
type DirectorSource interface {
	PeopleStore
	// SearchDirectors returns the people credited as director of each
	// title: of the titles named by ids, or when ids is nil of those with
	// after < id ≤ through.
	SearchDirectors(ctx context.Context, ids []string, after, through string) (map[string][]string, error)
}

// PersonKeys are the index keys of a person's names: the same analyzer as
// titles, so every script and romanization a title is found by works.
func PersonKeys(names ...string) []string {
	k := DocKeys(names...)
	out := make([]string, 0, len(k.Native)+len(k.Stems)+len(k.Translit))
	out = append(out, k.Native...)
	out = append(out, k.Stems...)
	out = append(out, k.Translit...)
	return out
}

// peopleLimit bounds the people one query examines and returns.
const peopleLimit = 50

// directedWeight scales a director's match score onto the titles they
// directed, so the person ranks above their films for a name query.
const directedWeight = 0.9

// people returns person hits for q and title hits found through directors,
// best first.
func (s *Service) people(ctx context.Context, viewer string, q Query, prefs []string, withTitles bool) (persons, directed []Hit, err error) {
	if s.peopleStore == nil {
		return nil, nil, nil
	}
	f := PeopleFind{Viewer: viewer, Terms: alts(q), Limit: peopleLimit}
	f.Prefix = make([][]string, len(q.Terms))
	for i, t := range q.Terms {
		if t.Prefix && t.Kind != KindHan && t.Kind != KindCJK && t.Text != "" {
			f.Prefix[i] = []string{t.Text, translitPrefix + t.Text}
		}
	}
	cands, err := s.peopleStore.SearchPeople(ctx, f)
	if err != nil || len(cands) == 0 {
		return nil, nil, err
	}
	ids := make([]string, 0, len(cands))
	score := map[string]float64{}
	for _, c := range cands {
		m := q.Match(c.Names)
		display := langtag.PickFrom(keysOf(c.Names), append(append([]string{}, prefs...), "en"))
		h := Hit{Type: TypePerson, ID: c.ID, Name: c.Names[display], Title: c.Names[display],
			Score: round3(m.Score), MatchedLanguage: m.Lang, Highlight: m.Highlight}
		persons = append(persons, h)
		ids = append(ids, c.ID)
		score[c.ID] = h.Score
	}
	sort.SliceStable(persons, func(i, j int) bool { return persons[i].Score > persons[j].Score })
	if !withTitles {
		return persons, nil, nil
	}
	titles, err := s.directed.SearchDirected(ctx, viewer, ids)
	if err != nil {
		return nil, nil, err
	}
	seen := map[string]bool{}
	for _, pid := range ids {
		for _, c := range titles[pid] {
			if seen[c.ID] {
				continue
			}
			seen[c.ID] = true
			display := langtag.PickFrom(keysOf(c.Titles), append(append([]string{}, prefs...), c.OriginalLanguage, "en"))
			directed = append(directed, Hit{Type: TypeTitle, ID: c.ID, Title: c.Titles[display], Kind: c.Kind, Year: c.Year,
				Score: round3(score[pid] * directedWeight), MatchedLanguage: display, Highlight: htmlEscape(c.Titles[display])})
		}
	}
	sort.SliceStable(directed, func(i, j int) bool { return directed[i].Score > directed[j].Score })
	return persons, directed, nil
}

func keysOf(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func round3(f float64) float64 { return float64(int(f*1000+0.5)) / 1000 }

var htmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;")

func htmlEscape(s string) string { return htmlEscaper.Replace(s) }

// searchPeople answers a type=person search: people only, best first.
func (s *Service) searchPeople(ctx context.Context, viewer string, q Query, p Params, offset int) (*ResultPage, error) {
	persons, _, err := s.people(ctx, viewer, q, p.Prefs, false)
	if err != nil {
		return nil, s.trouble(err)
	}
	res := &ResultPage{Total: len(persons), Hits: []Hit{}}
	if offset < len(persons) {
		res.Hits = persons[offset:min(len(persons), offset+p.Limit)]
	}
	if next := offset + len(res.Hits); next < len(persons) {
		res.NextCursor = encodeCursor(next)
	}
	return res, nil
}

// mergePeople adds to the first page of a title search the people matching
// (unless type=title) and the titles they directed that the title search
// did not find, ordered by score with the title hits.
func (s *Service) mergePeople(ctx context.Context, viewer string, q Query, p Params, res *ResultPage) (*ResultPage, error) {
	persons, directed, err := s.people(ctx, viewer, q, p.Prefs, true)
	if err != nil {
		return nil, s.trouble(err)
	}
	if p.Type == TypeTitle {
		persons = nil
	}
	have := map[string]bool{}
	for _, h := range res.Hits {
		have[h.ID] = true
	}
	extra := persons
	for _, h := range directed {
		if !have[h.ID] {
			extra = append(extra, h)
			res.Total++
		}
	}
	if len(extra) == 0 {
		return res, nil
	}
	res.Total += len(persons)
	hits := append(append([]Hit{}, res.Hits...), extra...)
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].Score > hits[j].Score })
	if len(hits) > p.Limit {
		hits = hits[:p.Limit]
	}
	res.Hits = hits
	return res, nil
}

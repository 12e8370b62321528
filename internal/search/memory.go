package search

import (
	"context"
	"runtime"
	"sync/atomic"
)

// MemoryIndex answers the title index's questions (SearchFind,
// SearchMatches, SearchTerms) from a copy of the index in this process's
// memory, and, over a store that keeps credits, which titles people
// directed (SearchDirected); it passes everything else to the database's
// Store, which it wraps. It loads the catalogue when it starts and follows the change log
// as the Indexer does; a search that finds a change not yet followed, or
// the copy being written, is answered by the database instead, so results
// are never staler than the stored index's (visibility and filters are
// read live there). Each process keeps its own copy: at a million titles
// a few hundred megabytes (docs/benchmarks.md).
type MemoryIndex struct {
	Store
	partners PartnerLister
	state    atomic.Pointer[memIndex]
	keep     *memoryKeeper
}

// PartnerLister lists the organisations in partnership with one.
type PartnerLister interface {
	OrgPartners(ctx context.Context, org string) ([]string, error)
}

// NewMemoryIndex returns an empty in-memory index over store; Load or Run
// fills it. partners answers the visibility rule's partnership question.
func NewMemoryIndex(store Store, partners PartnerLister, cfg MemoryConfig) *MemoryIndex {
	return &MemoryIndex{Store: store, partners: partners, keep: newMemoryKeeper("titles", store.SearchChanges, cfg)}
}

// Run loads the index and follows the change log until ctx ends. Until the
// load completes, searches go to the database.
func (m *MemoryIndex) Run(ctx context.Context) {
	m.keep.run(ctx, m.Load, m.Follow, m.Stats)
}

// Load reads and analyzes the whole catalogue into a new copy, which
// replaces the current one; changes logged since it began are followed
// next. Reading a batch overlaps with analyzing the last one, on every
// core.
func (m *MemoryIndex) Load(ctx context.Context) error {
	return loadCopy(ctx, m.keep, &m.state, m.Store.SearchMaxSeq, func(ctx context.Context) (*memIndex, error) {
		ix := newMemIndex()
		read := func(ctx context.Context, after string) ([]Source, error) {
			srcs, err := m.Store.SearchSource(ctx, nil, after, m.keep.cfg.Batch)
			if err != nil || len(srcs) == 0 {
				return srcs, err
			}
			return srcs, m.addDirectors(ctx, srcs, nil, after)
		}
		id := func(s Source) string { return s.ID }
		analyze := func(s Source) Keys { return DocKeys(s.Texts...) }
		err := loadAnalyzed(ctx, read, id, analyze, func(srcs []Source, keys []Keys) {
			for i, s := range srcs {
				ix.put(s, keys[i])
			}
		})
		if err != nil {
			return nil, err
		}
		ix.trim()
		ix.vocab.finish()
		return ix, nil
	})
}

// loadAnalyzed reads every record (titles or people) in id order, a batch
// at a time, analyzes them on every core and hands each batch to add in
// order. Rebuild keeps a pipeline of its own, analyzing on one goroutine:
// there the writer needs the other core (at 100,000 titles on SQLite,
// 6,539–6,747 titles/s through this one against 7,700–8,330).
func loadAnalyzed[S, K any](ctx context.Context, read func(ctx context.Context, after string) ([]S, error),
	id func(S) string, analyze func(S) K, add func([]S, []K)) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type job struct {
		srcs []S
		keys []K
		done chan struct{}
	}
	jobs := make(chan *job, runtime.GOMAXPROCS(0))
	queue := make(chan *job, runtime.GOMAXPROCS(0))
	var readErr error
	go func() {
		defer close(jobs)
		defer close(queue)
		after := ""
		for {
			srcs, err := read(ctx, after)
			if err != nil || len(srcs) == 0 {
				readErr = err
				return
			}
			after = id(srcs[len(srcs)-1])
			j := &job{srcs: srcs, keys: make([]K, len(srcs)), done: make(chan struct{})}
			select {
			case jobs <- j:
			case <-ctx.Done():
				return
			}
			select {
			case queue <- j:
			case <-ctx.Done():
				return
			}
		}
	}()
	for range runtime.GOMAXPROCS(0) {
		go func() {
			for j := range jobs {
				for i, s := range j.srcs {
					j.keys[i] = analyze(s)
				}
				close(j.done)
			}
		}()
	}
	for j := range queue {
		select {
		case <-j.done:
		case <-ctx.Done():
			return ctx.Err()
		}
		add(j.srcs, j.keys)
	}
	if readErr != nil {
		return readErr
	}
	return ctx.Err()
}

// Follow applies every change logged since the last call.
func (m *MemoryIndex) Follow(ctx context.Context) error {
	return followCopy(ctx, m.keep, &m.state, func(ctx context.Context, ix *memIndex, changes []Change) error {
		srcs, gone, err := changedSources(ctx, m.Store, changes)
		if err != nil || len(srcs)+len(gone) == 0 {
			return err
		}
		ids := make([]string, len(srcs))
		for i, s := range srcs {
			ids[i] = s.ID
		}
		if err := m.addDirectors(ctx, srcs, ids, ""); err != nil {
			return err
		}
		docs := docsOf(srcs) // analyzed before the copy is locked
		ix.mu.Lock()
		defer ix.mu.Unlock()
		for _, id := range gone {
			ix.remove(id)
		}
		for i, s := range srcs {
			ix.put(s, docs[i].Keys)
		}
		return nil
	})
}

// addDirectors fills the Directors of srcs, read by ids or (ids nil) as
// the range after < id ≤ the last of srcs, when the store keeps credits.
func (m *MemoryIndex) addDirectors(ctx context.Context, srcs []Source, ids []string, after string) error {
	ds, ok := m.Store.(DirectorSource)
	if !ok || len(srcs) == 0 {
		return nil // no credits kept, or only titles that are gone
	}
	dirs, err := ds.SearchDirectors(ctx, ids, after, srcs[len(srcs)-1].ID)
	if err != nil {
		return err
	}
	for i := range srcs {
		srcs[i].Directors = dirs[srcs[i].ID]
	}
	return nil
}

// current returns the copy when it holds every change committed so far;
// otherwise nil, and the look-up goes to the database.
func (m *MemoryIndex) current(ctx context.Context) *memIndex {
	ix := m.state.Load()
	if !m.keep.current(ctx, ix != nil) {
		return nil
	}
	return ix
}

// locked read-locks a current copy, or returns nil (and the look-up goes to
// the database) while the follower is writing it.
func (m *MemoryIndex) locked(ix *memIndex) *memIndex {
	if ix == nil || !m.keep.tryRead(&ix.mu) {
		return nil // current fell back already, or tryRead did
	}
	return ix
}

// readFor returns the copy, read-locked, with the viewer's partners
// (viewerPartners); or nil when the database must answer.
func (m *MemoryIndex) readFor(ctx context.Context, viewer string) (*memIndex, []string, error) {
	ix := m.current(ctx)
	if ix == nil {
		return nil, nil, nil
	}
	partners, err := viewerPartners(ctx, m.partners, ix.partners.Load(), viewer)
	if err != nil {
		return nil, nil, err
	}
	return m.locked(ix), partners, nil
}

// SearchFind answers from memory when the copy is current.
func (m *MemoryIndex) SearchFind(ctx context.Context, f Find) ([]Candidate, error) {
	ix, partners, err := m.readFor(ctx, f.Viewer)
	if err != nil || ix == nil {
		if err != nil {
			return nil, err
		}
		return m.Store.SearchFind(ctx, f)
	}
	defer ix.mu.RUnlock()
	return ix.find(f, partners), nil
}

// SearchMatches answers from memory when the copy is current.
func (m *MemoryIndex) SearchMatches(ctx context.Context, f Find) (Matches, error) {
	ix, partners, err := m.readFor(ctx, f.Viewer)
	if err != nil || ix == nil {
		if err != nil {
			return Matches{}, err
		}
		return m.Store.SearchMatches(ctx, f)
	}
	defer ix.mu.RUnlock()
	return ix.count(f, partners), nil
}

// SearchDirected answers from memory when the copy is current: for each
// person, the titles the viewer may read that credit them as director.
func (m *MemoryIndex) SearchDirected(ctx context.Context, viewer string, personIDs []string) (map[string][]Candidate, error) {
	ix, partners, err := m.readFor(ctx, viewer)
	if err != nil || ix == nil {
		ps, ok := m.Store.(PeopleStore)
		if err != nil || !ok {
			return map[string][]Candidate{}, err
		}
		return ps.SearchDirected(ctx, viewer, personIDs)
	}
	defer ix.mu.RUnlock()
	return ix.directedBy(viewer, partners, personIDs), nil
}

// maxVocabTerms caps a vocabulary look-up's answer, as the store does.
const maxVocabTerms = 5000

// SearchTerms answers from memory when the copy is current.
func (m *MemoryIndex) SearchTerms(ctx context.Context, ranges []TermRange) ([]string, error) {
	if len(ranges) == 0 {
		return nil, nil
	}
	ix := m.locked(m.current(ctx))
	if ix == nil {
		return m.Store.SearchTerms(ctx, ranges)
	}
	defer ix.mu.RUnlock()
	seen := map[string]bool{}
	var out []string
	for _, r := range ranges {
		ix.vocab.find(r, func(t string) bool {
			if !seen[t] {
				seen[t] = true
				out = append(out, t)
			}
			return len(out) < maxVocabTerms
		})
		if len(out) >= maxVocabTerms {
			break
		}
	}
	return out, nil
}

// Stats reports on the copy.
func (m *MemoryIndex) Stats() MemoryStats { return copyStats(m.keep, &m.state) }

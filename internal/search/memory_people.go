package search

import (
	"context"
	"sync/atomic"
)

// PeopleSourceStore is what the in-memory people index (MemoryPeople)
// reads: the people change log and the people themselves.
type PeopleSourceStore interface {
	PeopleStore
	// PeopleChanges returns logged people changes with seq > after (up to
	// limit, in seq order), or with the given seqs when seqs is not empty.
	PeopleChanges(ctx context.Context, after int64, seqs []int64, limit int) ([]Change, error)
	// PeopleMaxSeq returns the highest people change seq committed so far.
	PeopleMaxSeq(ctx context.Context) (int64, error)
	// PeopleSource returns the people named by ids, or when ids is nil up
	// to limit people with id > after in id order; erased ones included.
	PeopleSource(ctx context.Context, ids []string, after string, limit int) ([]PersonSource, error)
}

// PersonSource is what the in-memory people index keeps of a person: the
// names its keys are made of, and what the visibility rule reads.
type PersonSource struct {
	ID         string
	Version    int64
	Names      map[string]string // language tag → name
	Owner      string
	Org        string // the organisation the person belongs to, if any
	Visibility string
	Erased     bool
}

// MemoryPeople answers SearchPeople from a copy of the people index in this
// process's memory, and passes everything else to the database's store,
// which it wraps. It loads every person when it starts and follows the
// people change log; a search that finds a change not yet followed, or the
// copy being written, is answered by the database, so results are never
// staler than the stored index's. It returns what the store's statement
// returns when no branch of that statement reaches its cap: the first Limit
// readable people by id among all who match.
type MemoryPeople struct {
	PeopleSourceStore
	partners PartnerLister
	state    atomic.Pointer[memPeople]
	keep     *memoryKeeper
}

// NewMemoryPeople returns an empty in-memory people index over store; Load
// or Run fills it. partners answers the visibility rule's partnership
// question.
func NewMemoryPeople(store PeopleSourceStore, partners PartnerLister, cfg MemoryConfig) *MemoryPeople {
	return &MemoryPeople{PeopleSourceStore: store, partners: partners, keep: newMemoryKeeper("people", store.PeopleChanges, cfg)}
}

// Run loads the index and follows the change log until ctx ends. Until the
// load completes, searches go to the database.
func (m *MemoryPeople) Run(ctx context.Context) {
	m.keep.run(ctx, m.Load, m.Follow, m.Stats)
}

// Load reads and analyzes every person into a new copy, which replaces the
// current one; changes logged since it began are followed next.
func (m *MemoryPeople) Load(ctx context.Context) error {
	return loadCopy(ctx, m.keep, &m.state, m.PeopleMaxSeq, func(ctx context.Context) (*memPeople, error) {
		ix := newMemPeople()
		read := func(ctx context.Context, after string) ([]PersonSource, error) {
			return m.PeopleSource(ctx, nil, after, m.keep.cfg.Batch)
		}
		id := func(s PersonSource) string { return s.ID }
		err := loadAnalyzed(ctx, read, id, personSourceKeys, func(srcs []PersonSource, keys [][]string) {
			for i, s := range srcs {
				ix.put(s, keys[i])
			}
		})
		if err != nil {
			return nil, err
		}
		ix.finishLoad()
		return ix, nil
	})
}

// personSourceKeys are the keys the store writes for the person
// (PersonKeys of their names); none once erased.
func personSourceKeys(s PersonSource) []string {
	if s.Erased {
		return nil
	}
	names := make([]string, 0, len(s.Names))
	for _, n := range s.Names {
		names = append(names, n)
	}
	return PersonKeys(names...)
}

// Follow applies every change logged since the last call.
func (m *MemoryPeople) Follow(ctx context.Context) error {
	return followCopy(ctx, m.keep, &m.state, func(ctx context.Context, ix *memPeople, changes []Change) error {
		if len(changes) == 0 {
			return nil
		}
		ids := changedIDs(changes)
		srcs, err := m.PeopleSource(ctx, ids, "", len(ids))
		if err != nil {
			return err
		}
		keys := make([][]string, len(srcs)) // analyzed before the copy is locked
		for i, s := range srcs {
			keys[i] = personSourceKeys(s)
		}
		ix.mu.Lock()
		defer ix.mu.Unlock()
		for i, s := range srcs {
			ix.put(s, keys[i])
		}
		return nil
	})
}

// SearchPeople answers from memory when the copy is current.
func (m *MemoryPeople) SearchPeople(ctx context.Context, f PeopleFind) ([]PersonCandidate, error) {
	ix := m.state.Load()
	if !m.keep.current(ctx, ix != nil) {
		return m.PeopleSourceStore.SearchPeople(ctx, f)
	}
	partners, err := viewerPartners(ctx, m.partners, ix.partners.Load(), f.Viewer)
	if err != nil {
		return nil, err
	}
	if !m.keep.tryRead(&ix.mu) {
		return m.PeopleSourceStore.SearchPeople(ctx, f)
	}
	defer ix.mu.RUnlock()
	return ix.search(f, partners), nil
}

// Stats reports on the copy.
func (m *MemoryPeople) Stats() MemoryStats { return copyStats(m.keep, &m.state) }

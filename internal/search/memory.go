package search

import (
	"context"
	"log/slog"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// MemoryIndex answers the title index's questions (SearchFind,
// SearchMatches, SearchTerms) from a copy of the index in this process's
// memory, and passes everything else to the database's Store, which it
// wraps. It loads the catalogue when it starts and follows the change log
// as the Indexer does; a search that finds a change not yet followed, or
// the copy being written, is answered by the database instead, so results
// are never staler than the stored index's (visibility and filters are
// read live there). Each process keeps its own copy: at a million titles
// a few hundred megabytes (docs/benchmarks.md).
type MemoryIndex struct {
	Store
	partners PartnerLister
	cfg      MemoryConfig
	log      *slog.Logger

	state    atomic.Pointer[memIndex]
	followed atomic.Pointer[followPoint]
	wake     chan struct{}

	followMu sync.Mutex // one follower at a time
	follower *changeFollower

	answered, deferred atomic.Int64
}

// PartnerLister lists the organisations in partnership with one.
type PartnerLister interface {
	OrgPartners(ctx context.Context, org string) ([]string, error)
}

// MemoryConfig tunes a MemoryIndex; zero values mean the defaults.
type MemoryConfig struct {
	Poll       time.Duration // how often the change log is read (default 200ms)
	GapTimeout time.Duration // how long a missing seq is waited for (default 10m)
	Batch      int           // titles read per statement (default 2000)
	Logger     *slog.Logger
}

// followPoint is how far the copy has followed the change log: every
// change up to high but the gaps.
type followPoint struct {
	high int64
	gaps []int64
}

// NewMemoryIndex returns an empty in-memory index over store; Load or Run
// fills it. partners answers the visibility rule's partnership question.
func NewMemoryIndex(store Store, partners PartnerLister, cfg MemoryConfig) *MemoryIndex {
	if cfg.Poll <= 0 {
		cfg.Poll = 200 * time.Millisecond
	}
	if cfg.GapTimeout <= 0 {
		cfg.GapTimeout = 10 * time.Minute
	}
	if cfg.Batch <= 0 {
		cfg.Batch = RebuildBatch
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &MemoryIndex{Store: store, partners: partners, cfg: cfg, log: log, wake: make(chan struct{}, 1),
		follower: newChangeFollower(store, cfg.Batch, cfg.GapTimeout)}
}

// Run loads the index and follows the change log until ctx ends. Until the
// load completes, searches go to the database.
func (m *MemoryIndex) Run(ctx context.Context) {
	for m.state.Load() == nil {
		start := time.Now()
		if err := m.Load(ctx); err != nil {
			if ctx.Err() != nil {
				return
			}
			m.log.Error("in-memory search index not loaded; retrying", "err", err)
			select {
			case <-ctx.Done():
				return
			case <-time.After(10 * m.cfg.Poll):
			}
			continue
		}
		st := m.Stats()
		m.log.Info("in-memory search index loaded", "titles", st.Titles, "entries", st.Entries, "terms", st.Terms,
			"took", time.Since(start).Round(time.Millisecond))
	}
	poll := time.NewTicker(m.cfg.Poll)
	defer poll.Stop()
	for {
		if err := m.Follow(ctx); err != nil && ctx.Err() == nil {
			m.log.Warn("in-memory search index: following changes failed; retrying", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-poll.C:
		case <-m.wake:
		}
	}
}

// Load reads and analyzes the whole catalogue into a new copy, which
// replaces the current one; changes logged since it began are followed
// next. Reading a batch overlaps with analyzing the last one, on every
// core.
func (m *MemoryIndex) Load(ctx context.Context) error {
	m.followMu.Lock()
	defer m.followMu.Unlock()
	from, err := m.Store.SearchMaxSeq(ctx)
	if err != nil {
		return err
	}
	ix := newMemIndex()
	err = loadAnalyzed(ctx, m.Store, m.cfg.Batch, func(srcs []Source, keys []Keys) {
		for i, s := range srcs {
			ix.put(s, keys[i])
		}
	})
	if err != nil {
		return err
	}
	ix.trim()
	ix.vocab.finish()
	m.follower.restart(from)
	m.state.Store(ix)
	m.publish()
	return nil
}

// loadAnalyzed reads every title in id order, batch at a time, analyzes
// them on every core and hands each batch to add in order. Rebuild keeps a
// pipeline of its own, analyzing on one goroutine: there the writer needs
// the other core (at 100,000 titles on SQLite, 6,539–6,747 titles/s
// through this one against 7,700–8,330).
func loadAnalyzed(ctx context.Context, store Store, batch int, add func([]Source, []Keys)) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type job struct {
		srcs []Source
		keys []Keys
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
			srcs, err := store.SearchSource(ctx, nil, after, batch)
			if err != nil || len(srcs) == 0 {
				readErr = err
				return
			}
			after = srcs[len(srcs)-1].ID
			j := &job{srcs: srcs, keys: make([]Keys, len(srcs)), done: make(chan struct{})}
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
					j.keys[i] = DocKeys(s.Texts...)
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
	m.followMu.Lock()
	defer m.followMu.Unlock()
	ix := m.state.Load()
	if ix == nil {
		return nil
	}
	err := m.follower.follow(ctx, func(ctx context.Context, changes []Change) error {
		srcs, gone, err := changedSources(ctx, m.Store, changes)
		if err != nil || len(srcs)+len(gone) == 0 {
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
	if err != nil {
		return err
	}
	m.publish()
	if ix.needsCompact() {
		ix.mu.Lock()
		ix.compact()
		ix.mu.Unlock()
	}
	return nil
}

// publish makes what the follower has applied known to searches; only
// after the copy holds it.
func (m *MemoryIndex) publish() {
	m.followed.Store(&followPoint{high: m.follower.high, gaps: m.follower.gapSeqs()})
}

// maxGapCheck bounds the gaps a search checks; with more, it goes to the
// database.
const maxGapCheck = 200

// current returns the copy when it holds every change committed so far.
// Otherwise (not loaded, or behind the change log) it returns nil and the
// search goes to the database, and the follower is woken.
func (m *MemoryIndex) current(ctx context.Context) *memIndex {
	ix, at := m.state.Load(), m.followed.Load()
	if ix == nil || at == nil || len(at.gaps) > maxGapCheck {
		return m.fallBack()
	}
	newer, err := m.Store.SearchChanges(ctx, at.high, nil, 1)
	if err == nil && len(newer) == 0 && len(at.gaps) > 0 {
		newer, err = m.Store.SearchChanges(ctx, 0, at.gaps, 1)
	}
	if err != nil || len(newer) > 0 {
		return m.fallBack()
	}
	return ix
}

// locked read-locks a current copy, or returns nil (and the search goes to
// the database) while the follower is writing it: searches never wait.
func (m *MemoryIndex) locked(ix *memIndex) *memIndex {
	if ix == nil {
		return nil // current fell back already
	}
	if !ix.mu.TryRLock() {
		return m.fallBack()
	}
	m.answered.Add(1)
	return ix
}

func (m *MemoryIndex) fallBack() *memIndex {
	m.deferred.Add(1)
	select {
	case m.wake <- struct{}{}:
	default:
	}
	return nil
}

// readFor returns the copy, read-locked, with the viewer's partners when the
// copy holds titles only partners may read; or nil when the database must
// answer. Partnerships are not in the change log, so they are read at
// every search: once the copy is known to be current, before it is locked.
func (m *MemoryIndex) readFor(ctx context.Context, viewer string) (*memIndex, []string, error) {
	ix := m.current(ctx)
	var partners []string
	if ix != nil && m.partners != nil && ix.partners.Load() > 0 {
		var err error
		if partners, err = m.partners.OrgPartners(ctx, viewer); err != nil {
			return nil, nil, err
		}
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

// MemoryStats describe the copy and how searches were answered.
type MemoryStats struct {
	Loaded   bool
	Titles   int   // live titles
	Entries  int   // posting entries, those of replaced titles included
	Keys     int   // distinct keys
	Terms    int   // vocabulary terms
	Answered int64 // look-ups answered from memory
	Deferred int64 // look-ups passed to the database
}

// Stats reports on the copy.
func (m *MemoryIndex) Stats() MemoryStats {
	st := MemoryStats{Answered: m.answered.Load(), Deferred: m.deferred.Load()}
	ix := m.state.Load()
	if ix == nil {
		return st
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	st.Loaded, st.Titles, st.Entries, st.Keys, st.Terms = true, len(ix.docs)-ix.dead, ix.entries, len(ix.postings), ix.vocab.size()
	return st
}

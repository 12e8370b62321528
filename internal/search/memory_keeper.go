package search

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// memoryKeeper keeps an in-memory copy current with its change log, for
// the title index (MemoryIndex) and the people index (MemoryPeople): it
// runs the loading and following, and tells each look-up whether the copy
// may answer it.
type memoryKeeper struct {
	what     string // "titles" or "people", for the logs
	read     changeReader
	cfg      MemoryConfig
	log      *slog.Logger
	followed atomic.Pointer[followPoint]
	wake     chan struct{}

	followMu sync.Mutex // one loader or follower at a time
	follower *changeFollower

	answered, deferred atomic.Int64
}

// MemoryConfig tunes a MemoryIndex or MemoryPeople; zero values mean the
// defaults.
type MemoryConfig struct {
	Poll       time.Duration // how often the change log is read (default 200ms)
	GapTimeout time.Duration // how long a missing seq is waited for (default 10m)
	Batch      int           // records read per statement (default 2000)
	Logger     *slog.Logger
	// Loaded, when set, is called each time the copy has loaded, with its
	// size (the process may then settle its heap).
	Loaded func(MemoryStats)
}

// followPoint is how far the copy has followed the change log: every
// change up to high but the gaps.
type followPoint struct {
	high int64
	gaps []int64
}

func newMemoryKeeper(what string, read changeReader, cfg MemoryConfig) *memoryKeeper {
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
	return &memoryKeeper{what: what, read: read, cfg: cfg, log: log, wake: make(chan struct{}, 1),
		follower: newChangeFollower(read, cfg.Batch, cfg.GapTimeout)}
}

// run loads the copy (retrying until it loads) and then follows the change
// log until ctx ends.
func (k *memoryKeeper) run(ctx context.Context, load, follow func(context.Context) error, stats func() MemoryStats) {
	for {
		start := time.Now()
		err := load(ctx)
		if err == nil {
			st := stats()
			k.log.Info("in-memory search index loaded", "of", k.what, "records", st.Live, "entries", st.Entries,
				"keys", st.Keys, "took", time.Since(start).Round(time.Millisecond))
			if k.cfg.Loaded != nil {
				k.cfg.Loaded(st)
			}
			break
		}
		if ctx.Err() != nil {
			return
		}
		k.log.Error("in-memory search index not loaded; retrying", "of", k.what, "err", err)
		select {
		case <-ctx.Done():
			return
		case <-time.After(10 * k.cfg.Poll):
		}
	}
	poll := time.NewTicker(k.cfg.Poll)
	defer poll.Stop()
	for {
		if err := follow(ctx); err != nil && ctx.Err() == nil {
			k.log.Warn("in-memory search index: following changes failed; retrying", "of", k.what, "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-poll.C:
		case <-k.wake:
		}
	}
}

// viewerPartners reads the viewer's partners for a copy's visibility rule
// when the copy holds records only partners may read (shared of them).
// Partnerships are not in the change logs, so they are read at every
// look-up: once the copy is known current, before it is locked.
func viewerPartners(ctx context.Context, pl PartnerLister, shared int64, viewer string) ([]string, error) {
	if pl == nil || shared == 0 {
		return nil, nil
	}
	return pl.OrgPartners(ctx, viewer)
}

// memCopy is a copy a keeper keeps: memIndex or memPeople.
type memCopy interface {
	rw() *sync.RWMutex
	needsCompact() bool
	compact()
	// sizes fills in what st says of the copy's size (under its read lock).
	sizes(st *MemoryStats)
}

// copyStats reports on the copy in state: how the keeper's look-ups were
// answered and, once the copy has loaded, its size.
func copyStats[T any, C interface {
	*T
	memCopy
}](k *memoryKeeper, state *atomic.Pointer[T]) MemoryStats {
	st := k.stats()
	ix := C(state.Load())
	if ix == nil {
		return st
	}
	ix.rw().RLock()
	defer ix.rw().RUnlock()
	st.Loaded = true
	ix.sizes(&st)
	return st
}

// loadCopy replaces the copy in state with one build makes, under the
// follower's lock: changes logged from the moment it began are followed
// next, and look-ups learn of it only once it is in place.
func loadCopy[T any](ctx context.Context, k *memoryKeeper, state *atomic.Pointer[T],
	maxSeq func(context.Context) (int64, error), build func(context.Context) (*T, error)) error {
	k.followMu.Lock()
	defer k.followMu.Unlock()
	from, err := maxSeq(ctx)
	if err != nil {
		return err
	}
	ix, err := build(ctx)
	if err != nil {
		return err
	}
	k.follower.restart(from)
	state.Store(ix)
	k.publish()
	return nil
}

// followCopy applies every change logged since the last call to the copy
// in state (none until it has loaded), makes them known to look-ups, and
// compacts the copy when it asks to, meanwhile look-ups go to the database.
func followCopy[T any, C interface {
	*T
	memCopy
}](ctx context.Context, k *memoryKeeper, state *atomic.Pointer[T], apply func(context.Context, C, []Change) error) error {
	k.followMu.Lock()
	defer k.followMu.Unlock()
	ix := C(state.Load())
	if ix == nil {
		return nil
	}
	err := k.follower.follow(ctx, func(ctx context.Context, changes []Change) error { return apply(ctx, ix, changes) })
	if err != nil {
		return err
	}
	k.publish()
	if ix.needsCompact() {
		ix.rw().Lock()
		ix.compact()
		ix.rw().Unlock()
	}
	return nil
}

// publish makes what the follower has applied known to look-ups; only
// after the copy holds it.
func (k *memoryKeeper) publish() {
	k.followed.Store(&followPoint{high: k.follower.high, gaps: k.follower.gapSeqs()})
}

// maxGapCheck bounds the gaps a look-up checks; with more, it goes to the
// database.
const maxGapCheck = 200

// current reports whether a loaded copy holds every change committed so
// far: one indexed read of the change log (two with gaps). Otherwise the
// look-up goes to the database and the follower is woken.
func (k *memoryKeeper) current(ctx context.Context, loaded bool) bool {
	at := k.followed.Load()
	if !loaded || at == nil || len(at.gaps) > maxGapCheck {
		return k.fallBack()
	}
	newer, err := k.read(ctx, at.high, nil, 1)
	if err == nil && len(newer) == 0 && len(at.gaps) > 0 {
		newer, err = k.read(ctx, 0, at.gaps, 1)
	}
	if err != nil || len(newer) > 0 {
		return k.fallBack()
	}
	return true
}

// tryRead read-locks a current copy's mu, or reports false (and the
// look-up goes to the database) while the follower is writing it:
// look-ups never wait.
func (k *memoryKeeper) tryRead(mu *sync.RWMutex) bool {
	if !mu.TryRLock() {
		return k.fallBack()
	}
	k.answered.Add(1)
	return true
}

func (k *memoryKeeper) fallBack() bool {
	k.deferred.Add(1)
	select {
	case k.wake <- struct{}{}:
	default:
	}
	return false
}

// MemoryStats describe a copy and how look-ups were answered.
type MemoryStats struct {
	Loaded   bool
	Live     int   // live titles, or people
	Entries  int   // posting entries, those of replaced records included
	Keys     int   // distinct keys
	Terms    int   // vocabulary terms (titles only)
	Answered int64 // look-ups answered from memory
	Deferred int64 // look-ups passed to the database
}

func (k *memoryKeeper) stats() MemoryStats {
	return MemoryStats{Answered: k.answered.Load(), Deferred: k.deferred.Load()}
}

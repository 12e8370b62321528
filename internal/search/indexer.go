package search

import (
	"context"
	"fmt"
	"log/slog"
	"time"
)

// IndexerConfig tunes an Indexer; zero values mean the defaults.
type IndexerConfig struct {
	Poll       time.Duration // how often the change log is read (default 200ms)
	Check      time.Duration // how often the index is checked for damage (default 30s)
	GapTimeout time.Duration // how long a missing seq is waited for (default 10m)
	Batch      int           // titles per index transaction (default 200)
	Logger     *slog.Logger
}

// Indexer keeps the search index in step with the catalogue. Every server
// process runs one: it follows the change log in the database
// (changeFollower), so changes made by any process are indexed, and it
// rebuilds an index that is missing, damaged or built by another analyzer
// version.
type Indexer struct {
	store Store
	cfg   IndexerConfig
	log   *slog.Logger

	follower *changeFollower
	saved    int64 // watermark last recorded in the store
	rebuild  chan struct{}
}

// NewIndexer returns an indexer over store.
func NewIndexer(store Store, cfg IndexerConfig) *Indexer {
	if cfg.Poll <= 0 {
		cfg.Poll = 200 * time.Millisecond
	}
	if cfg.Check <= 0 {
		cfg.Check = 30 * time.Second
	}
	if cfg.GapTimeout <= 0 {
		cfg.GapTimeout = 10 * time.Minute
	}
	if cfg.Batch <= 0 {
		cfg.Batch = 200
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Indexer{store: store, cfg: cfg, log: log, follower: newChangeFollower(store.SearchChanges, cfg.Batch, cfg.GapTimeout), rebuild: make(chan struct{}, 1)}
}

// RequestCheck asks the running indexer to check the index soon (a search
// failed in a way that suggests damage).
func (ix *Indexer) RequestCheck(error) {
	select {
	case ix.rebuild <- struct{}{}:
	default:
	}
}

// Run indexes until ctx ends. Errors are logged and retried; they never stop
// the server.
func (ix *Indexer) Run(ctx context.Context) {
	ready := false
	poll := time.NewTicker(ix.cfg.Poll)
	defer poll.Stop()
	check := time.NewTicker(ix.cfg.Check)
	defer check.Stop()
	for {
		if !ready {
			if err := ix.start(ctx); err != nil {
				if ctx.Err() != nil {
					return
				}
				ix.log.Error("search index unavailable; retrying", "err", err)
			} else {
				ready = true
			}
		} else if err := ix.Follow(ctx); err != nil && ctx.Err() == nil {
			ix.log.Warn("search indexing failed; retrying", "err", err)
			ready = false // re-check the index before going on
		}
		select {
		case <-ctx.Done():
			return
		case <-poll.C:
		case <-check.C:
			ready = false
		case <-ix.rebuild:
			ready = false
		}
	}
}

// Sync brings the index up to date once: it checks (and if need be rebuilds)
// the index, then indexes every change logged since the last call. Commands
// and tests use it; servers call Run.
func (ix *Indexer) Sync(ctx context.Context) error {
	if err := ix.start(ctx); err != nil {
		return err
	}
	return ix.Follow(ctx)
}

// start checks the index, rebuilds it when needed and resumes following
// from its watermark.
func (ix *Indexer) start(ctx context.Context) error {
	st, err := ix.store.SearchIndexStatus(ctx)
	rebuilt := false
	if err != nil || st.Analyzer != AnalyzerVersion {
		rebuilt = true
		if err != nil {
			ix.log.Warn("search index missing or damaged; rebuilding", "err", err)
		} else if st.Analyzer != "" {
			ix.log.Info("search analyzer changed; rebuilding index", "from", st.Analyzer, "to", AnalyzerVersion)
		}
		n, err := Rebuild(ctx, ix.store, 0)
		if err != nil {
			return err
		}
		ix.log.Info("search index rebuilt", "titles", n)
		if st, err = ix.store.SearchIndexStatus(ctx); err != nil {
			return err
		}
	}
	// After a rebuild, changes since it began are replayed; a fresh process
	// starts where the index says it stands.
	if rebuilt || ix.follower.high == 0 {
		ix.follower.restart(st.Watermark)
		ix.saved = st.Watermark
	}
	return nil
}

// RebuildBatch is the number of titles per transaction in a rebuild: large
// enough that per-statement costs vanish, small enough that a transaction
// lasts well under a second.
const RebuildBatch = 2000

// Rebuild recreates the index from the catalogue and returns how many titles
// it indexed (batch titles per transaction; 0 means RebuildBatch). Catalogue writes go on meanwhile: changes committed after the
// rebuild started are picked up by the indexers that follow the log.
//
// Reading and analyzing the next batch overlaps with writing the current
// one, so the analyzer (Go) and the database work on two cores.
func Rebuild(ctx context.Context, store Store, batch int) (int, error) {
	if batch <= 0 {
		batch = RebuildBatch
	}
	from, err := store.SearchMaxSeq(ctx)
	if err != nil {
		return 0, err
	}
	if err := store.SearchIndexReset(ctx); err != nil {
		return 0, fmt.Errorf("reset search index: %w", err)
	}
	type analyzed struct {
		docs []Doc
		err  error
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	next := make(chan analyzed, 1)
	go func() {
		defer close(next)
		after := ""
		for {
			srcs, err := store.SearchSource(ctx, nil, after, batch)
			if err != nil || len(srcs) == 0 {
				if err != nil {
					next <- analyzed{err: err}
				}
				return
			}
			after = srcs[len(srcs)-1].ID
			select {
			case next <- analyzed{docs: docsOf(srcs)}:
			case <-ctx.Done():
				return
			}
		}
	}()
	n := 0
	vocab := newRebuildVocabulary()
	for a := range next {
		if a.err != nil {
			return n, a.err
		}
		vocab.holdBack(a.docs)
		if err := store.SearchIndexWrite(ctx, a.docs, nil); err != nil {
			return n, err
		}
		n += len(a.docs)
	}
	if err := ctx.Err(); err != nil {
		return n, err
	}
	if err := store.SearchVocabularyAdd(ctx, vocab.held); err != nil {
		return n, fmt.Errorf("write search vocabulary: %w", err)
	}
	if err := store.SearchIndexComplete(ctx); err != nil {
		return n, fmt.Errorf("complete search index: %w", err)
	}
	return n, store.SearchIndexSetState(ctx, IndexStatus{Analyzer: AnalyzerVersion, Watermark: from})
}

// Follow indexes every change logged since the last call.
func (ix *Indexer) Follow(ctx context.Context) error {
	if err := ix.follower.follow(ctx, ix.apply); err != nil {
		return err
	}
	if watermark := ix.follower.watermark(); watermark > ix.saved {
		if err := ix.store.SearchIndexSetState(ctx, IndexStatus{Analyzer: AnalyzerVersion, Watermark: watermark}); err != nil {
			return err
		}
		ix.saved = watermark
	}
	return nil
}

// apply re-indexes the titles named by changes from their current state.
func (ix *Indexer) apply(ctx context.Context, changes []Change) error {
	srcs, gone, err := changedSources(ctx, ix.store, changes)
	if err != nil || len(srcs)+len(gone) == 0 {
		return err
	}
	return ix.store.SearchIndexWrite(ctx, docsOf(srcs), gone)
}

// changedSources reads the current state of the titles named by changes:
// the sources of those that exist, and the ids of those that are gone.
func changedSources(ctx context.Context, store Store, changes []Change) ([]Source, []string, error) {
	if len(changes) == 0 {
		return nil, nil, nil
	}
	ids := changedIDs(changes)
	srcs, err := store.SearchSource(ctx, ids, "", 0)
	if err != nil {
		return nil, nil, err
	}
	present := map[string]bool{}
	for _, s := range srcs {
		present[s.ID] = true
	}
	var gone []string
	for _, id := range ids {
		if !present[id] {
			gone = append(gone, id)
		}
	}
	return srcs, gone, nil
}

func docsOf(srcs []Source) []Doc {
	docs := make([]Doc, len(srcs))
	for i, s := range srcs {
		docs[i] = Doc{TitleID: s.ID, Version: s.Version, Keys: DocKeys(s.Texts...), Facets: s.Facets}
	}
	return docs
}

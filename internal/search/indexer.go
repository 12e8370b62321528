package search

import (
	"context"
	"fmt"
	"log/slog"
	"sort"
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
// process runs one: it follows the change log in the database, so changes
// made by any process are indexed, and it rebuilds an index that is missing,
// damaged or built by another analyzer version.
//
// On PostgreSQL, change seqs are allocated when a transaction inserts them
// but become visible when it commits, so a later seq can be visible before
// an earlier one. The indexer therefore remembers seqs it skipped over
// ("gaps") and looks for them again until they appear or GapTimeout passes
// (a rolled-back transaction leaves a gap forever).
type Indexer struct {
	store Store
	cfg   IndexerConfig
	log   *slog.Logger

	high    int64               // highest seq handled
	gaps    map[int64]time.Time // seqs below high not yet seen, with when they were first missed
	saved   int64               // watermark last recorded in the store
	rebuild chan struct{}
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
	return &Indexer{store: store, cfg: cfg, log: log, gaps: map[int64]time.Time{}, rebuild: make(chan struct{}, 1)}
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
	if rebuilt || ix.high == 0 {
		ix.high, ix.saved = st.Watermark, st.Watermark
		clear(ix.gaps)
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
		added := vocab.onlyNew(a.docs)
		if err := store.SearchIndexWrite(ctx, a.docs, nil); err != nil {
			return n, err
		}
		vocab.remember(added)
		n += len(a.docs)
	}
	if err := ctx.Err(); err != nil {
		return n, err
	}
	if err := store.SearchIndexComplete(ctx); err != nil {
		return n, fmt.Errorf("complete search index: %w", err)
	}
	return n, store.SearchIndexSetState(ctx, IndexStatus{Analyzer: AnalyzerVersion, Watermark: from})
}

// Follow indexes every change logged since the last call.
func (ix *Indexer) Follow(ctx context.Context) error {
	for {
		changes, err := ix.store.SearchChanges(ctx, ix.high, nil, ix.cfg.Batch)
		if err != nil {
			return err
		}
		if err := ix.apply(ctx, changes); err != nil {
			return err
		}
		now := time.Now()
		for _, c := range changes {
			for s := ix.high + 1; s < c.Seq; s++ {
				ix.gaps[s] = now
			}
			delete(ix.gaps, c.Seq)
			ix.high = max(ix.high, c.Seq)
		}
		if len(changes) < ix.cfg.Batch {
			break
		}
	}
	if err := ix.fillGaps(ctx); err != nil {
		return err
	}
	watermark := ix.high
	for s := range ix.gaps {
		watermark = min(watermark, s-1)
	}
	if watermark > ix.saved {
		if err := ix.store.SearchIndexSetState(ctx, IndexStatus{Analyzer: AnalyzerVersion, Watermark: watermark}); err != nil {
			return err
		}
		ix.saved = watermark
	}
	return nil
}

// maxGaps bounds the remembered gaps; the oldest are given up first.
const maxGaps = 10000

func (ix *Indexer) fillGaps(ctx context.Context) error {
	if len(ix.gaps) == 0 {
		return nil
	}
	seqs := make([]int64, 0, len(ix.gaps))
	for s, since := range ix.gaps {
		if time.Since(since) > ix.cfg.GapTimeout {
			delete(ix.gaps, s)
			continue
		}
		seqs = append(seqs, s)
	}
	sort.Slice(seqs, func(i, j int) bool { return seqs[i] < seqs[j] })
	for len(seqs) > maxGaps {
		delete(ix.gaps, seqs[0])
		seqs = seqs[1:]
	}
	for len(seqs) > 0 {
		chunk := seqs[:min(len(seqs), ix.cfg.Batch)]
		seqs = seqs[len(chunk):]
		changes, err := ix.store.SearchChanges(ctx, 0, chunk, len(chunk))
		if err != nil {
			return err
		}
		if err := ix.apply(ctx, changes); err != nil {
			return err
		}
		for _, c := range changes {
			delete(ix.gaps, c.Seq)
		}
	}
	return nil
}

// apply re-indexes the titles named by changes from their current state.
func (ix *Indexer) apply(ctx context.Context, changes []Change) error {
	if len(changes) == 0 {
		return nil
	}
	seen := map[string]bool{}
	var ids []string
	for _, c := range changes {
		if !seen[c.TitleID] {
			seen[c.TitleID] = true
			ids = append(ids, c.TitleID)
		}
	}
	srcs, err := ix.store.SearchSource(ctx, ids, "", 0)
	if err != nil {
		return err
	}
	var gone []string
	present := map[string]bool{}
	for _, s := range srcs {
		present[s.ID] = true
	}
	for _, id := range ids {
		if !present[id] {
			gone = append(gone, id)
		}
	}
	return ix.store.SearchIndexWrite(ctx, docsOf(srcs), gone)
}

func docsOf(srcs []Source) []Doc {
	docs := make([]Doc, len(srcs))
	for i, s := range srcs {
		docs[i] = Doc{TitleID: s.ID, Version: s.Version, Keys: DocKeys(s.Texts...), Facets: s.Facets}
	}
	return docs
}

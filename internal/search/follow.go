package search

import (
	"context"
	"sort"
	"time"
)

// changeFollower reads a change log in seq order for whoever keeps a copy
// built from it: the catalogue's for the stored index (Indexer) and the
// in-memory one (MemoryIndex), the people's for MemoryPeople.
//
// On PostgreSQL, change seqs are allocated when a transaction inserts them
// but become visible when it commits, so a later seq can be visible before
// an earlier one. The follower therefore remembers seqs it skipped over
// ("gaps") and looks for them again until they appear or gapTimeout passes
// (a rolled-back transaction leaves a gap forever).
type changeFollower struct {
	read       changeReader
	batch      int
	gapTimeout time.Duration

	high int64               // highest seq handled
	gaps map[int64]time.Time // seqs below high not yet seen, with when they were first missed
}

// changeReader reads a change log: the changes with seq > after (up to
// limit, in seq order), or those with the given seqs when seqs is not empty
// (Store.SearchChanges, PeopleSourceStore.PeopleChanges).
type changeReader func(ctx context.Context, after int64, seqs []int64, limit int) ([]Change, error)

func newChangeFollower(read changeReader, batch int, gapTimeout time.Duration) *changeFollower {
	return &changeFollower{read: read, batch: batch, gapTimeout: gapTimeout, gaps: map[int64]time.Time{}}
}

// restart forgets the gaps and goes on after seq high.
func (f *changeFollower) restart(high int64) {
	f.high = high
	clear(f.gaps)
}

// follow hands every change logged since the last call to apply, in
// batches, then looks for the gaps again.
func (f *changeFollower) follow(ctx context.Context, apply func(context.Context, []Change) error) error {
	for {
		changes, err := f.read(ctx, f.high, nil, f.batch)
		if err != nil {
			return err
		}
		if err := apply(ctx, changes); err != nil {
			return err
		}
		now := time.Now()
		for _, c := range changes {
			for s := f.high + 1; s < c.Seq; s++ {
				f.gaps[s] = now
			}
			delete(f.gaps, c.Seq)
			f.high = max(f.high, c.Seq)
		}
		if len(changes) < f.batch {
			break
		}
	}
	return f.fillGaps(ctx, apply)
}

// watermark is the highest seq below which every change has been handled.
func (f *changeFollower) watermark() int64 {
	w := f.high
	for s := range f.gaps {
		w = min(w, s-1)
	}
	return w
}

// gapSeqs returns the gaps, oldest seq first.
func (f *changeFollower) gapSeqs() []int64 {
	seqs := make([]int64, 0, len(f.gaps))
	for s := range f.gaps {
		seqs = append(seqs, s)
	}
	sort.Slice(seqs, func(i, j int) bool { return seqs[i] < seqs[j] })
	return seqs
}

// maxGaps bounds the remembered gaps; the oldest are given up first.
const maxGaps = 10000

func (f *changeFollower) fillGaps(ctx context.Context, apply func(context.Context, []Change) error) error {
	if len(f.gaps) == 0 {
		return nil
	}
	for s, since := range f.gaps {
		if time.Since(since) > f.gapTimeout {
			delete(f.gaps, s)
		}
	}
	seqs := f.gapSeqs()
	for len(seqs) > maxGaps {
		delete(f.gaps, seqs[0])
		seqs = seqs[1:]
	}
	for len(seqs) > 0 {
		chunk := seqs[:min(len(seqs), f.batch)]
		seqs = seqs[len(chunk):]
		changes, err := f.read(ctx, 0, chunk, len(chunk))
		if err != nil {
			return err
		}
		if err := apply(ctx, changes); err != nil {
			return err
		}
		for _, c := range changes {
			delete(f.gaps, c.Seq)
		}
	}
	return nil
}

// changedIDs returns the distinct records of changes, in order.
func changedIDs(changes []Change) []string {
	seen := map[string]bool{}
	var ids []string
	for _, c := range changes {
		if !seen[c.ID] {
			seen[c.ID] = true
			ids = append(ids, c.ID)
		}
	}
	return ids
}
